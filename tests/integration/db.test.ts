import { describe, expect, it } from "vitest";
import { db, sql } from "@/lib/db";
import { createTestUser } from "@/tests/support/create-test-user";

describe("database", () => {
  it("has the committed migrations applied", async () => {
    const migrations = await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.every((migration) => migration.finished_at !== null)).toBe(true);
    expect(migrations[0]?.migration_name).toMatch(/^\d{14}_init$/);

    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public'`;
    expect(tables.map((table) => table.table_name)).toEqual(
      expect.arrayContaining(["accounts", "users", "sessions", "two_factor_methods", "security_events"]),
    );
  });

  it("stores BigInt columns beyond 2^53 exactly", async () => {
    const { user } = await createTestUser();
    const step = 2n ** 53n + 1n;
    const method = await db.twoFactorMethod.create({ data: { userId: user.id, type: "totp", totpLastUsedStep: step } });
    const stored = await db.twoFactorMethod.findUniqueOrThrow({ where: { id: method.id } });
    expect(stored.totpLastUsedStep).toBe(step);
  });

  it("lets exactly one of 20 parallel conditional updates win", async () => {
    const { user } = await createTestUser();
    const method = await db.twoFactorMethod.create({ data: { userId: user.id, type: "totp", totpLastUsedStep: 100n } });

    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) =>
        db.$transaction(async (tx) => {
          const { count } = await tx.twoFactorMethod.updateMany({
            where: { id: method.id, totpLastUsedStep: { lt: 101n } },
            data: { totpLastUsedStep: 101n },
          });
          if (count === 1) await tx.securityEvent.create({ data: { userId: user.id, type: "sign_in", userAgent: `won-${attempt}` } });
          return count;
        }),
      ),
    );

    expect(wins.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(1);
  });

  it("rolls back an interactive transaction that throws", async () => {
    const { user } = await createTestUser();
    await expect(
      db.$transaction(async (tx) => {
        await tx.securityEvent.create({ data: { userId: user.id, type: "sign_in" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(0);
  });

  it("sql (the hot paths' statements) reads and writes times exactly as Prisma does, in any time zone of the process", async () => {
    const { user } = await createTestUser();
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const written = new Date("2026-03-08T06:30:00.123Z"); // an hour of the New York clock change, too
      await sql`UPDATE users SET updated_at = ${written} WHERE id = ${user.id}::uuid`;
      const viaPrisma = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { updatedAt: true } });
      const [viaSql] = await sql<{ updated_at: Date }>`SELECT updated_at FROM users WHERE id = ${user.id}::uuid`;
      expect(viaPrisma.updatedAt.toISOString()).toBe(written.toISOString());
      expect(viaSql?.updated_at.toISOString()).toBe(written.toISOString());
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("sql sends values as parameters, never as SQL text", async () => {
    const { user } = await createTestUser();
    const hostile = `x' OR '1'='1`;
    expect(await sql`SELECT id FROM users WHERE email = ${hostile}`).toEqual([]);
    expect(await sql<{ email: string }>`SELECT email FROM users WHERE id = ${user.id}::uuid`).toEqual([{ email: user.email }]);
  });

  it("sql's prepared statements survive a migration that changes what they return", async () => {
    await db.$executeRawUnsafe("CREATE TABLE prepared_probe (v int)");
    await db.$executeRawUnsafe("INSERT INTO prepared_probe VALUES (1)");
    for (let i = 0; i < 3; i++) expect(await sql`SELECT v FROM prepared_probe`).toEqual([{ v: 1 }]);
    await db.$executeRawUnsafe("ALTER TABLE prepared_probe ALTER COLUMN v TYPE text");
    expect(await sql`SELECT v FROM prepared_probe`).toEqual([{ v: "1" }]);
    await db.$executeRawUnsafe("DROP TABLE prepared_probe");
  });

  it("gives each test file its own empty database", async () => {
    // Every test above made its own user; a shared database would hold others' too.
    expect(await db.user.count()).toBe(5);
  });
});
