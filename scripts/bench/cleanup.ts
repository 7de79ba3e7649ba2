/**
 * What the bench must undo however it ends (a failure, an error, Ctrl-C): stop
 * the server, close the proxy and the SMTP sink, drop the database. Tasks run
 * newest first, so the server stops before the database it uses is dropped.
 */
const tasks: { label: string; run: () => Promise<void> }[] = [];
let running: Promise<void> | undefined;
let interrupted = false;

/** After Ctrl-C, requests fail because the server is stopping: that is no failure to report. */
export function wasInterrupted(): boolean {
  return interrupted;
}

export function onCleanup(label: string, run: () => Promise<void>): void {
  tasks.push({ label, run });
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    for (let task = tasks.pop(); task; task = tasks.pop()) {
      try {
        await task.run();
      } catch (error) {
        console.error(`Cleanup (${task.label}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return running;
}

export function cleanUpOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.exitCode = 130;
      console.error(`\n${signal}: stopping the server and dropping the bench database...`);
      void runCleanup().finally(() => process.exit(130));
    });
  }
}
