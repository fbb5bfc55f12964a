import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { cpdRecord, mentoringCpdRecord } from "~/certificates/cpd.server";
import { SERVICE_NAME } from "~/components/layout";

export const meta: MetaFunction = () => [{ title: `My CPD record - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const [entries, mentoring] = await Promise.all([cpdRecord(user.id), mentoringCpdRecord(user.id)]);
  return { entries, mentoring };
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "Europe/London" });

export default function Cpd() {
  const { entries, mentoring } = useLoaderData<typeof loader>();
  const courseHours = entries.reduce((s, e) => s + e.cpdHours, 0);
  const mentoringHours = mentoring.reduce((s, m) => s + m.hours, 0);
  return (
    <>
      <h1>My CPD record</h1>
      <p className="nhsuk-lede-text">
        Courses you have completed, ready for your appraisal and revalidation portfolio: {courseHours} CPD
        hours.
        {mentoring.length
          ? ` Mentoring: ${mentoringHours} hours in mentoring meetings, with your reflections (whether they count as CPD, and how much, is for your royal college or faculty and your appraiser).`
          : ""}
      </p>
      <p>
        <a href="/cpd.pdf">Download your CPD record (PDF)</a>
      </p>
      {entries.length === 0 ? <p>You have not completed a course yet.</p> : null}
      {entries.map((e) => (
        <div className="nhsuk-card" key={`${e.courseId}-${e.version}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m">{e.title}</h2>
            <p>
              Version {e.version} · completed {day(e.completedAt)} · {e.cpdHours} CPD hours
            </p>
            {e.certificate ? (
              <p>
                Certificate <Link to={`/verify/${e.certificate.code}`}>{e.certificate.code}</Link>
                {e.certificate.revoked ? " (revoked)" : ""}
              </p>
            ) : null}
            <h3 className="nhsuk-heading-s">Learning outcomes</h3>
            <ul>
              {e.outcomes.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
            <h3 className="nhsuk-heading-s">Your reflection</h3>
            {e.reflection ? (
              <dl className="nhsuk-summary-list">
                {[
                  ["What happened", e.reflection.whatHappened],
                  ["What I learned", e.reflection.whatLearned],
                  ["How it will change my practice", e.reflection.changePractice],
                  ["Further learning needs", e.reflection.furtherNeeds || "None given"],
                ].map(([k, v]) => (
                  <div className="nhsuk-summary-list__row" key={k}>
                    <dt className="nhsuk-summary-list__key">{k}</dt>
                    <dd className="nhsuk-summary-list__value app-reflection">{v}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p>
                <Link to={`/courses/${e.courseId}/reflection`}>Add a reflection</Link>
              </p>
            )}
          </div>
        </div>
      ))}
      {mentoring.length > 0 ? (
        <>
          <h2>Mentoring</h2>
          <p>
            Your hours as a mentor, from the meetings you logged, with your reflection. Your mentees are not
            named and nothing you wrote together is included.
          </p>
          {mentoring.map((m) => (
            <div className="nhsuk-card" key={m.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">Mentoring a doctor, {m.scheme}</h3>
                <p>
                  {day(m.startedAt)} to {m.endedAt ? day(m.endedAt) : "now"} · {m.hours} hours
                </p>
                <p className="app-reflection">{m.reflection}</p>
              </div>
            </div>
          ))}
        </>
      ) : null}
    </>
  );
}
