import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Button, ErrorSummary, Notice } from "~/components/forms";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { leadsToCertificate } from "~/courses/assessment";
import { ActionLink } from "~/components/action-link";
import { SERVICE_NAME } from "~/components/layout";
import { ProgressBar, StatusTag } from "~/components/progress";
import { courseForUser, enrol, EnrolmentError } from "~/courses/courses.server";
import { modulePath } from "~/courses/paths";
import { continueTarget, courseProgress } from "~/courses/progress.server";
import { SKILL_LABELS } from "~/courses/types";
import { notFound } from "~/utils/http.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.course.title ?? "Course"} - ${SERVICE_NAME}` },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = context.user;
  const view = await courseForUser(params.courseId!, user?.id ?? null);
  if (!view) notFound();
  const def = view.definition;
  const course = {
    id: def.id,
    title: def.title,
    summary: def.summary,
    cpdHours: def.cpdHours,
    outcomes: def.outcomes,
    enrolment: def.enrolment,
    versionLabel: def.versionLabel,
    certifies: leadsToCertificate(def),
    /** a package's providers see results in it (decision 022) */
    hasElearning: def.modules.some((m) => m.activities.some((a) => a.kind === "scorm")),
  };
  const modules = def.modules.map((m) => ({
    id: m.id,
    title: m.title,
    summary: m.summary,
    skill: m.skill ? SKILL_LABELS[m.skill] : null,
    estimatedMinutes: m.estimatedMinutes,
    required: def.requiredModules.includes(m.id),
  }));
  if (!view.enrolment || !user) return { course, modules, signedIn: Boolean(user), enrolled: null };
  const progress = await courseProgress(view.enrolment, def);
  const next = continueTarget(progress);
  return {
    course,
    modules,
    signedIn: true,
    enrolled: {
      completedAt: view.enrolment.completedAt?.toISOString() ?? null,
      state: progress.state,
      percent: progress.percent,
      activitiesDone: progress.activitiesDone,
      activitiesTotal: progress.activitiesTotal,
      reflection: progress.reflection,
      modules: progress.modules.map((m) => ({
        id: m.id,
        state: m.state,
        done: m.requiredDone,
        total: m.requiredTotal,
      })),
      next: next
        ? {
            href: `${modulePath(def.id, next.moduleId)}/${next.activityId}`,
            title: next.title,
            started: next.started,
          }
        : null,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  try {
    await enrol(user.id, params.courseId!);
  } catch (error) {
    if (error instanceof EnrolmentError) return data({ error: error.message }, { status: 403 });
    throw error;
  }
  throw redirect(`/courses/${params.courseId}`);
}

export default function CoursePage() {
  const { course, modules, signedIn, enrolled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const progressOf = (id: string) => enrolled?.modules.find((m) => m.id === id);
  return (
    <>
      <Breadcrumbs items={[{ to: "/courses", label: "Courses" }]} />
      {params.get("done") === "reflection" ? <Notice>Your reflection has been saved.</Notice> : null}
      <ErrorSummary errors={actionData ? { form: actionData.error } : undefined} />
      <h1>{course.title}</h1>
      <p className="nhsuk-lede-text">{course.summary}</p>
      <p className="nhsuk-body-s">
        {course.cpdHours} CPD {course.cpdHours === 1 ? "hour" : "hours"} · version {course.versionLabel}
      </p>
      {course.certifies ? null : (
        <p className="nhsuk-body-s">
          This course records your completion but does not lead to a certificate: its e-learning marks itself
          in your browser, so the result cannot be verified.
        </p>
      )}

      {enrolled ? (
        <>
          {enrolled.completedAt ? (
            <div className="nhsuk-panel">
              <h2 className="nhsuk-panel__title">Course completed</h2>
              <div className="nhsuk-panel__body">
                You completed this course on {formatDate(enrolled.completedAt, "long")}.
              </div>
            </div>
          ) : null}
          <ProgressBar
            done={enrolled.activitiesDone}
            total={enrolled.activitiesTotal}
            unit="required activities"
            label={`Course progress: ${enrolled.activitiesDone} of ${enrolled.activitiesTotal} required activities completed`}
          />
          {enrolled.reflection.required && !enrolled.reflection.done ? (
            <p>
              This course asks for a reflective note before it is complete.{" "}
              <Link to={`/courses/${course.id}/reflection`}>Write your reflection</Link>.
            </p>
          ) : null}
          {enrolled.next ? (
            <ActionLink to={enrolled.next.href}>
              {enrolled.next.started ? "Continue where you left off" : "Start the course"}:{" "}
              {enrolled.next.title}
            </ActionLink>
          ) : null}
        </>
      ) : (
        <>
          <h2>What you will learn</h2>
          <ul>
            {course.outcomes.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
          {course.enrolment === "invitation" ? (
            <p>This course is by invitation. Your organisation can enrol you.</p>
          ) : signedIn ? (
            <Form method="post">
              <Button>Enrol on this course</Button>
            </Form>
          ) : (
            <p>
              <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/courses/${course.id}`)}`}>Sign in</Link>{" "}
              or <Link to="/register">create an account</Link> to enrol.
            </p>
          )}
        </>
      )}

      {enrolled ? (
        <>
          <h2>Your reflection</h2>
          <p>
            {enrolled.reflection.done ? "You have written a reflection on this course. " : ""}
            <Link to={`/courses/${course.id}/reflection`}>
              {enrolled.reflection.done
                ? "Read or change your reflection"
                : "Write a reflection on this course"}
            </Link>{" "}
            ({enrolled.reflection.required ? "required to complete the course" : "optional"}; it goes into
            your CPD record).
          </p>
        </>
      ) : null}

      <h2>Who sees your progress</h2>
      <ul>
        <li>You see everything you do on the course.</li>
        <li>
          People with an HR role in an organisation you belong to see your enrolment, your progress in each
          module, your quiz attempts and scores, your role-play scores for each skill, how long each attempt
          took, and your certificate.
        </li>
        <li>
          They never see your reflections, your private notes, your answers to reflective questions or what
          you said in the role-play conversations.
        </li>
        {course.hasElearning ? (
          <li>
            The organisation that provides an e-learning package in this course (for example a royal college)
            sees your results in that package: whether you completed and passed it, your score, the time you
            spent and when. It sees them under a code, not your name, unless you hold a role in that
            organisation.
          </li>
        ) : null}
        <li>
          Anyone you give your certificate code to can check it on the public verification page: it shows your
          name, your GMC number if you gave one, the course, the dates and the results recorded on the
          certificate.
        </li>
      </ul>

      <h2>Modules</h2>
      <ol className="nhsuk-list">
        {modules.map((m, i) => {
          const p = progressOf(m.id);
          return (
            <li key={m.id} className="nhsuk-card">
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  {enrolled ? (
                    <Link to={modulePath(course.id, m.id)}>
                      Module {i}: {m.title}
                    </Link>
                  ) : (
                    <>
                      Module {i}: {m.title}
                    </>
                  )}
                </h3>
                <p className="nhsuk-card__description">{m.summary}</p>
                <p className="nhsuk-body-s">
                  {m.skill ? `Skill: ${m.skill} · ` : ""}about {m.estimatedMinutes} minutes
                  {m.required ? "" : " · optional"}
                </p>
                {p ? (
                  <>
                    <StatusTag state={p.state} />
                    <ProgressBar
                      done={p.done}
                      total={p.total}
                      label={`${m.title}: ${p.done} of ${p.total} activities completed`}
                    />
                  </>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
