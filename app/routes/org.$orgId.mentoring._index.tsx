import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Notice, SummaryList, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
// MIN_GROUP from the shared vocabulary: a .server module is empty in the browser's bundle
import { schemeDashboard } from "~/mentoring/dashboard.server";
import { orErrorPage, requireLeadPage } from "~/mentoring/http.server";
import { schemeOf } from "~/mentoring/schemes.server";
import { MATCHING_MODES, MENTOR_ENTRY, MIN_GROUP } from "~/mentoring/vocabulary";
import { counted } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Mentoring scheme - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

// the scheme lead's dashboard: counts only (decision 028). nothing a pair wrote is read for it.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation, heldRoles } = await requireLeadPage(request, context, params.orgId!, {
    adminToo: true,
  });
  const org = { id: organisation.id, name: organisation.name };
  const isLead = heldRoles.includes("scheme_lead");
  if (!(await schemeOf(organisation.id))) return { organisation: org, isLead, dashboard: null };
  const dashboard = await orErrorPage(() => schemeDashboard(user, organisation.id));
  return { organisation: org, isLead, dashboard };
}

type Ratings =
  | { shown: false }
  | { shown: true; people: number; helpful: number; goalsMet: number; recommendPercent: number };

function RatingRow({ label, r }: { label: string; r: Ratings }) {
  return r.shown ? (
    <tr className="nhsuk-table__row">
      <th scope="row" className="nhsuk-table__header">
        {label}
      </th>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.people}</td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.helpful} out of 5</td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.goalsMet} out of 5</td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.recommendPercent}%</td>
    </tr>
  ) : (
    <tr className="nhsuk-table__row">
      <th scope="row" className="nhsuk-table__header">
        {label}
      </th>
      <td className="nhsuk-table__cell" colSpan={4}>
        Not shown: too few people answered to show this without revealing someone&apos;s answer
      </td>
    </tr>
  );
}

export default function SchemeDashboard() {
  const { organisation, isLead, dashboard: d } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/org/${organisation.id}/mentoring`;
  if (!d) {
    return (
      <>
        <Breadcrumbs items={[{ to: `/org/${organisation.id}`, label: organisation.name }]} />
        <h1>Mentoring scheme</h1>
        <p>{organisation.name} does not run a mentoring scheme on this service yet.</p>
        <p>
          <Link to={`${base}/settings`}>Set up the scheme</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={[{ to: `/org/${organisation.id}`, label: organisation.name }]} />
      {params.get("done") === "saved" ? <Notice>The scheme&apos;s settings have been saved.</Notice> : null}
      <span className="nhsuk-caption-l">{organisation.name}</span>
      <h1>{d.scheme.name}</h1>
      <p className="nhsuk-lede-text">
        {d.scheme.open ? "Open to new mentors and requests." : "Closed to new mentors and requests."}{" "}
        {MATCHING_MODES[d.scheme.matchingMode as keyof typeof MATCHING_MODES]}.
      </p>
      <p>
        These are counts only. What a mentor and mentee write (their agreement, notes, goals, action points
        and evaluation comments) is theirs: it is not shown to anyone else, including you. You know who is paired
        with whom; keep that to yourself too.
      </p>
      <ul className="nhsuk-list">
        {isLead ? (
          <>
            <li>
              <Link to={`${base}/requests`}>The queue: requests waiting for a mentor</Link>
            </li>
            <li>
              <Link to={`${base}/register`}>The register of mentors</Link>
            </li>
          </>
        ) : null}
        <li>
          <Link to={`${base}/settings`}>The scheme&apos;s settings</Link>
        </li>
      </ul>

      <h2>The register</h2>
      <SummaryList
        rows={[
          { key: "Mentors on the register", value: d.register.mentors },
          { key: "Places free now", value: d.register.spacesFree },
          { key: "Mentors with no place free", value: d.register.atCapacity },
          { key: "Mentors paused", value: d.register.paused },
          { key: "Waiting for approval", value: d.register.awaitingApproval },
          { key: "Who may join", value: MENTOR_ENTRY[d.scheme.mentorEntry as keyof typeof MENTOR_ENTRY] },
        ]}
      />

      <h2>Requests</h2>
      <SummaryList
        rows={[
          { key: "Waiting for a mentor", value: d.requests.waiting },
          { key: "With a mentor for their answer", value: d.requests.withAMentor },
          {
            key: "Longest wait",
            value:
              d.requests.longestWaitDays === null
                ? "Nobody is waiting"
                : counted(d.requests.longestWaitDays, "day"),
          },
          {
            key: "Time from request to match (median)",
            value:
              d.requests.medianDaysToMatch === null
                ? "No matches yet"
                : counted(Math.round(d.requests.medianDaysToMatch * 10) / 10, "day"),
          },
        ]}
      />
      {d.requests.areasWaiting.length > 0 ? (
        <Table
          caption="Areas the waiting requests ask for help with"
          captionVisible
          headers={["Area", { label: "Requests", numeric: true }]}
          rows={d.requests.areasWaiting.map((a) => ({ key: a.area, cells: [a.label, a.count] }))}
        />
      ) : null}

      <h2>Mentoring pairs</h2>
      <SummaryList
        rows={[
          { key: "Active pairs", value: d.pairs.active },
          {
            key: "Meetings per active pair (median)",
            value: d.pairs.medianMeetings === null ? "No active pairs" : d.pairs.medianMeetings,
          },
          { key: "Relationships that have ended", value: d.pairs.ended },
        ]}
      />

      <h2>Evaluations</h2>
      <p>
        Averages of the ratings people give when a relationship ends, for each quarter of the year once it has
        ended. A quarter&apos;s figures are shown only when {MIN_GROUP} or more people answered in it, and
        mentees and mentors are shown apart only when each group has {MIN_GROUP} or more. Figures never change
        as answers come in, so no one&apos;s answer can be worked out from a change. Do not use them about any
        one mentor.
      </p>
      <p>Answers given in {d.evaluations.inProgress} will be shown when the quarter ends.</p>
      {d.evaluations.quarters.length === 0 ? (
        <p>No quarter that has ended has evaluations yet.</p>
      ) : (
        d.evaluations.quarters.map((q) => (
          <table className="nhsuk-table" key={q.label}>
            <caption className="nhsuk-table__caption">{q.label}</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Who
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  People
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  How helpful
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Goals met
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Would recommend
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              <RatingRow label="Everyone" r={q.all} />
              <RatingRow label="Mentees" r={q.mentees} />
              <RatingRow label="Mentors" r={q.mentors} />
            </tbody>
          </table>
        ))
      )}
    </>
  );
}
