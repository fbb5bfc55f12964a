import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, SummaryList, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, one, orErrorPage, requireLeadPage } from "~/mentoring/http.server";
import { requestForLead } from "~/mentoring/lead.server";
import { proposeMentor, suggestionsFor } from "~/mentoring/requests.server";
import { AREAS, CONFLICT_RELATIONS, MODES, NATIONS, type Area } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `A request for a mentor - ${SERVICE_NAME}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!);
  const { request: r } = await orErrorPage(() => requestForLead(user.id, organisation.id, params.requestId!));
  const suggestions = r.status === "waiting" ? await orErrorPage(() => suggestionsFor(user, r.id)) : [];
  return {
    organisation: { id: organisation.id, name: organisation.name },
    request: {
      id: r.id,
      mentee: r.mentee.name,
      status: r.status,
      createdAt: r.createdAt,
      areas: (JSON.parse(r.areas) as Area[]).map((a) => AREAS[a]),
      hopes: r.hopes,
      specialty: r.specialty,
      grade: r.grade,
      nation: r.nation,
      modes: (JSON.parse(r.modes) as (keyof typeof MODES)[]).map((m) => MODES[m]),
      conflicts: r.conflicts.map((c) => ({
        relation: CONFLICT_RELATIONS[c.relation as keyof typeof CONFLICT_RELATIONS] ?? c.relation,
        email: c.email,
      })),
      proposals: r.proposals.map((p) => ({
        mentor: p.mentor.user.name,
        status: p.status,
        createdAt: p.createdAt,
      })),
    },
    suggestions,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!);
  const { request: r } = await orErrorPage(() => requestForLead(user.id, organisation.id, params.requestId!));
  const form = await readForm(request);
  const result = await attempt(form, () => proposeMentor(user, r.id, one(form, "profileId")));
  if (!result.ok) return result.response;
  throw redirect(`/org/${organisation.id}/mentoring/requests?done=matched`);
}

const PROPOSAL = {
  pending: "Waiting for their answer",
  accepted: "Said yes",
  declined: "Said no",
  withdrawn: "Withdrawn",
};

export default function LeadRequest() {
  const { organisation, request: r, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/org/${organisation.id}/mentoring`;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: base, label: "Mentoring scheme" },
          { to: `${base}/requests`, label: "Requests" },
        ]}
      />
      <ErrorSummary errors={actionData?.errors} linked={false} />
      <span className="nhsuk-caption-l">A request for a mentor</span>
      <h1>{r.mentee}</h1>
      <SummaryList
        rows={[
          { key: "Asked", value: formatDate(r.createdAt, "long") },
          { key: "Specialty and grade", value: [r.specialty, r.grade].filter(Boolean).join(", ") },
          { key: "Works in", value: NATIONS[r.nation as keyof typeof NATIONS] ?? r.nation },
          { key: "Where a mentor would help", value: r.areas.join("; ") },
          { key: "What they hope for", value: <span className="mt-pre-line">{r.hopes}</span> },
          { key: "Can meet by", value: r.modes.join(", ") },
          {
            key: "Must not be their mentor",
            value: r.conflicts.length
              ? r.conflicts.map((c) => `${c.relation}: ${c.email}`).join("; ")
              : "Nobody named",
          },
        ]}
      />
      {r.proposals.length > 0 ? (
        <Table
          caption="Mentors this request has been put to"
          captionVisible
          headers={["Mentor", "When", "Answer"]}
          rows={r.proposals.map((p, i) => ({
            key: String(i),
            cells: [
              p.mentor,
              formatDate(p.createdAt, "medium"),
              PROPOSAL[p.status as keyof typeof PROPOSAL] ?? p.status,
            ],
          }))}
        />
      ) : null}
      {r.status === "waiting" ? (
        <>
          <h2>Match by hand</h2>
          <p>
            Before you match, check that the mentor does not manage, supervise, appraise or assess this
            doctor. The list leaves out only the people the doctor named whose email address matches their
            account here.
          </p>
          {suggestions.length === 0 ? (
            <p>
              No mentor on the register fits this request now: those named by the doctor, those with no place
              free, paused and not yet qualified mentors are never offered.
            </p>
          ) : (
            <Table
              caption="Mentors who fit, best first"
              captionVisible
              headers={["Mentor", "Why", "Match"]}
              rows={suggestions.map((s) => ({
                key: s.profileId,
                cells: [
                  `${s.name} (${s.specialty}, ${NATIONS[s.nation]})`,
                  s.reason,
                  <Form method="post" key="m">
                    <input type="hidden" name="profileId" value={s.profileId} />
                    <Button>Ask {s.name}</Button>
                  </Form>,
                ],
              }))}
            />
          )}
        </>
      ) : (
        <p>
          {r.status === "proposed"
            ? "This request is with a mentor for their answer."
            : "This request is closed."}
        </p>
      )}
    </>
  );
}
