import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Notice, SummaryList } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { attempt, one, orErrorPage } from "~/mentoring/http.server";
import { proposeMentor, suggestionsFor, withdrawRequest } from "~/mentoring/requests.server";
import { AREAS, MODES, NATIONS, type Area } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { notFound, readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Your request for a mentor - ${SERVICE_NAME}` }];

/** the request, for its own mentee only: a lead works on requests from the scheme's pages */
async function ownRequest(requestId: string, userId: string) {
  const request = await prisma.mentorRequest.findUnique({
    where: { id: requestId },
    include: {
      scheme: { select: { id: true, name: true, matchingMode: true } },
      proposals: {
        where: { status: "pending" },
        select: {
          mentor: { select: { user: { select: { name: true } } } },
          createdAt: true,
          proposedById: true,
        },
      },
      relationship: { select: { id: true } },
    },
  });
  if (!request || request.menteeId !== userId) notFound();
  return request;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const own = await ownRequest(params.requestId!, user.id);
  const suggestions =
    own.status === "waiting" && own.scheme.matchingMode === "mentee_chooses"
      ? await orErrorPage(() => suggestionsFor(user, own.id))
      : [];
  return {
    request: {
      id: own.id,
      status: own.status,
      createdAt: own.createdAt,
      areas: (JSON.parse(own.areas) as Area[]).map((a) => AREAS[a]),
      scheme: own.scheme,
      // the mentor the mentee chose is named; one a lead asked is not (so a no stays unnamed)
      withMentor: own.proposals[0]?.proposedById === user.id ? own.proposals[0].mentor.user.name : null,
      relationshipId: own.relationship?.id ?? null,
    },
    suggestions,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const own = await ownRequest(params.requestId!, user.id);
  const form = await readForm(request);
  const intent = one(form, "intent");
  if (intent === "withdraw") {
    const result = await attempt(form, () => withdrawRequest(user.id, own.id));
    if (!result.ok) return result.response;
    throw redirect(`/mentoring/requests/${own.id}?done=withdrawn`);
  }
  if (intent === "choose") {
    const result = await attempt(form, () => proposeMentor(user, own.id, one(form, "profileId")));
    if (!result.ok) return result.response;
    throw redirect(`/mentoring/requests/${own.id}?done=chosen`);
  }
  throw new Response("Unknown action", { status: 400 });
}

const DONE: Record<string, string> = {
  asked: "Your request has been sent to the scheme.",
  chosen: "Your request has gone to the mentor you chose. You will get an email when they answer.",
  withdrawn: "Your request has been withdrawn.",
};

export default function YourRequest() {
  const { request, suggestions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const status =
    request.status === "waiting"
      ? request.scheme.matchingMode === "mentee_chooses"
        ? "Waiting for you to choose a mentor"
        : "Waiting for a scheme lead to match you with a mentor"
      : request.status === "proposed"
        ? `With ${request.withMentor ?? "a mentor"}, waiting for their answer`
        : request.status === "matched"
          ? "Matched"
          : "Withdrawn";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/mentoring", label: "Mentoring" }]} />
        {done && !actionData ? <Notice>{done}</Notice> : null}
        <ErrorSummary errors={actionData?.errors} linked={false} />
        <span className="nhsuk-caption-l">{request.scheme.name}</span>
        <h1>Your request for a mentor</h1>
        <SummaryList
          rows={[
            { key: "Asked", value: formatDate(request.createdAt, "long") },
            { key: "Where a mentor would help", value: request.areas.join("; ") },
            { key: "Status", value: status },
          ]}
        />
        {request.relationshipId ? (
          <p>
            <Link to={`/mentoring/pairs/${request.relationshipId}`}>Go to your mentoring page</Link>
          </p>
        ) : null}

        {request.status === "waiting" && request.scheme.matchingMode === "mentee_chooses" ? (
          <section aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">Mentors who fit your request</h2>
            {suggestions.length === 0 ? (
              <p>
                No mentor on the register fits your request at the moment: every mentor who could is taken, or
                none meets what you asked. Your request stays open, and the scheme&apos;s leads can see that
                it is waiting. New mentors join from time to time. If you can meet in more ways (for example
                by video), you could withdraw this request and ask again with those ways ticked.
              </p>
            ) : (
              <>
                <p>
                  The best fit comes first. We do not show mentors with no place free, or the people you said
                  must not be your mentor (when the email address you gave matches their account). If anyone
                  here manages, supervises or assesses you, do not choose them. Choose one: they can say yes
                  or no.
                </p>
                {suggestions.map((s) => (
                  <div className="nhsuk-card" key={s.profileId}>
                    <div className="nhsuk-card__content">
                      <h3 className="nhsuk-card__heading">{s.name}</h3>
                      <p className="nhsuk-body-s">{s.reason}</p>
                      <SummaryList
                        rows={[
                          { key: "Specialty", value: [s.specialty, s.grade].filter(Boolean).join(", ") },
                          {
                            key: "Works in",
                            value: [NATIONS[s.nation], s.region].filter(Boolean).join(", "),
                          },
                          { key: "Can meet by", value: s.modes.map((m) => MODES[m]).join(", ") },
                          {
                            key: "Mentoring course",
                            value: s.certified ? (
                              <strong className="nhsuk-tag nhsuk-tag--green">Certificate verified</strong>
                            ) : (
                              "No certificate from this course; approved by a scheme lead"
                            ),
                          },
                          ...(s.note
                            ? [{ key: "About them", value: <span className="mt-pre-line">{s.note}</span> }]
                            : []),
                        ]}
                      />
                      <Form method="post">
                        <input type="hidden" name="profileId" value={s.profileId} />
                        <Button name="intent" value="choose">
                          Choose {s.name}
                        </Button>
                      </Form>
                    </div>
                  </div>
                ))}
              </>
            )}
          </section>
        ) : null}

        {request.status === "waiting" || request.status === "proposed" ? (
          <>
            <h2>Withdraw your request</h2>
            <p>If you no longer want a mentor, you can withdraw. You can ask again later.</p>
            <Form method="post">
              <Button name="intent" value="withdraw" variant="secondary">
                Withdraw your request
              </Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
