import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ORG_KIND_LABELS, ROLE_LABELS, type OrgKind, type Role } from "~/auth/roles";
import { Notice, SummaryList, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { membershipsOf } from "~/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: `Your account - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const memberships = await membershipsOf(user.id);
  return {
    user: { name: user.name, email: user.email, gmcNumber: user.gmcNumber, isAdmin: user.isAdmin },
    memberships: memberships.map((m) => ({
      id: m.id,
      role: m.role,
      organisation: m.organisation,
    })),
  };
}

const NOTICES: Record<string, string> = {
  registered: "Your account has been created.",
  "registered-without-gmc":
    "Your account has been created without your GMC number, because another account already has that number. If it is yours, contact the platform administrators.",
  invitation: "You have joined the organisation.",
  "invitation-enrolled-elsewhere":
    "You have joined the organisation. You were already enrolled on the course through another organisation: that enrolment stays as it is and your progress is still reported there. If this organisation needs proof of completion, share your certificate's verification code with them.",
  "password-changed": "Your password has been changed. Your other devices have been signed out.",
};

export default function Account() {
  const { user, memberships } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("done") ?? ""];
  const administers = memberships.filter((m) => m.role === "hr" || m.role === "college_admin");
  return (
    <>
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: user.name },
          { key: "Email address", value: user.email },
          { key: "GMC number", value: user.gmcNumber ?? "Not given" },
          { key: "Password", value: <Link to="/account/password">Change your password</Link> },
          {
            key: "Devices",
            value: <Link to="/account/sessions">See and sign out your signed-in devices</Link>,
          },
        ]}
      />

      <h2>Your organisations</h2>
      {memberships.length === 0 && !user.isAdmin ? (
        <p>You do not belong to an organisation yet. Your employer or college can invite you.</p>
      ) : (
        <Table
          caption="Your organisations and roles"
          headers={["Organisation", "Kind", "Your role"]}
          rows={[
            ...(user.isAdmin
              ? [{ key: "admin", cells: ["All organisations", "Platform", ROLE_LABELS.admin] }]
              : []),
            ...memberships.map((m) => ({
              key: m.id,
              cells: [
                m.organisation.name,
                ORG_KIND_LABELS[m.organisation.kind as OrgKind] ?? m.organisation.kind,
                ROLE_LABELS[m.role as Role] ?? m.role,
              ],
            })),
          ]}
        />
      )}
      {administers.length > 0 || user.isAdmin ? (
        <>
          <h2>Manage</h2>
          <ul className="nhsuk-list">
            {user.isAdmin ? (
              <li>
                <Link to="/admin/organisations">Organisations and roles</Link>
              </li>
            ) : null}
            {administers.map((m) => (
              <li key={m.id}>
                <Link to={`/org/${m.organisation.id}`}>People in {m.organisation.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
