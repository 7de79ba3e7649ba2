import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";

export type AccountUserRow = { id: string; name: string; email: string; role: Role; status: "invited" | "active" };

/** The users of one account, oldest first, for its owner's `Users` page. Never a secret. */
export async function getUsersPageData(accountId: string): Promise<AccountUserRow[]> {
  const users = await db.user.findMany({
    where: { accountId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, role: true, passwordHash: true },
  });
  return users.map(({ passwordHash, ...user }) => ({ ...user, status: passwordHash ? "active" : "invited" }));
}
