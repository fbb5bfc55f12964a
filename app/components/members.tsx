import { Form, Link } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "~/auth/roles";
import { Table } from "./forms";
import { formatDate } from "~/utils/dates";

export type MemberRow = {
  user: { id: string; name: string; email: string; gmcNumber: string | null };
  roles: { id: string; role: string }[];
};

const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;

/** a small secondary button that posts one intent with hidden fields */
export function RowAction({
  intent,
  fields,
  label,
  hiddenLabel,
}: {
  intent?: string;
  fields: Record<string, string>;
  label: string;
  hiddenLabel: string;
}) {
  return (
    <Form method="post" className="app-inline-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
        {label}
        <span className="nhsuk-u-visually-hidden"> {hiddenLabel}</span>
      </button>
    </Form>
  );
}

/** members of an organisation, each role with its own "remove" button when allowed */
export function MembersTable({
  organisationId,
  members,
  canRemove,
}: {
  organisationId: string;
  members: MemberRow[];
  canRemove: (role: string, userId: string) => boolean;
}) {
  if (members.length === 0) return <p>No one holds a role in this organisation yet.</p>;
  return (
    <Table
      caption="People and their roles"
      headers={["Name", "Email", "GMC number", "Roles"]}
      rows={members.map((m) => ({
        key: m.user.id,
        cells: [
          m.user.name,
          m.user.email,
          m.user.gmcNumber ?? "—",
          <ul className="nhsuk-list app-table-actions" key="roles">
            {m.roles.map((r) => (
              <li key={r.id}>
                {roleLabel(r.role)}{" "}
                {canRemove(r.role, m.user.id) ? (
                  // a page that asks first (and works without javascript), not a one-click delete
                  <Link to={`/org/${organisationId}/people/${r.id}/remove`}>
                    Remove
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {roleLabel(r.role)} role from {m.user.name}
                    </span>
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>,
        ],
      }))}
    />
  );
}

export type PendingInvitation = {
  id: string;
  email: string;
  role: string;
  course: string | null;
  dueAt: string | null;
  sentAt: string;
  expiresAt: string;
  expired: boolean;
};

export function PendingInvitationsTable({ invitations }: { invitations: PendingInvitation[] }) {
  if (invitations.length === 0) return <p>There are no pending invitations.</p>;
  return (
    <Table
      caption="Pending invitations"
      headers={["Email", "Role", "Course", "Sent", "Link", "Actions"]}
      rows={invitations.map((i) => ({
        key: i.id,
        cells: [
          i.email,
          roleLabel(i.role),
          i.course ? `${i.course}${i.dueAt ? `, due ${formatDate(i.dueAt, "medium")}` : ""}` : "—",
          formatDate(i.sentAt, "medium"),
          i.expired ? (
            <strong key="expired" className="nhsuk-tag nhsuk-tag--grey">
              Expired {formatDate(i.expiresAt, "medium")}
            </strong>
          ) : (
            `Works until ${formatDate(i.expiresAt, "dateTimeMedium")}`
          ),
          <ul className="nhsuk-list app-table-actions" key="actions">
            <li>
              <RowAction
                intent="resend-invitation"
                fields={{ invitationId: i.id }}
                label="Resend"
                hiddenLabel={`invitation to ${i.email}`}
              />
            </li>
            <li>
              <RowAction
                intent="revoke-invitation"
                fields={{ invitationId: i.id }}
                label="Withdraw"
                hiddenLabel={`invitation to ${i.email}`}
              />
            </li>
          </ul>,
        ],
      }))}
    />
  );
}
