import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/current-session";
import { getUsersPageData } from "@/lib/users/users-page-data";
import { AddUserForm } from "./_components/add-user-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user } = await requireSession();
  if (user.role !== "owner") notFound();
  const users = await getUsersPageData(user.accountId);
  return (
    <>
      <h1>Users</h1>
      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">Users of {user.account.name}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>{member.role === "owner" ? "Owner" : "Member"}</td>
                <td>{member.status === "active" ? "Active" : "Invitation sent"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="add-user-heading">
        <h2 id="add-user-heading">Add a user</h2>
        <p className="muted">They get an email with a link to set their password. The link works once, for 24 hours.</p>
        <AddUserForm />
      </section>
    </>
  );
}
