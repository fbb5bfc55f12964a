import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { ErrorSummary, Notice, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, one, orErrorPage, requireLeadPage } from "~/mentoring/http.server";
import { registerFor } from "~/mentoring/lead.server";
import { approveMentor } from "~/mentoring/schemes.server";
import { NATIONS } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Register of mentors - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!);
  const { scheme, mentors } = await orErrorPage(() => registerFor(user.id, organisation.id));
  return {
    organisation: { id: organisation.id, name: organisation.name },
    scheme: { name: scheme.name, mentorEntry: scheme.mentorEntry },
    mentors,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!);
  const form = await readForm(request);
  const profileId = one(form, "profileId");
  // the profile must be on this organisation's register: approveMentor checks the lead's scheme
  const result = await attempt(form, () => approveMentor(user, profileId));
  if (!result.ok) return result.response;
  throw redirect(`/org/${organisation.id}/mentoring/register?done=approved`);
}

export default function Register() {
  const { organisation, scheme, mentors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const canApprove = scheme.mentorEntry !== "certificate";
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: `/org/${organisation.id}/mentoring`, label: "Mentoring scheme" },
        ]}
      />
      {params.get("done") === "approved" && !actionData ? (
        <Notice>The mentor has been approved.</Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} linked={false} />
      <span className="nhsuk-caption-l">{scheme.name}</span>
      <h1>The register of mentors</h1>
      {mentors.length === 0 ? (
        <p>No one is on the register yet. Members can join from their Mentoring page.</p>
      ) : (
        <Table
          caption={`${mentors.length} mentors on the register`}
          headers={[
            "Mentor",
            "Specialty",
            "Nation",
            { label: "Places taken", numeric: true },
            "Status",
            "Joined",
          ]}
          rows={mentors.map((m) => ({
            key: m.id,
            cells: [
              m.name,
              [m.specialty, m.grade].filter(Boolean).join(", "),
              NATIONS[m.nation as keyof typeof NATIONS] ?? m.nation,
              `${m.taken} of ${m.capacity}`,
              <>
                {m.certified
                  ? "Certificate valid"
                  : m.approved
                    ? "Approved by a lead"
                    : m.joinedWithCertificate
                      ? "Certificate no longer valid: not suggested"
                      : "Waiting for approval"}
                {m.paused ? ", paused" : ""}
                {!m.certified && !m.approved && canApprove ? (
                  <Form method="post" key="a">
                    <input type="hidden" name="profileId" value={m.id} />
                    <button
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      type="submit"
                    >
                      Approve<span className="nhsuk-u-visually-hidden"> {m.name}</span>
                    </button>
                  </Form>
                ) : null}
              </>,
              formatDate(m.joinedAt, "medium"),
            ],
          }))}
        />
      )}
    </>
  );
}
