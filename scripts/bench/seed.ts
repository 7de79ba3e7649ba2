/**
 * Bench users, written straight to the database in bulk. Half have no 2FA
 * (the password sign-in and render phases), half an active authentication app
 * whose secret the bench keeps, so it can compute their codes. Security events
 * only fill the table, to see whether its size changes any figure.
 */
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { hashPassword } from "@/lib/auth/password";
import { parseTotpKeys } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { encryptTotpSecret } from "@/lib/two-factor/secret-box";
import { generateTotpSecret } from "@/lib/two-factor/totp";

export const BENCH_PASSWORD = "bench-password-correct-horse";

export type BenchUser = { id: string; email: string };
export type BenchTotpUser = BenchUser & { totpSecret: string };

export type SeededUsers = {
  passwordHash: string;
  plainUsers: BenchUser[];
  totpUsers: BenchTotpUser[];
};

const USERS_PER_ACCOUNT = 10;
/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for every table here. */
const CHUNK = 5_000;
const EVENT_SPREAD_MS = 90 * 24 * 60 * 60 * 1000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) await insert(rows.slice(start, start + CHUNK));
}

export async function seedBenchUsers(options: {
  databaseUrl: string;
  totpEncryptionKey: string;
  users: number;
  events: number;
}): Promise<SeededUsers> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl }) });
  try {
    // One hash for everyone: hashing 100,000 times would take an hour and measure nothing.
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const totpKeys = parseTotpKeys(options.totpEncryptionKey);

    const accountIds = Array.from({ length: Math.ceil(options.users / USERS_PER_ACCOUNT) }, () => randomUUID());
    await inChunks(accountIds, (chunk) =>
      prisma.account.createMany({ data: chunk.map((id, index) => ({ id, name: `Bench account ${index}` })) }),
    );

    const plainUsers: BenchUser[] = [];
    const totpUsers: BenchTotpUser[] = [];
    const userRows = accountIds.length === 0 ? [] : Array.from({ length: options.users }, (_, index) => {
      const id = randomUUID();
      const withTotp = index % 2 === 1;
      const email = `bench-${withTotp ? "totp" : "plain"}-${index}@example.test`;
      if (withTotp) totpUsers.push({ id, email, totpSecret: generateTotpSecret() });
      else plainUsers.push({ id, email });
      return {
        id,
        accountId: accountIds[Math.floor(index / USERS_PER_ACCOUNT)]!,
        email,
        name: `Bench user ${index}`,
        role: index % USERS_PER_ACCOUNT === 0 ? ("owner" as const) : ("member" as const),
        passwordHash,
        primaryTwoFactorType: withTotp ? ("totp" as const) : null,
      };
    });
    await inChunks(userRows, (chunk) => prisma.user.createMany({ data: chunk }));
    await inChunks(totpUsers, (chunk) =>
      prisma.twoFactorMethod.createMany({
        data: chunk.map((user) => ({
          userId: user.id,
          type: "totp" as const,
          totpSecretEncrypted: encryptTotpSecret(user.totpSecret, user.id, totpKeys),
        })),
      }),
    );

    const now = Date.now();
    const eventRows = userRows.length === 0 ? [] : Array.from({ length: options.events }, (_, index) => ({
      userId: userRows[(index * 7919) % userRows.length]!.id,
      type: "sign-in",
      createdAt: new Date(now - ((index * 104_729) % EVENT_SPREAD_MS)),
      ipAddress: "203.0.113.7",
      userAgent: "bench seed",
    }));
    await inChunks(eventRows, (chunk) => prisma.securityEvent.createMany({ data: chunk }));
    // Fresh statistics, as a long-running database would have: the planner must not guess.
    await prisma.$executeRawUnsafe("ANALYZE");

    return { passwordHash, plainUsers, totpUsers };
  } finally {
    await prisma.$disconnect();
  }
}
