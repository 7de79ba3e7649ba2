import { vi } from "vitest";

export type RecordedConsole = {
  /** How many things were written, across every level. */
  count(): number;
  /** Everything written, as text, one argument a line. */
  text(): string;
  /** Puts the console back. */
  restore(): void;
};

/** A console that records everything written to it (and prints none of it), to show that no secret is ever logged. */
export function recordConsole(): RecordedConsole {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => {}),
  );
  const written = () => spies.flatMap((spy) => spy.mock.calls.flat());
  return {
    count: () => written().length,
    text: () => written().map(String).join("\n"),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
