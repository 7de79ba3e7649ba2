/**
 * Turns the rounds' raw measurements into the printed table: for each figure
 * the median over the rounds and their spread (min–max), so a reader sees at
 * once whether the machine was steady.
 */
import type { StatementCounts } from "@/scripts/bench/sql-counter";

/** One phase in one round: only successful operations ever get here. */
export type PhaseMeasurement = {
  ops: number;
  elapsedMs: number;
  /** The server's CPU (argon2id alone: its own process's). */
  cpuMs: number;
  /** Every PostgreSQL process's CPU; undefined where no SQL can happen (argon2 alone). */
  postgresCpuMs: number | undefined;
  /** The bench process's own CPU: the client side of the requests. */
  clientCpuMs: number | undefined;
  /** Undefined where no SQL can happen (argon2 alone). */
  statements: StatementCounts | undefined;
  /** Which of the SQL proxy's notices (BENCH_PLANS=1) came from the measured requests. */
  notices: { from: number; to: number } | undefined;
  latenciesMs: number[];
};

export type PhaseSummary = {
  label: string;
  rounds: PhaseMeasurement[];
  /** From the counting pass (through the SQL proxy), not from the measured rounds. */
  statements?: StatementCounts & { ops: number };
};

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: the smallest value with at least `fraction` of the samples at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** "23.4 (22.9–24.1)"; a single round has no spread to show. */
function medianAndSpread(values: number[], unit = ""): string {
  if (values.length === 0) return "–";
  const center = `${formatNumber(median(values))}${unit}`;
  if (values.length === 1) return center;
  return `${center} (${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}${unit})`;
}

export const figures = {
  perSecond: (m: PhaseMeasurement) => m.ops / (m.elapsedMs / 1000),
  cpuPerOp: (m: PhaseMeasurement) => m.cpuMs / m.ops,
  postgresCpuPerOp: (m: PhaseMeasurement) => (m.postgresCpuMs === undefined ? Number.NaN : m.postgresCpuMs / m.ops),
  clientCpuPerOp: (m: PhaseMeasurement) => (m.clientCpuMs === undefined ? Number.NaN : m.clientCpuMs / m.ops),
  p50: (m: PhaseMeasurement) => percentile([...m.latenciesMs].sort((a, b) => a - b), 0.5),
  p99: (m: PhaseMeasurement) => percentile([...m.latenciesMs].sort((a, b) => a - b), 0.99),
};

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function phaseTable(phases: PhaseSummary[]): string {
  const lines = [
    row([
      "operation (concurrency)",
      "per second",
      "server CPU ms/op",
      "PostgreSQL CPU ms/op",
      "SQL statements/op",
      "p50 ms",
      "p99 ms",
      "ops",
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ];
  for (const phase of phases) {
    const of = (figure: (m: PhaseMeasurement) => number) => phase.rounds.map(figure);
    const hasPostgres = phase.rounds.some((m) => m.postgresCpuMs !== undefined);
    lines.push(
      row([
        phase.label,
        medianAndSpread(of(figures.perSecond)),
        medianAndSpread(of(figures.cpuPerOp)),
        hasPostgres ? medianAndSpread(of(figures.postgresCpuPerOp)) : "–",
        phase.statements ? formatNumber(phase.statements.total / phase.statements.ops) : "–",
        medianAndSpread(of(figures.p50)),
        medianAndSpread(of(figures.p99)),
        phase.rounds.map((m) => m.ops).join(" + "),
      ]),
    );
  }
  return lines.join("\n");
}

/** The sign-in against argon2 alone, round by round (both ran in the same round, minutes apart at most). */
export function signInAgainstArgon2(argon2: PhaseMeasurement[], signIn: PhaseMeasurement[]): string {
  const ratio = signIn.map((m, index) => (100 * figures.perSecond(m)) / figures.perSecond(argon2[index]!));
  const overhead = signIn.map((m, index) => figures.cpuPerOp(m) - figures.cpuPerOp(argon2[index]!));
  // What the two cores spend per sign-in beside the argon2id check, wherever it runs.
  const machine = signIn.map(
    (m, index) => figures.cpuPerOp(m) + figures.postgresCpuPerOp(m) + figures.clientCpuPerOp(m) - figures.cpuPerOp(argon2[index]!),
  );
  return [
    row(["password sign-in against argon2id alone", "median (min–max)"]),
    row(["---", "---:"]),
    row(["sign-ins per second, in % of argon2id verifies per second", medianAndSpread(ratio, " %")]),
    row(["server CPU ms per sign-in beyond one argon2id verify (overhead)", medianAndSpread(overhead)]),
    row(["PostgreSQL CPU ms per sign-in", medianAndSpread(signIn.map(figures.postgresCpuPerOp))]),
    row(["the bench's own CPU ms per sign-in (the client side)", medianAndSpread(signIn.map(figures.clientCpuPerOp))]),
    row(["CPU ms per sign-in on the whole machine beyond one argon2id verify", medianAndSpread(machine)]),
  ].join("\n");
}

/** What the Security and access page costs beyond rendering any page of the app, round by round. */
export function renderAgainstPlainPage(render: PhaseMeasurement[], plainPage: PhaseMeasurement[]): string {
  const beyond = render.map((m, index) => figures.cpuPerOp(m) - figures.cpuPerOp(plainPage[index]!));
  const ratio = render.map((m, index) => figures.cpuPerOp(m) / figures.cpuPerOp(plainPage[index]!));
  return [
    row(["Security and access render against the plain page", "median (min–max)"]),
    row(["---", "---:"]),
    row(["server CPU ms per render beyond the plain page's", medianAndSpread(beyond)]),
    row(["server CPU per render, times the plain page's", medianAndSpread(ratio, "×")]),
  ].join("\n");
}

/** Statements per operation by kind, from the counting pass: "SELECT 6, INSERT 3, ...". */
export function statementBreakdown(phases: PhaseSummary[]): string {
  const lines: string[] = [];
  for (const { label, statements } of phases) {
    if (!statements || statements.ops === 0) continue;
    const kinds = Object.entries(statements.byKind).sort(([, a], [, b]) => b - a);
    const parts = kinds.map(([kind, count]) => `${kind} ${formatNumber(count / statements.ops)}`);
    lines.push(`- ${label} over ${statements.ops} operations: ${parts.length > 0 ? parts.join(", ") : "none"}`);
  }
  return lines.join("\n");
}
