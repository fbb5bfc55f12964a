import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ActionLink } from "~/components/action-link";
import { SERVICE_NAME } from "~/components/layout";
import { ProgressBar, StatusTag } from "~/components/progress";
import { definitionFor } from "~/courses/courses.server";
import { activityPath } from "~/courses/paths";
import { continueTarget, courseProgress } from "~/courses/progress.server";
import { prisma } from "~/db.server";
import { homeFor } from "~/organisations/workspace.server";
import { formatCode } from "~/certificates/code";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: `Your learning - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const enrolments = await prisma.enrolment.findMany({
    where: { userId: user.id },
    include: { certificate: true, reflection: { select: { id: true } } },
    orderBy: { enrolledAt: "desc" },
  });
  const courses = await Promise.all(
    enrolments.map(async (e) => {
      const def = await definitionFor(e.courseVersionId);
      const progress = await courseProgress(e, def, e.reflection !== null);
      const next = continueTarget(progress);
      return {
        id: def.id,
        title: def.title,
        state: progress.state,
        percent: progress.percent,
        activitiesDone: progress.activitiesDone,
        activitiesTotal: progress.activitiesTotal,
        completedAt: e.completedAt?.toISOString() ?? null,
        certificate: e.certificate
          ? {
              id: e.certificate.id,
              code: formatCode(e.certificate.code),
              revoked: Boolean(e.certificate.revokedAt),
            }
          : null,
        next: next
          ? {
              href: activityPath(def.id, next.moduleId, next.activityId),
              title: next.title,
              started: next.started,
            }
          : null,
      };
    }),
  );
  const home = await homeFor(user, request);
  return { name: user.name, courses, workspace: home === "/dashboard" ? null : home };
}

export default function Dashboard() {
  const { name, courses, workspace } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your learning</h1>
      <p className="nhsuk-lede-text">Welcome, {name}.</p>
      {courses.length === 0 ? (
        <>
          <p>You are not enrolled on a course yet.</p>
          {workspace ? (
            <p>
              Your organisation tools are in the menu above. <Link to={workspace}>Go to your workspace</Link>.
            </p>
          ) : null}
          <ActionLink to="/courses">Browse courses</ActionLink>
        </>
      ) : (
        courses.map((c) => (
          <div className="nhsuk-card" key={c.id}>
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading nhsuk-heading-m">
                <Link to={`/courses/${c.id}`}>{c.title}</Link>
              </h2>
              <StatusTag state={c.state} />
              <ProgressBar
                done={c.activitiesDone}
                total={c.activitiesTotal}
                unit="required activities"
                label={`${c.title}: ${c.activitiesDone} of ${c.activitiesTotal} required activities completed`}
              />
              {c.completedAt ? <p>Completed on {formatDate(c.completedAt, "long")}.</p> : null}
              {c.certificate ? (
                <div className="nhsuk-inset-text">
                  <span className="nhsuk-u-visually-hidden">Information: </span>
                  <p>
                    Your certificate: verification code <strong>{c.certificate.code}</strong>
                    {c.certificate.revoked ? " (revoked)" : ""}.
                  </p>
                  <ul className="nhsuk-list">
                    <li>
                      <a href={`/certificates/${c.certificate.id}.pdf`}>Download the certificate (PDF)</a>
                    </li>
                    <li>
                      <a href={`/certificates/${c.certificate.id}/credential.jwt`}>
                        Download the digital credential (Open Badges, .jwt)
                      </a>
                    </li>
                    <li>
                      <a href={`/certificates/${c.certificate.id}/credential.json`}>
                        Download the credential as JSON
                      </a>
                    </li>
                    <li>
                      <a href={`/verify/${c.certificate.code}`}>
                        See what an employer sees when they check it
                      </a>
                    </li>
                  </ul>
                </div>
              ) : null}
              {c.next ? (
                <ActionLink to={c.next.href}>
                  {c.next.started ? "Continue where you left off" : "Start"}: {c.next.title}
                </ActionLink>
              ) : null}
            </div>
          </div>
        ))
      )}
      <h2>Mentoring</h2>
      <p>
        Find a mentor through your organisation&apos;s mentoring scheme, or, once you hold the mentoring
        course&apos;s certificate, offer to mentor others. <Link to="/mentoring">Go to Mentoring</Link>.
      </p>
    </>
  );
}
