/**
 * npm run bench — how fast the production build signs people in, next to what
 * argon2id alone allows, and what the Security and access page costs next to a
 * bare route. See the README's "Benchmark" section for what each column means.
 *
 *   BENCH_USERS   users seeded, half with an authentication app (2,000)
 *   BENCH_EVENTS  security events seeded (1,000)
 *   BENCH_SMOKE=1 one round of a handful of requests: does the bench still run?
 *   BENCH_PORT    the app's port (3300); the SQL proxy and SMTP sink take the next two
 *   BENCH_PROFILE=<dir>  the server writes a V8 CPU profile there when it stops (node --cpu-prof)
 *   BENCH_PHASES=signIn,totp  only these phases (keys: argon2, signIn, totp, securityPage, plainPage, trivialRoute),
 *                 e.g. to profile one of them with BENCH_PROFILE
 *   BENCH_PLANS=1 instead of figures, the plan of every statement of each phase (plans.ts):
 *                 rows read, buffers and scans, to see what grows with the tables
 *
 * The phases run round-robin (A B C D E F, A B C D E F, ...) so that a change in
 * the machine's load touches every phase alike instead of one.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { appProtocol } from "@/scripts/bench/app-protocol";
import { startArgon2Reference } from "@/scripts/bench/argon2-reference";
import { cleanUpOnSignals, onCleanup, runCleanup, wasInterrupted } from "@/scripts/bench/cleanup";
import { BenchSetupError, startBenchEnvironment } from "@/scripts/bench/environment";
import type { LoadLimits } from "@/scripts/bench/load";
import {
  argon2Phase,
  type BenchContext,
  type PhaseFailure,
  type PhaseOutcome,
  securityPagePhase,
  signInPhase,
  signInSessions,
  totpPhase,
  plainPagePhase,
  trivialRoutePhase,
  UserPool,
} from "@/scripts/bench/phases";
import { planReport } from "@/scripts/bench/plans";
import type { StatementCounts } from "@/scripts/bench/sql-counter";
import {
  type PhaseMeasurement,
  phaseTable,
  renderAgainstPlainPage,
  signInAgainstArgon2,
  statementBreakdown,
} from "@/scripts/bench/report";

/** "100000", "100_000" and "100,000" alike. */
function wholeNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replace(/[_,]/g, ""));
  if (!Number.isInteger(value) || value < 0) throw new BenchSetupError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

const smoke = process.env.BENCH_SMOKE === "1";
const explainPlans = process.env.BENCH_PLANS === "1";
const rounds = smoke ? 1 : 3;
const RENDER_SESSIONS = 16;

type PhaseKey = "argon2" | "signIn" | "totp" | "securityPage" | "plainPage" | "trivialRoute";

type Phase = {
  key: PhaseKey;
  label: string;
  run: (context: BenchContext, limits: LoadLimits) => Promise<PhaseOutcome>;
  limits: LoadLimits;
};

// Counts large enough for a p99 of a few hundred samples; time caps keep a slow machine's run short.
const PHASES: Phase[] = [
  { key: "argon2", label: "argon2id verify alone", run: argon2Phase, limits: { concurrency: 8, maxOps: 240, maxSeconds: 20 } },
  { key: "signIn", label: "password sign-in", run: signInPhase, limits: { concurrency: 8, maxOps: 240, maxSeconds: 30 } },
  { key: "totp", label: "TOTP second step, verify request", run: totpPhase, limits: { concurrency: 32, maxOps: 240, maxSeconds: 30 } },
  { key: "securityPage", label: "Security and access render", run: securityPagePhase, limits: { concurrency: 16, maxOps: 400, maxSeconds: 20 } },
  { key: "plainPage", label: "plain page /sign-in", run: plainPagePhase, limits: { concurrency: 16, maxOps: 400, maxSeconds: 20 } },
  { key: "trivialRoute", label: "trivial route /healthz", run: trivialRoutePhase, limits: { concurrency: 16, maxOps: 2_000, maxSeconds: 10 } },
];

const ONLY = process.env.BENCH_PHASES?.split(",").map((key) => key.trim()).filter(Boolean);
for (const key of ONLY ?? []) {
  if (!PHASES.some((phase) => phase.key === key)) throw new BenchSetupError(`BENCH_PHASES: no phase "${key}"`);
}
const CHOSEN = ONLY ? PHASES.filter((phase) => ONLY.includes(phase.key)) : PHASES;

function limitsFor(phase: Phase, mode: "measure" | "warm-up" | "count"): LoadLimits {
  if (mode === "measure" && !smoke) return phase.limits;
  // Statements per operation do not vary like time does: a few dozen operations tell them.
  if (mode === "count") return { ...phase.limits, maxOps: Math.min(phase.limits.maxOps, smoke ? 16 : 48) };
  // Warm-up (and the smoke run): one operation per client, at least 16, enough to load every module and fill the pool.
  return { ...phase.limits, maxOps: Math.min(phase.limits.maxOps, Math.max(phase.limits.concurrency, 16)) };
}

function reportFailure(what: string, outcome: PhaseFailure): void {
  if (wasInterrupted()) return;
  console.error(`\n✗ ${what}: ${outcome.failed} operation(s) failed, so no figures are reported.`);
  for (const [reason, count] of Object.entries(outcome.failures)) console.error(`    ${count} × ${reason}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const users = wholeNumberFromEnv("BENCH_USERS", 2_000);
  const events = wholeNumberFromEnv("BENCH_EVENTS", 1_000);
  // 16 of each kind at least: the render phase's sessions, and a user per concurrent sign-in.
  if (users < 32) throw new BenchSetupError("BENCH_USERS must be at least 32");
  const loadBefore = os.loadavg()[0]!;
  const environment = await startBenchEnvironment({ users, events, explainPlans, countingOnly: explainPlans });
  const { server, countingServer, seeded } = environment;
  const argon2 = await startArgon2Reference(seeded.passwordHash, environment.password);
  onCleanup("argon2 worker", () => argon2.stop());

  // Two views of one database: the counting server for statements and plans, the measured one for the rest.
  const counting: BenchContext = {
    protocol: appProtocol(countingServer.url),
    serverPid: countingServer.serverPid,
    sqlCounter: environment.sqlCounter,
    argon2,
    plainUsers: new UserPool(seeded.plainUsers),
    totpUsers: new UserPool(seeded.totpUsers.map((user) => ({ ...user, lastStep: -1 }))),
    password: environment.password,
    sessionCookies: [],
  };
  // The session cookies work on both servers: the sessions are rows of the one database.
  const sessions = await signInSessions(counting, RENDER_SESSIONS);
  if (!sessions.ok) return reportFailure("signing in the render phase's sessions", sessions);
  counting.sessionCookies = sessions.cookies;
  const measuredContext = server ? { ...counting, protocol: appProtocol(server.url), serverPid: server.serverPid } : undefined;

  console.log("[bench] warm-up: every phase once on each server, not measured");
  for (const context of [counting, measuredContext]) {
    for (const phase of CHOSEN) {
      if (!context) continue;
      const outcome = await phase.run(context, limitsFor(phase, "warm-up"));
      if (!outcome.ok) return reportFailure(`warm-up of ${phase.label}`, outcome);
    }
  }

  if (explainPlans || !measuredContext) return printPlans(counting, users, events);

  // Statements per operation, through the counting proxy, in a pass of their own.
  const statements = new Map<PhaseKey, StatementCounts & { ops: number }>();
  for (const phase of CHOSEN.filter((candidate) => candidate.key !== "argon2")) {
    const outcome = await phase.run(counting, limitsFor(phase, "count"));
    if (!outcome.ok) return reportFailure(`statement count of ${phase.label}`, outcome);
    const { statements: counts, ops } = outcome.measurement;
    if (counts) statements.set(phase.key, { ...counts, ops });
  }

  const measured = new Map<PhaseKey, PhaseMeasurement[]>(CHOSEN.map((phase) => [phase.key, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const phase of CHOSEN) {
      const outcome = await phase.run(measuredContext, limitsFor(phase, "measure"));
      if (!outcome.ok) return reportFailure(`${phase.label}, round ${round}`, outcome);
      measured.get(phase.key)!.push(outcome.measurement);
    }
    console.log(`[bench] round ${round} of ${rounds} done`);
  }

  const summaries = CHOSEN.map((phase) => ({
    label: `${phase.label} (${phase.limits.concurrency})`,
    rounds: measured.get(phase.key)!,
    statements: statements.get(phase.key),
  }));
  const wallSeconds = (performance.now() - startedAt) / 1000;
  console.log(
    `\n${smoke ? "Smoke run" : "Benchmark"}: ${rounds} round(s), ${seeded.plainUsers.length + seeded.totpUsers.length} users ` +
      `(${seeded.totpUsers.length} with an authentication app), ${events} security events; ` +
      `${os.cpus().length} cores, load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after; ` +
      `${wallSeconds.toFixed(0)} s in all. Median (min–max) over the rounds.\n`,
  );
  console.log(phaseTable(summaries));
  console.log("");
  const argon2Rounds = measured.get("argon2");
  const signInRounds = measured.get("signIn");
  if (argon2Rounds && signInRounds) console.log(`${signInAgainstArgon2(argon2Rounds, signInRounds)}\n`);
  const renderRounds = measured.get("securityPage");
  const plainPageRounds = measured.get("plainPage");
  if (renderRounds && plainPageRounds) console.log(renderAgainstPlainPage(renderRounds, plainPageRounds));
  console.log("\nSQL statements per operation, by kind (counting pass):");
  console.log(statementBreakdown(summaries));
}

/** One more pass of each phase that talks to the server, with every statement's plan collected. */
async function printPlans(context: BenchContext, users: number, events: number): Promise<void> {
  console.log(
    `\nPlans (EXPLAIN ANALYZE, BUFFERS via auto_explain) with ${users} users and ${events} security events. ` +
      "Rows read: rows the scans examined, kept or filtered; buffers: shared blocks hit or read.",
  );
  for (const phase of CHOSEN.filter((candidate) => candidate.key !== "argon2")) {
    const outcome = await phase.run(context, limitsFor(phase, "warm-up"));
    if (!outcome.ok) return reportFailure(`plans of ${phase.label}`, outcome);
    const { ops, notices } = outcome.measurement;
    const measuredNotices = notices ? context.sqlCounter.notices().slice(notices.from, notices.to) : [];
    console.log(planReport(phase.label, measuredNotices, ops));
  }
}

cleanUpOnSignals();
try {
  await main();
} catch (error) {
  if (!wasInterrupted()) {
    console.error(error instanceof BenchSetupError ? error.message : error);
    process.exitCode = 1;
  }
} finally {
  await runCleanup();
}
process.exit(process.exitCode ?? 0);
