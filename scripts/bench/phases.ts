/**
 * The measured phases. Each runs a bounded load, reads the server's CPU time
 * and the SQL counter around exactly the requests it measures, and hands back
 * either a measurement or the failures (never figures from failed requests).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Argon2Reference } from "@/scripts/bench/argon2-reference";
import { type AppProtocol, currentTotpStep, totpCodeNow } from "@/scripts/bench/app-protocol";
import { type HttpResponse, keepAliveAgent, send } from "@/scripts/bench/http-client";
import { failureCount, type LoadLimits, type LoadResult, runLoad, timed } from "@/scripts/bench/load";
import { postgresCpuMs, processCpuMs } from "@/scripts/bench/process-cpu";
import type { PhaseMeasurement } from "@/scripts/bench/report";
import type { BenchTotpUser, BenchUser } from "@/scripts/bench/seed";
import { countsBetween, type SqlCounter } from "@/scripts/bench/sql-counter";

export type PhaseFailure = { ok: false; failed: number; failures: Record<string, number> };
export type PhaseOutcome = { ok: true; measurement: PhaseMeasurement } | PhaseFailure;

function failureOf(result: LoadResult): PhaseFailure | undefined {
  const failed = failureCount(result);
  return failed > 0 ? { ok: false, failed, failures: result.failures } : undefined;
}

/** Users handed out least recently used first, never to two operations at once. */
export class UserPool<User> {
  private readonly idle: User[];
  constructor(users: User[]) {
    this.idle = [...users];
  }
  get size(): number {
    return this.idle.length;
  }
  take(): User {
    const user = this.idle.shift();
    if (!user) throw new Error("No idle bench user left: raise BENCH_USERS");
    return user;
  }
  giveBack(user: User): void {
    this.idle.push(user);
  }
}

export type TotpUserState = BenchTotpUser & { lastStep: number };

export type BenchContext = {
  /** The server the phase talks to: the measured one, or the counting one (statements, plans). */
  protocol: AppProtocol;
  serverPid: number;
  sqlCounter: SqlCounter;
  argon2: Argon2Reference;
  plainUsers: UserPool<BenchUser>;
  totpUsers: UserPool<TotpUserState>;
  password: string;
  /** Signed-in sessions for the render phase. */
  sessionCookies: string[];
};

/** What went wrong, with what the response said: a status, and where the action sent the browser. */
export function describeResponse(response: HttpResponse, expected: string): string {
  const redirect = response.headers["x-action-redirect"] ?? response.headers.location;
  return `${expected}: got status ${response.status}${redirect ? `, redirect to ${String(redirect)}` : ""}`;
}

function outcomeOf(
  result: LoadResult,
  measured: Pick<PhaseMeasurement, "cpuMs" | "postgresCpuMs" | "clientCpuMs" | "statements" | "notices">,
): PhaseOutcome {
  return (
    failureOf(result) ?? {
      ok: true,
      measurement: { ops: result.ok, elapsedMs: result.elapsedMs, latenciesMs: result.latenciesMs, ...measured },
    }
  );
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU and SQL around one load on the server: the server's CPU, PostgreSQL's,
 * the bench's own (the client side of the requests), and the statements the
 * counting proxy saw (none unless the phase talks to the counting server).
 */
async function measureServer(context: BenchContext, limits: LoadLimits, operation: Parameters<typeof runLoad>[1]) {
  const sqlBefore = context.sqlCounter.snapshot();
  const noticesBefore = context.sqlCounter.notices().length;
  const cpuBefore = processCpuMs(context.serverPid);
  const postgresBefore = postgresCpuMs();
  const clientBefore = ownCpuMs();
  const result = await runLoad(limits, operation);
  const clientCpuMs = ownCpuMs() - clientBefore;
  const postgresCpu = postgresCpuMs() - postgresBefore;
  const cpuMs = processCpuMs(context.serverPid) - cpuBefore;
  const statements = countsBetween(sqlBefore, context.sqlCounter.snapshot());
  const notices = { from: noticesBefore, to: context.sqlCounter.notices().length };
  return outcomeOf(result, { cpuMs, postgresCpuMs: postgresCpu, clientCpuMs, statements, notices });
}

export async function argon2Phase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  const { result, cpuMs } = await context.argon2.run(limits);
  return outcomeOf(result, { cpuMs, postgresCpuMs: undefined, clientCpuMs: undefined, statements: undefined, notices: undefined });
}

export async function signInPhase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  const agent = keepAliveAgent(limits.concurrency);
  try {
    return await measureServer(context, limits, async () => {
      // A user signs in once at a time: parallel sign-ins of one user would race on its attempt counter.
      const user = context.plainUsers.take();
      try {
        return await timed(
          () => send(agent, context.protocol.signInRequest(user.email, context.password)),
          (response) => (context.protocol.signedInCookie(response) ? undefined : describeResponse(response, "no session cookie")),
        );
      } finally {
        context.plainUsers.giveBack(user);
      }
    });
  } finally {
    agent.destroy();
  }
}

/** Signs in `count` users without 2FA, outside any measurement: the render phase's sessions. */
export async function signInSessions(
  context: BenchContext,
  count: number,
): Promise<{ ok: true; cookies: string[] } | PhaseFailure> {
  const agent = keepAliveAgent(8);
  const cookies: string[] = [];
  try {
    const result = await runLoad({ concurrency: 8, maxOps: count, maxSeconds: 120 }, async () => {
      const user = context.plainUsers.take();
      try {
        return await timed(
          () => send(agent, context.protocol.signInRequest(user.email, context.password)),
          (response) => {
            const cookie = context.protocol.signedInCookie(response);
            if (cookie) cookies.push(cookie);
            return cookie ? undefined : describeResponse(response, "no session cookie");
          },
        );
      } finally {
        context.plainUsers.giveBack(user);
      }
    });
    return failureOf(result) ?? { ok: true, cookies };
  } finally {
    agent.destroy();
  }
}

type PreparedSecondStep = { user: TotpUserState; pendingCookie: string };

/**
 * The TOTP second step. The password step of each user comes first, outside
 * the measured window (it is the sign-in phase's cost again); the window holds
 * only the verify requests. A code is accepted once per user and 30 s step, so
 * every operation has its own user, and one used in the current step waits.
 */
export async function totpPhase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  const passwordAgent = keepAliveAgent(8);
  const prepared: PreparedSecondStep[] = [];
  const users = Array.from({ length: Math.min(limits.maxOps, context.totpUsers.size) }, () => context.totpUsers.take());
  try {
    const passwordStep = await runLoad(
      { concurrency: 8, maxOps: users.length, maxSeconds: limits.maxSeconds * 3 },
      async (index) => {
        const user = users[index]!;
        return timed(
          () => send(passwordAgent, context.protocol.signInRequest(user.email, context.password)),
          (response) => {
            const pendingCookie = context.protocol.pendingSignInCookie(response);
            if (pendingCookie) prepared.push({ user, pendingCookie });
            return pendingCookie ? undefined : describeResponse(response, "password step: no pending sign-in cookie");
          },
        );
      },
    );
    const passwordStepFailure = failureOf(passwordStep);
    if (passwordStepFailure) return passwordStepFailure;

    // Only with very few users: one of them already used this step's code; start in the next step.
    if (prepared.some(({ user }) => user.lastStep >= currentTotpStep())) await sleep(30_000 - (Date.now() % 30_000) + 50);

    const verifyAgent = keepAliveAgent(limits.concurrency);
    try {
      return await measureServer(context, { ...limits, maxOps: prepared.length }, async (index) => {
        const { user, pendingCookie } = prepared[index]!;
        const now = new Date();
        user.lastStep = currentTotpStep(now);
        return timed(
          () => send(verifyAgent, context.protocol.verifyTotpRequest(pendingCookie, totpCodeNow(user.totpSecret, now))),
          (response) => (context.protocol.signedInCookie(response) ? undefined : describeResponse(response, "no session cookie")),
        );
      });
    } finally {
      verifyAgent.destroy();
    }
  } finally {
    passwordAgent.destroy();
    for (const user of users) context.totpUsers.giveBack(user);
  }
}

export async function securityPagePhase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  const agent = keepAliveAgent(limits.concurrency);
  try {
    return await measureServer(context, limits, (index) => {
      const cookie = context.sessionCookies[index % context.sessionCookies.length]!;
      return timed(
        () => send(agent, context.protocol.securityPageRequest(cookie)),
        (response) =>
          context.protocol.securityPageRendered(response) ? undefined : describeResponse(response, "no Security and access page"),
      );
    });
  } finally {
    agent.destroy();
  }
}

/** A GET without a session, checked by `answered`: the references the other phases are read against. */
async function referencePhase(
  context: BenchContext,
  limits: LoadLimits,
  request: () => Parameters<typeof send>[1],
  answered: (response: HttpResponse) => boolean,
): Promise<PhaseOutcome> {
  const agent = keepAliveAgent(limits.concurrency);
  try {
    return await measureServer(context, limits, () =>
      timed(
        () => send(agent, request()),
        (response) => (answered(response) ? undefined : describeResponse(response, "not the expected answer")),
      ),
    );
  } finally {
    agent.destroy();
  }
}

export function trivialRoutePhase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  return referencePhase(context, limits, context.protocol.trivialRequest, context.protocol.trivialAnswered);
}

export function plainPagePhase(context: BenchContext, limits: LoadLimits): Promise<PhaseOutcome> {
  return referencePhase(context, limits, context.protocol.plainPageRequest, context.protocol.plainPageRendered);
}
