import { randomBytes } from "node:crypto";
import { argon2id, hash } from "argon2";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";

export type TestUserOptions = {
  /** Defaults to a random password. */
  password?: string;
  role?: Role;
  accountName?: string;
  name?: string;
  email?: string;
};

/**
 * A fixture user's password is hashed with argon2id at a token cost, not the
 * app's (19 MiB, 2 passes: 50-120 ms a hash on the test machine, for every
 * user created and every password the app checks). The app verifies with the
 * parameters a hash carries, so signing these users in runs the same code. The
 * app's parameters are asserted in tests/unit/password.test.ts, and every hash
 * the app writes itself (sign-up, reset, change) comes from hashPassword.
 */
const FIXTURE_HASH_OPTIONS = { type: argon2id, memoryCost: 256, timeCost: 1, parallelism: 1 } as const;

/** A fresh account with one user, written straight to the database. */
export async function createTestUser(options: TestUserOptions = {}) {
  const suffix = randomBytes(6).toString("hex");
  const password = options.password ?? `pw-${randomBytes(12).toString("base64url")}`;
  const email = (options.email ?? `user-${suffix}@example.test`).trim().toLowerCase();
  const account = await db.account.create({ data: { name: options.accountName ?? `Account ${suffix}` } });
  const user = await db.user.create({
    data: {
      accountId: account.id,
      email,
      name: options.name ?? `Test User ${suffix}`,
      role: options.role ?? "owner",
      passwordHash: await hash(password, FIXTURE_HASH_OPTIONS),
    },
  });
  return { account, user, email, password };
}

/** An address no user or invitation has yet, that says what it is for. */
export function freshEmail(label: string): string {
  return `${label}-${randomBytes(6).toString("hex")}@example.test`;
}

/** An owner as addUser and the Users page's actions take one; a new account's, or `accountId`'s if given. */
export async function createOwner(accountId?: string) {
  const created = await createTestUser({ role: "owner" });
  if (accountId) await db.user.update({ where: { id: created.user.id }, data: { accountId } });
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId ?? created.account.id } });
  return { id: created.user.id, name: created.user.name, accountId: account.id, accountName: account.name };
}
