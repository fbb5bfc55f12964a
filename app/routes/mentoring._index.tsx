import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Button, ErrorSummary, Notice, SummaryList } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { mentoringHome } from "~/mentoring/home.server";
import { attempt, one } from "~/mentoring/http.server";
import { answerProposal } from "~/mentoring/requests.server";
import { MODES, NATIONS } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Mentoring - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return mentoringHome(user.id);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const intent = one(form, "intent");
  if (intent !== "accept" && intent !== "decline") {
    throw new Response("Unknown action", { status: 400 });
  }
  const result = await attempt(form, () =>
    answerProposal(user.id, one(form, "proposalId"), intent === "accept"),
  );
  if (!result.ok) return result.response;
  if (result.value) throw redirect(`/mentoring/pairs/${result.value.id}?done=accepted`);
  throw redirect("/mentoring?done=declined");
}

const DONE: Record<string, string> = {
  declined: "You have said no. The request goes back to the scheme; nobody is told why.",
  left: "You have left the scheme.",
};

export default function MentoringHome() {
  const { schemes, proposals, relationships } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const active = relationships.filter((r) => !r.endedAt);
  const ended = relationships.filter((r) => r.endedAt);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {done && !actionData ? <Notice>{done}</Notice> : null}
        <ErrorSummary errors={actionData?.errors} linked={false} />
        <h1>Mentoring</h1>
        <p className="nhsuk-lede-text">
          Find a mentor through your organisation&apos;s mentoring scheme, or offer to mentor others once you
          have finished the mentoring course.
        </p>

        {proposals.length > 0 ? (
          <section aria-labelledby="asked-heading">
            <h2 id="asked-heading">Doctors asking you to mentor them</h2>
            <p>
              You can say yes or no. You do not need to give a reason, and nobody is told one. The doctor will
              know that the mentor they chose said no, and the scheme&apos;s leads see who said yes or no.
            </p>
            <p>
              Before you say yes, check that you do not manage, supervise, appraise or assess this doctor, for
              example on an ARCP or interview panel. If you do, say no: the scheme will find someone else.
            </p>
            {proposals.map((p) => (
              <div className="nhsuk-card" key={p.id}>
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">{p.mentee}</h3>
                  <SummaryList
                    rows={[
                      { key: "Asked", value: formatDate(p.createdAt, "long") },
                      {
                        key: "Specialty and grade",
                        value: [p.specialty, p.grade].filter(Boolean).join(", "),
                      },
                      { key: "Works in", value: NATIONS[p.nation as keyof typeof NATIONS] ?? p.nation },
                      { key: "Where a mentor would help", value: p.areas.join("; ") },
                      {
                        key: "Can meet by",
                        value: p.modes.map((m) => MODES[m as keyof typeof MODES] ?? m).join(", "),
                      },
                      { key: "What they hope for", value: <span className="mt-pre-line">{p.hopes}</span> },
                    ]}
                  />
                  <Form method="post" className="nhsuk-button-group">
                    <input type="hidden" name="proposalId" value={p.id} />
                    <Button name="intent" value="accept">
                      Yes, mentor {p.mentee}
                    </Button>
                    <Button name="intent" value="decline" variant="secondary">
                      No, not this time
                    </Button>
                  </Form>
                </div>
              </div>
            ))}
          </section>
        ) : null}

        <h2>Your mentoring</h2>
        {active.length === 0 ? (
          <p>You have no mentoring relationship at the moment.</p>
        ) : (
          <ul className="nhsuk-list">
            {active.map((r) => (
              <li key={r.id}>
                <Link to={`/mentoring/pairs/${r.id}`}>
                  {r.role === "mentor" ? `Mentoring ${r.other}` : `Mentored by ${r.other}`}
                </Link>{" "}
                ({r.scheme}, since {formatDate(r.startedAt, "long")})
              </li>
            ))}
          </ul>
        )}
        {ended.length > 0 ? (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Relationships that have ended ({ended.length})
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <ul className="nhsuk-list">
                {ended.map((r) => (
                  <li key={r.id}>
                    <Link to={`/mentoring/pairs/${r.id}`}>
                      {r.role === "mentor" ? `Mentoring ${r.other}` : `Mentored by ${r.other}`}
                    </Link>{" "}
                    (ended {formatDate(r.endedAt!, "long")})
                  </li>
                ))}
              </ul>
            </div>
          </details>
        ) : null}

        <h2>Schemes you can use</h2>
        {schemes.length === 0 ? (
          <p>
            None of your organisations runs a mentoring scheme on this service yet. If you are in training,
            your deanery can tell you about mentoring schemes in your area: in England, NHS England&apos;s
            regional Workforce, Training and Education team; in Scotland, NES; in Wales, HEIW; in Northern
            Ireland, NIMDTA. Consultants, SAS doctors and GPs can also ask their employer&apos;s medical
            education team or their royal college or faculty.
          </p>
        ) : (
          schemes.map((s) => (
            <div className="nhsuk-card" key={s.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading">{s.name}</h3>
                <p>
                  Run by {s.organisation}.{s.open ? "" : " Not taking new mentors or requests at the moment."}
                </p>
                {s.description ? <p className="mt-pre-line">{s.description}</p> : null}
                <ul className="nhsuk-list">
                  <li>
                    {s.request ? (
                      <Link to={`/mentoring/requests/${s.request.id}`}>
                        Your request for a mentor (
                        {s.request.status === "waiting" ? "waiting" : "with a mentor for their answer"})
                      </Link>
                    ) : s.open ? (
                      <Link to={`/mentoring/schemes/${s.id}/request`}>Ask for a mentor</Link>
                    ) : null}
                  </li>
                  <li>
                    {s.profile ? (
                      <Link to={`/mentoring/schemes/${s.id}/mentor`}>
                        Your place on the register
                        {s.profile.awaitingApproval
                          ? " (waiting for a scheme lead's approval)"
                          : s.profile.paused
                            ? " (paused)"
                            : ` (${s.profile.taken} of ${s.profile.capacity} places taken)`}
                      </Link>
                    ) : s.open ? (
                      <Link to={`/mentoring/schemes/${s.id}/mentor`}>
                        {s.certified || s.mentorEntry !== "certificate"
                          ? "Join the register of mentors"
                          : "Join the register of mentors (needs the mentoring course certificate)"}
                      </Link>
                    ) : null}
                  </li>
                  {s.inScheme ? (
                    <li>
                      <Link to={`/mentoring/schemes/${s.id}/my-data`}>
                        Your data in this scheme, and leaving it
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </div>
            </div>
          ))
        )}
      </div>
    </div>
  );
}
