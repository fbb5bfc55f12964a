import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgRole } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/auth/roles";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, SummaryList } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { removableRole, revokeRole, UNDO_DAYS } from "~/organisations/organisations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Remove ${data?.target.name ?? "a role"} - ${SERVICE_NAME}` },
];

// scheme leads manage people too: they invite mentors, mentees and fellow leads (only the roles they may
// invite can they remove; invitableRoles decides)
const MANAGERS = ["hr", "college_admin", "scheme_lead"] as const;

async function target(
  request: Request,
  context: ActionFunctionArgs["context"],
  params: ActionFunctionArgs["params"],
) {
  const { user, organisation, heldRoles } = await requireOrgRole(request, context, params.orgId!, MANAGERS);
  const found = await removableRole(organisation.id, params.membershipId!, user, heldRoles);
  if (!found.ok) throw data({ message: found.message }, { status: found.status });
  return { user, organisation, found };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation, found } = await target(request, context, params);
  const enrolments =
    found.role === "trainee"
      ? await prisma.enrolment.findMany({
          where: { userId: found.user.id, organisationId: organisation.id },
          select: { id: true, course: { select: { title: true } } },
        })
      : [];
  return {
    organisation: { id: organisation.id, name: organisation.name },
    target: { ...found.user, role: found.role, roleLabel: ROLE_LABELS[found.role] },
    courses: enrolments.map((e) => e.course.title),
    undoDays: UNDO_DAYS,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation, found } = await target(request, context, params);
  const eventId = await revokeRole(organisation.id, found.membershipId, user.id);
  if (!eventId) throw data({ message: "That role has already been removed." }, { status: 404 });
  throw redirect(`/org/${organisation.id}?removed=${eventId}`);
}

export default function RemoveRole() {
  const { organisation, target, courses, undoDays } = useLoaderData<typeof loader>();
  const people = `/org/${organisation.id}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: people, label: organisation.name }]} />
        <h1>
          Remove {target.name}&apos;s {target.roleLabel.toLowerCase()} role?
        </h1>
        <SummaryList
          rows={[
            { key: "Name", value: target.name },
            { key: "Email address", value: target.email },
            { key: "Role to remove", value: target.roleLabel },
          ]}
        />
        {target.role === "trainee" ? (
          <>
            <p>
              {courses.length > 0
                ? `Their training (${courses.join(", ")}) will no longer appear on ${organisation.name}'s training dashboard or in its exports.`
                : `They will no longer appear on ${organisation.name}'s training dashboard.`}
            </p>
            <p>
              Nothing they have done is deleted: their progress and any certificate stay with their account,
              and they can carry on learning.
            </p>
          </>
        ) : (
          <p>
            They will no longer be able to use {organisation.name}&apos;s {target.roleLabel.toLowerCase()}{" "}
            tools. Their own learning is not affected.
          </p>
        )}
        <p>
          You can undo this from the people page for {undoDays} days. The removal is recorded in the audit
          log.
        </p>
        <Form method="post">
          <Button variant="warning">Remove role</Button>
        </Form>
        <p>
          <Link to={people}>Cancel and go back</Link>
        </p>
      </div>
    </div>
  );
}
