import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireOrgRole } from "~/auth/guards.server";
import { invitableRoles, ORG_KIND_LABELS, ROLE_LABELS, type OrgKind, type OrgRole } from "~/auth/roles";
import { emailField } from "~/auth/validation";
import { Button, ErrorSummary, Field, Notice, SelectField, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { MembersTable, PendingInvitationsTable } from "~/components/members";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { activeCourses } from "~/courses/courses.server";
import { logger } from "~/logger.server";
import {
  inviteToOrganisation,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "~/organisations/invitations.server";
import {
  grantRole,
  listMembers,
  recentRemovals,
  restoreRole,
  roleGrantSchema,
  undoableRemoval,
  UNDO_DAYS,
} from "~/organisations/organisations.server";
import { parseForm } from "~/utils/forms";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

// scheme leads manage people too: they invite mentors, mentees and fellow leads (only the roles they may
// invite can they remove; invitableRoles decides)
const MANAGERS = ["hr", "college_admin", "scheme_lead"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation, heldRoles } = await requireOrgRole(request, context, params.orgId!, MANAGERS);
  const url = new URL(request.url);
  const removedEvent = url.searchParams.get("removed");
  const found = removedEvent ? await undoableRemoval(organisation.id, removedEvent) : null;
  // a resent invitation is named by its address, looked up here (never carried in the url)
  const resentId = url.searchParams.get("done") === "resent" ? url.searchParams.get("invitation") : null;
  const resentTo = resentId
    ? ((
        await prisma.invitation.findFirst({
          where: { id: resentId, organisationId: organisation.id },
          select: { email: true },
        })
      )?.email ?? null)
    : null;
  const invitable = invitableRoles(heldRoles, user.isAdmin);
  // the banner's Undo is offered only to someone who may give the role back
  const removal = found && invitable.includes(found.role) ? found : null;
  const [members, invitations, courses, removals] = await Promise.all([
    listMembers(organisation.id),
    listPendingInvitations(organisation.id),
    activeCourses(),
    recentRemovals(organisation.id),
  ]);
  return {
    organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind },
    isAdmin: user.isAdmin,
    managesScorm: user.isAdmin || heldRoles.includes("college_admin"),
    seesTraining: user.isAdmin || heldRoles.includes("hr"),
    currentUserId: user.id,
    invitable,
    // a .server module's constant is not in the browser bundle: it comes with the data
    undoDays: UNDO_DAYS,
    resentTo,
    // removals of roles this person manages, which can still be undone here
    removals: removals
      .filter((r) => invitable.includes(r.role))
      .map((r) => ({
        eventId: r.eventId,
        name: r.user.name,
        email: r.user.email,
        role: ROLE_LABELS[r.role],
        removedAt: r.removedAt.toISOString(),
        undoUntil: r.undoUntil.toISOString(),
      })),
    invitationDays: Math.round((getEnv().INVITATION_TTL_HOURS / 24) * 10) / 10,
    members,
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      course: i.course?.title ?? null,
      dueAt: i.dueAt?.toISOString() ?? null,
      sentAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      expired: i.expired,
    })),
    courses,
    removal: removal
      ? { eventId: removal.event.id, name: removal.user.name, role: ROLE_LABELS[removal.role] }
      : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation, heldRoles } = await requireOrgRole(request, context, params.orgId!, MANAGERS);
  const form = await readForm(request);
  const intent = form.get("intent");
  const allowed = invitableRoles(heldRoles, user.isAdmin);
  const here = `/org/${organisation.id}`;

  if (intent === "invite") {
    const schema = z.object({
      email: emailField,
      role: z.enum(allowed as [OrgRole, ...OrgRole[]], { error: "Select a role you can invite people to" }),
      course: z.string().max(100).optional(),
    });
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const course = parsed.data.course
      ? (await activeCourses()).find((c) => c.id === parsed.data.course)
      : null;
    if (parsed.data.course && !course) {
      const values = { email: parsed.data.email, role: parsed.data.role, course: "" };
      return data({ intent, errors: { course: "Select a course from the list" }, values }, { status: 400 });
    }
    try {
      await inviteToOrganisation({
        organisation,
        email: parsed.data.email,
        role: parsed.data.role,
        invitedBy: user,
        course,
      });
    } catch (error) {
      logger.error({ err: error, organisationId: organisation.id }, "invitation email failed");
      return data(
        {
          intent,
          errors: { form: "The invitation email could not be sent. Nothing was saved. Try again later." },
          values: { email: parsed.data.email, role: parsed.data.role },
        },
        { status: 502 },
      );
    }
    throw redirect(`${here}?done=invited`);
  }

  if (intent === "grant-role") {
    if (!user.isAdmin) throw new Response("Forbidden", { status: 403 });
    // this form's fields are prefixed so their ids differ from the invitation form's
    const parsed = parseForm(roleGrantSchema, form, {
      email: form.get("grantEmail"),
      role: form.get("grantRole"),
    });
    const prefixed = (e: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(e).map(([k, v]) => [k === "form" ? k : `grant${k[0]!.toUpperCase()}${k.slice(1)}`, v]),
      );
    if (!parsed.ok)
      return data({ intent, errors: prefixed(parsed.errors), values: parsed.values }, { status: 400 });
    const result = await grantRole(organisation.id, parsed.data.email, parsed.data.role, user.id);
    if (!result.ok) {
      const values = { grantEmail: parsed.data.email, grantRole: parsed.data.role };
      return data({ intent, errors: prefixed(result.errors), values }, { status: 400 });
    }
    throw redirect(`${here}?done=granted`);
  }

  if (intent === "undo-removal") {
    const eventId = String(form.get("eventId") ?? "");
    // only a role this person could grant comes back through them
    const removal = await undoableRemoval(organisation.id, eventId);
    const mayGrant = removal && invitableRoles(heldRoles, user.isAdmin).includes(removal.role);
    const ok = mayGrant && (await restoreRole(organisation.id, eventId, user.id));
    if (!ok)
      return data(
        {
          intent,
          errors: {
            form: removal
              ? "You cannot give that role, so only someone who can may undo its removal."
              : "That removal cannot be undone: it has been undone already, or it is too old.",
          },
          values: {},
        },
        { status: 400 },
      );
    throw redirect(`${here}?done=restored`);
  }

  if (intent === "resend-invitation") {
    try {
      const ok = await resendInvitation(organisation, String(form.get("invitationId") ?? ""), user);
      if (!ok)
        return data(
          { intent, errors: { form: "That invitation has already been used or withdrawn." }, values: {} },
          { status: 400 },
        );
    } catch (error) {
      logger.error({ err: error, organisationId: organisation.id }, "invitation email failed");
      return data(
        {
          intent,
          errors: {
            form: "The invitation email could not be sent. The earlier link still works. Try again later.",
          },
          values: {},
        },
        { status: 502 },
      );
    }
    throw redirect(
      `${here}?done=resent&invitation=${encodeURIComponent(String(form.get("invitationId") ?? ""))}#invitations`,
    );
  }

  if (intent === "revoke-invitation") {
    const ok = await revokeInvitation(organisation.id, String(form.get("invitationId") ?? ""), user.id);
    if (!ok)
      return data(
        { intent, errors: { form: "That invitation has already been used or withdrawn." }, values: {} },
        { status: 400 },
      );
    throw redirect(`${here}?done=withdrawn`);
  }

  return data(
    { intent, errors: { form: "Unknown action. Reload the page and try again." }, values: {} },
    { status: 400 },
  );
}

const NOTICES: Record<string, string> = {
  created: "The organisation has been created.",
  invited: "The invitation has been sent.",
  granted: "The role has been granted.",
  restored: "The role has been given back, with the training records it covered.",
  withdrawn: "The invitation has been withdrawn.",
  resent: "The invitation has been sent again with a new link. The earlier link no longer works.",
};

export default function OrganisationPage() {
  const {
    organisation,
    isAdmin,
    managesScorm,
    seesTraining,
    invitable,
    invitationDays,
    members,
    invitations,
    currentUserId,
    courses,
    removal,
    removals,
    undoDays,
    resentTo,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = resentTo
    ? `The invitation to ${resentTo} has been sent again with a new link. The earlier link no longer works.`
    : NOTICES[params.get("done") ?? ""];
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const inviteErrors = actionData?.intent === "invite" ? errors : undefined;
  const grantErrors = actionData?.intent === "grant-role" ? errors : undefined;
  const roleOptions = (roles: readonly OrgRole[]) => [
    { value: "", label: "Select a role" },
    ...roles.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
  ];
  return (
    <>
      {notice ? <Notice>{notice}</Notice> : null}
      {removal ? (
        <div
          className="nhsuk-notification-banner nhsuk-notification-banner--success"
          role="alert"
          aria-labelledby="removed-title"
        >
          <div className="nhsuk-notification-banner__header">
            <h2 className="nhsuk-notification-banner__title" id="removed-title">
              Success
            </h2>
          </div>
          <div className="nhsuk-notification-banner__content">
            <p className="nhsuk-notification-banner__heading">
              {removal.name} no longer has the {removal.role} role here.
            </p>
            <p>Their learning records are kept. If this was a mistake, you can undo it.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="undo-removal" />
              <input type="hidden" name="eventId" value={removal.eventId} />
              <Button variant="secondary">Undo: give {removal.name} the role back</Button>
            </Form>
          </div>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <span className="nhsuk-caption-l">
        {ORG_KIND_LABELS[organisation.kind as OrgKind] ?? organisation.kind}
      </span>
      <h1>{organisation.name}</h1>
      {seesTraining ? (
        <p>
          <Link to={`/org/${organisation.id}/dashboard`}>Training dashboard</Link>: who has started, finished
          and been certified, with due dates and a CSV export.{" "}
          <Link to={`/org/${organisation.id}/enrolments`}>Enrol trainees</Link>
        </p>
      ) : null}
      {managesScorm ? (
        <p>
          <Link to={`/org/${organisation.id}/scorm`}>E-learning library</Link>: upload SCORM content and see
          who has played it. <Link to={`/org/${organisation.id}/college`}>Learners and verifications</Link>
        </p>
      ) : null}

      <h2>People</h2>
      <MembersTable
        organisationId={organisation.id}
        members={members}
        canRemove={(role, userId) =>
          invitable.includes(role as OrgRole) && (isAdmin || userId !== currentUserId)
        }
      />

      {removals.length > 0 ? (
        <>
          <h2 id="removed">Recently removed</h2>
          <p>
            Their learning records are kept. A removal can be undone for {undoDays} days; after that, invite
            them again.
          </p>
          <Table
            caption={`Roles removed in the last ${undoDays} days`}
            headers={["Person", "Role", "Removed", "Undo until", ""]}
            rows={removals.map((r) => ({
              key: r.eventId,
              cells: [
                <>
                  {r.name}
                  <br />
                  <span className="nhsuk-body-s">{r.email}</span>
                </>,
                r.role,
                formatDate(r.removedAt, "medium"),
                formatDate(r.undoUntil, "medium"),
                <Form method="post" key="undo">
                  <input type="hidden" name="intent" value="undo-removal" />
                  <input type="hidden" name="eventId" value={r.eventId} />
                  <Button variant="secondary" aria-label={`Undo removing ${r.name}'s ${r.role} role`}>
                    Undo
                  </Button>
                </Form>,
              ],
            }))}
          />
        </>
      ) : null}

      <h2>Invite someone</h2>
      <p>
        They will get an email with a link that works once and expires after {invitationDays}{" "}
        {invitationDays === 1 ? "day" : "days"}.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <Field
          width="30"
          name="email"
          label="Email address"
          type="email"
          spellCheck={false}
          autoComplete="off"
          defaultValue={inviteErrors ? values.email : undefined}
          error={inviteErrors?.email}
        />
        <SelectField
          name="role"
          label="Role"
          options={roleOptions(invitable)}
          defaultValue={inviteErrors ? values.role : ""}
          error={inviteErrors?.role}
        />
        <SelectField
          name="course"
          label="Enrol them on a course (optional)"
          options={[
            { value: "", label: "No course" },
            ...courses.map((c) => ({ value: c.id, label: c.title })),
          ]}
          defaultValue={inviteErrors ? values.course : ""}
          error={inviteErrors?.course}
        />
        <Button>Send invitation</Button>
      </Form>

      <h2 id="invitations">Pending invitations</h2>
      <PendingInvitationsTable invitations={invitations} />

      {isAdmin ? (
        <>
          <h2>Grant a role to an existing account</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="grant-role" />
            <Field
              name="grantEmail"
              label="Email address of the account"
              type="email"
              spellCheck={false}
              autoComplete="off"
              defaultValue={grantErrors ? values.grantEmail : undefined}
              error={grantErrors?.grantEmail}
            />
            <SelectField
              name="grantRole"
              label="Role to grant"
              options={roleOptions(["trainee", "hr", "college_admin"])}
              defaultValue={grantErrors ? values.grantRole : ""}
              error={grantErrors?.grantRole}
            />
            <Button variant="secondary">Grant role</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
