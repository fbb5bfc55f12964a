import { Form } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "~/auth/roles";

export type MemberRow = {
  user: { id: string; name: string; email: string; gmcNumber: string | null };
  roles: { id: string; role: string }[];
};

/** members of an organisation, each role with its own "remove" button when allowed */
export function MembersTable({
  members,
  canRemove,
}: {
  members: MemberRow[];
  canRemove: (role: string, userId: string) => boolean;
}) {
  if (members.length === 0) return <p>No one holds a role in this organisation yet.</p>;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">People and their roles</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Name
          </th>
          <th scope="col" className="nhsuk-table__header">
            Email
          </th>
          <th scope="col" className="nhsuk-table__header">
            GMC number
          </th>
          <th scope="col" className="nhsuk-table__header">
            Roles
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {members.map((m) => (
          <tr className="nhsuk-table__row" key={m.user.id}>
            <td className="nhsuk-table__cell">{m.user.name}</td>
            <td className="nhsuk-table__cell">{m.user.email}</td>
            <td className="nhsuk-table__cell">{m.user.gmcNumber ?? "—"}</td>
            <td className="nhsuk-table__cell app-table-actions">
              <ul className="nhsuk-list">
                {m.roles.map((r) => (
                  <li key={r.id}>
                    {ROLE_LABELS[r.role as Role] ?? r.role}{" "}
                    {canRemove(r.role, m.user.id) ? (
                      <Form method="post" className="app-inline-form">
                        <input type="hidden" name="intent" value="revoke-role" />
                        <input type="hidden" name="membershipId" value={r.id} />
                        <button
                          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                          type="submit"
                        >
                          Remove
                          <span className="nhsuk-u-visually-hidden">
                            {" "}
                            {ROLE_LABELS[r.role as Role]} role from {m.user.name}
                          </span>
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type PendingInvitation = { id: string; email: string; role: string; expiresAt: string };

export function PendingInvitationsTable({ invitations }: { invitations: PendingInvitation[] }) {
  if (invitations.length === 0) return <p>There are no pending invitations.</p>;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Pending invitations</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Email
          </th>
          <th scope="col" className="nhsuk-table__header">
            Role
          </th>
          <th scope="col" className="nhsuk-table__header">
            Expires
          </th>
          <th scope="col" className="nhsuk-table__header">
            Action
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {invitations.map((i) => (
          <tr className="nhsuk-table__row" key={i.id}>
            <td className="nhsuk-table__cell">{i.email}</td>
            <td className="nhsuk-table__cell">{ROLE_LABELS[i.role as Role] ?? i.role}</td>
            <td className="nhsuk-table__cell">
              {new Date(i.expiresAt).toLocaleString("en-GB", {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: "Europe/London",
              })}
            </td>
            <td className="nhsuk-table__cell app-table-actions">
              <Form method="post">
                <input type="hidden" name="intent" value="revoke-invitation" />
                <input type="hidden" name="invitationId" value={i.id} />
                <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
                  Withdraw<span className="nhsuk-u-visually-hidden"> invitation to {i.email}</span>
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
