/**
 * The port `npm run dev` serves on, read as `next dev` reads it: `-p N`,
 * `--port N` or `--port=N` among the arguments, else PORT, else 3000.
 */
export const DEFAULT_DEV_PORT = 3000;

export function devPort(args: readonly string[], env: Record<string, string | undefined>): number {
  let asked: string | undefined;
  args.forEach((arg, index) => {
    if (arg === "-p" || arg === "--port") asked = args[index + 1];
    else if (arg.startsWith("--port=")) asked = arg.slice("--port=".length);
  });
  asked ??= env.PORT;
  if (asked === undefined || asked === "") return DEFAULT_DEV_PORT;
  const port = Number(asked);
  if (!/^\d+$/.test(asked) || port < 1 || port > 65535) throw new Error(`Not a port: ${asked}. Use a number from 1 to 65535.`);
  return port;
}

/** Where mails link to in development: APP_URL when it is set, else this server's own address. */
export function devAppUrl(port: number, env: Record<string, string | undefined>): string {
  return env.APP_URL || `http://localhost:${port}`;
}

/** The address `npm run dev -- -H 0.0.0.0` (or `--hostname`) asks to listen on, if any. */
export function devHostname(args: readonly string[]): string | undefined {
  let asked: string | undefined;
  args.forEach((arg, index) => {
    if (arg === "-H" || arg === "--hostname") asked = args[index + 1];
    else if (arg.startsWith("--hostname=")) asked = arg.slice("--hostname=".length);
  });
  return asked;
}
