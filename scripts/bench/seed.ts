/**
 * Bench users, written straight to the database in bulk. Half have no 2FA
 * (the password sign-in and render phases), half an active authentication app
 * whose secret the bench keeps, so it can compute their codes. Security events,
 * and for every user with 2FA ten recovery codes, a trusted browser and an old
 * session (every other one a security key too), and failure counters for a fifth of the users, only fill their tables, as a live database would be filled: to see
 * whether a table's size changes any figure or plan (an empty table is always
 * scanned whole, which would hide a missing index).
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
/** Rows per INSERT: one array per column, so the statement stays small however many rows it holds. */
const CHUNK = 20_000;
const EVENT_SPREAD_MS = 90 * 24 * 60 * 60 * 1000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) await insert(rows.slice(start, start + CHUNK));
}

/**
 * Rows go in as `INSERT ... SELECT FROM unnest(<one array per column>)`, not
 * createMany: Prisma builds createMany's statement in the client at about
 * 0.3 ms of CPU per row, which made 100,000 users and 300,000 events 84 s
 * of seeding; with the arrays it took 11 s, migration included, on a busy
 * 2-core machine. The SQL names the tables and columns of prisma/migrations:
 * a rename there makes the seed fail loudly, not silently.
 */
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
    await inChunks(accountIds, (ids) => {
      const names = ids.map((_, index) => `Bench account ${index}`);
      return prisma.$executeRaw`
        INSERT INTO accounts (id, name) SELECT * FROM unnest(${ids}::uuid[], ${names}::text[])`;
    });

    const plainUsers: BenchUser[] = [];
    const totpUsers: BenchTotpUser[] = [];
    const userRows = Array.from({ length: options.users }, (_, index) => {
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
        role: index % USERS_PER_ACCOUNT === 0 ? "owner" : "member",
        primaryTwoFactorType: withTotp ? "totp" : null,
      };
    });
    await inChunks(userRows, (rows) => prisma.$executeRaw`
      INSERT INTO users (id, account_id, email, name, role, password_hash, primary_two_factor_type, updated_at)
      SELECT id, account_id, email, name, role::"Role", ${passwordHash}, primary_type::"TwoFactorMethodType", now()
        FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.accountId)}::uuid[],
                    ${rows.map((row) => row.email)}::text[], ${rows.map((row) => row.name)}::text[],
                    ${rows.map((row) => row.role)}::text[], ${rows.map((row) => row.primaryTwoFactorType)}::text[])
             AS row (id, account_id, email, name, role, primary_type)`);
    await inChunks(totpUsers, (users) => prisma.$executeRaw`
      INSERT INTO two_factor_methods (id, user_id, type, totp_secret_encrypted)
      SELECT gen_random_uuid(), user_id, 'totp', secret
        FROM unnest(${users.map((user) => user.id)}::uuid[],
                    ${users.map((user) => encryptTotpSecret(user.totpSecret, user.id, totpKeys))}::text[])
             AS row (user_id, secret)`);

    const filler = totpUsers.map((user) => user.id);
    await inChunks(filler, (ids) => prisma.$executeRaw`
      INSERT INTO recovery_codes (id, user_id, code_hash)
      SELECT gen_random_uuid(), user_id, md5(random()::text)
        FROM unnest(${ids}::uuid[]) AS row (user_id), generate_series(1, 10)`);
    await inChunks(filler, (ids) => prisma.$executeRaw`
      INSERT INTO trusted_browsers (id, user_id, token_hash, expires_at)
      SELECT gen_random_uuid(), user_id, md5(random()::text), now() + interval '30 days'
        FROM unnest(${ids}::uuid[]) AS row (user_id)`);
    await inChunks(filler, (ids) => prisma.$executeRaw`
      INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at, last_used_at)
      SELECT gen_random_uuid(), user_id, md5(random()::text), now() - interval '2 days', now() + interval '5 days',
             now() - interval '1 day'
        FROM unnest(${ids}::uuid[]) AS row (user_id)`);

    // A security key beside the app for every other of them: the render lists it, and the planner
    // sees a table of the size a customer base has, not an empty one it would scan whole.
    const withKey = totpUsers.filter((_, index) => index % 2 === 0).map((user) => user.id);
    await inChunks(withKey, (ids) => prisma.$executeRaw`
      WITH method AS (
        INSERT INTO two_factor_methods (id, user_id, type)
        SELECT gen_random_uuid(), user_id, 'webauthn' FROM unnest(${ids}::uuid[]) AS row (user_id)
        RETURNING id, user_id
      )
      INSERT INTO webauthn_credentials (id, user_id, method_id, credential_id, public_key, transports, name)
      SELECT gen_random_uuid(), user_id, id, md5(random()::text), decode(md5(random()::text), 'hex'), '{usb}', 'Bench key'
        FROM method`);

    // Failure counters of a busy hour: one for every fifth user, under keys no bench request uses.
    await prisma.$executeRaw`
      INSERT INTO attempt_counters (key, attempts, updated_at)
      SELECT 'bench-filler:' || n, 1 + n % 4, now() FROM generate_series(1, ${Math.ceil(options.users / 5)}::int) AS n`;

    const now = Date.now();
    const eventRows = userRows.length === 0 ? [] : Array.from({ length: options.events }, (_, index) => ({
      userId: userRows[(index * 7919) % userRows.length]!.id,
      createdAt: new Date(now - Math.floor((index / options.events) * EVENT_SPREAD_MS)),
    }));
    await inChunks(eventRows, (events) => prisma.$executeRaw`
      INSERT INTO security_events (id, user_id, type, created_at, ip_address, user_agent)
      SELECT gen_random_uuid(), user_id, 'sign_in', created_at, '203.0.113.7', 'bench seed'
        FROM unnest(${events.map((event) => event.userId)}::uuid[], ${events.map((event) => event.createdAt)}::timestamp[])
             AS row (user_id, created_at)`);
    // Fresh statistics, as a long-running database would have: the planner must not guess.
    await prisma.$executeRawUnsafe("ANALYZE");

    return { passwordHash, plainUsers, totpUsers };
  } finally {
    await prisma.$disconnect();
  }
}
