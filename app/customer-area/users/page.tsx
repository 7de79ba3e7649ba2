import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/ui/local-time";
import { TableHead } from "@/components/ui/table-head";
import { requireSession } from "@/lib/auth/current-session";
import { accountTwoFactorRequirement } from "@/lib/auth/two-factor-requirement";
import { METHOD_WORDS } from "@/lib/two-factor/methods";
import { providerName } from "@/lib/identity-providers/providers";
import { getInvitationRows, getUsersPageData, type AccountUserRow, type InvitationRow, type UsersFilter } from "@/lib/users/users-page-data";
import { usersFilterSchema } from "@/lib/validations/users";
import { AddUserForm } from "./_components/add-user-form";
import { ResetTwoFactorButton } from "./_components/reset-two-factor-button";
import { TwoFactorRequirementForm } from "./_components/two-factor-requirement-form";

export const metadata: Metadata = { title: "Users" };

type UsersPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS: { filter: UsersFilter; label: string; href: string }[] = [
  { filter: "all", label: "All users", href: "/customer-area/users" },
  { filter: "without-2fa", label: "Without two-factor authentication", href: "/customer-area/users?filter=without-2fa" },
];

function twoFactorText(member: AccountUserRow): string {
  return member.methods.length === 0 ? "Off" : member.methods.map((type) => METHOD_WORDS[type].label).join(", ");
}

/** Invited people become users when they set their password; until then they are listed here. */
function Invitations({ invitations }: { invitations: InvitationRow[] }) {
  const now = new Date();
  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations not accepted yet</h2>
      <p className="muted">To send a new link, add the user again with the same email address.</p>
      <table className="users-table" role="table">
        <TableHead columns={["Name", "Email", "Sent", "Link"]} />
        <tbody role="rowgroup">
          {invitations.map((invitation) => (
            <tr key={invitation.id} role="row">
              <td role="cell">{invitation.name}</td>
              <td role="cell" data-label="Email">{invitation.email}</td>
              <td role="cell" data-label="Sent"><LocalTime date={invitation.sentAt} /></td>
              <td role="cell" data-label="Link">
                {invitation.expiresAt > now ? (
                  <>Works until <LocalTime date={invitation.expiresAt} /></>
                ) : (
                  "Expired"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default async function UsersPage({ searchParams }: UsersPageProps) {
  const { user } = await requireSession();
  if (user.role !== "owner") notFound();
  const filter = usersFilterSchema.parse((await searchParams).filter);
  const [users, invitations] = await Promise.all([getUsersPageData(user.accountId, filter), getInvitationRows(user.accountId)]);
  return (
    <>
      <h1>Users</h1>
      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">Users of {user.account.name}</h2>
        <nav aria-label="Show" className="filter-links">
          {FILTERS.map((option) => (
            <Link key={option.filter} href={option.href} aria-current={option.filter === filter ? "page" : undefined}>
              {option.label}
            </Link>
          ))}
        </nav>
        {users.length === 0 ? (
          <p className="muted">Every user of the account has two-factor authentication.</p>
        ) : (
          // Explicit roles: on a phone the rows become blocks (globals.css), which costs some browsers the table semantics.
          <table className="users-table" role="table">
            <TableHead columns={["Name", "Email", "Role", "Two-factor authentication", "Connected accounts", "Last sign-in"]} />
            <tbody role="rowgroup">
              {users.map((member) => (
                <tr key={member.id} role="row">
                  <td role="cell">{member.name}</td>
                  <td role="cell" data-label="Email">{member.email}</td>
                  <td role="cell" data-label="Role">{member.role === "owner" ? "Owner" : "Member"}</td>
                  <td role="cell" data-label="Two-factor authentication">
                    {twoFactorText(member)}
                    {member.id !== user.id && (
                      <ResetTwoFactorButton
                        userId={member.id}
                        name={member.name}
                        email={member.email}
                        methods={twoFactorText(member)}
                        canReset={member.methods.length > 0}
                      />
                    )}
                  </td>
                  <td role="cell" data-label="Connected accounts">
                    {member.providers.length === 0 ? "None" : member.providers.map(providerName).join(", ")}
                  </td>
                  <td role="cell" data-label="Last sign-in">
                    {member.lastSignInAt ? <LocalTime date={member.lastSignInAt} /> : "Never"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {invitations.length > 0 && <Invitations invitations={invitations} />}
      <section className="card" aria-labelledby="requirement-heading">
        <h2 id="requirement-heading">Require two-factor authentication</h2>
        <TwoFactorRequirementForm
          requirement={accountTwoFactorRequirement(user.account.twoFactorRequiredFrom)}
          ownerHasTwoFactor={user.hasTwoFactor}
        />
      </section>
      <section className="card" aria-labelledby="add-user-heading">
        <h2 id="add-user-heading">Add a user</h2>
        <p className="muted">They get an email with a link to set their password. The link works once, for 24 hours.</p>
        <AddUserForm />
      </section>
    </>
  );
}
