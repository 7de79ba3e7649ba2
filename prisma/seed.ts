// Development demo data: the account "Acme" with an owner and a member.
// `npm run dev` runs this after migrating; `npm run db:seed` runs it alone.
// It only adds what is missing, so it never overwrites a password you changed.
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { loadEnv } from "@/scripts/load-env";

export const DEMO_PASSWORD = "acme-demo-password";
export const DEMO_USERS = [
  { email: "owner@example.com", name: "Olivia Owner", role: "owner" },
  { email: "member@example.com", name: "Max Member", role: "member" },
] as const;

export async function seedDemoAccount(): Promise<void> {
  if (await db.user.findUnique({ where: { email: DEMO_USERS[0].email } })) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.account.create({
    data: {
      name: "Acme",
      users: { create: DEMO_USERS.map((user) => ({ ...user, passwordHash })) },
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.NODE_ENV === "production") {
    console.error("Refusing to seed demo users in production.");
    process.exit(1);
  }
  loadEnv({ production: false });
  await seedDemoAccount();
  await disconnectDb();
  console.log(`Demo account "Acme": ${DEMO_USERS.map((user) => user.email).join(", ")} / password ${DEMO_PASSWORD}`);
}
