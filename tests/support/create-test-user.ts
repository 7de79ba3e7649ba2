import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
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
      passwordHash: await hashPassword(password),
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
