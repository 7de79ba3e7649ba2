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
