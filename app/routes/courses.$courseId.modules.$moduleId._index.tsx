import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ACTIVITY_KINDS } from "~/activities/registry.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { SERVICE_NAME } from "~/components/layout";
import { ProgressBar, StatusTag } from "~/components/progress";
import { requireEnrolment } from "~/courses/guards.server";
import { activityPath, coursePath } from "~/courses/paths";
import { courseProgress } from "~/courses/progress.server";
import { SKILL_LABELS } from "~/courses/types";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.module.title ?? "Module"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { enrolment, definition } = await requireEnrolment(request, context, params.courseId!);
  const mod = definition.modules.find((m) => m.id === params.moduleId);
  if (!mod) notFound();
  const progress = (await courseProgress(enrolment, definition)).modules.find((m) => m.id === mod.id)!;
  return {
    course: { id: definition.id, title: definition.title },
    module: {
      id: mod.id,
      title: mod.title,
      summary: mod.summary,
      skill: mod.skill ? SKILL_LABELS[mod.skill] : null,
      outcomes: mod.outcomes,
      estimatedMinutes: mod.estimatedMinutes,
    },
    progress: { state: progress.state, done: progress.requiredDone, total: progress.requiredTotal },
    activities: mod.activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: ACTIVITY_KINDS.get(a.kind)?.label ?? a.kind,
      required: a.required,
      minutes: a.estimatedMinutes,
      status: progress.activities.find((p) => p.id === a.id)!.status,
    })),
  };
}

export default function ModulePage() {
  const { course, module, progress, activities } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/courses", label: "Courses" },
          { to: coursePath(course.id), label: course.title },
        ]}
      />
      {module.skill ? <span className="nhsuk-caption-l">Skill: {module.skill}</span> : null}
      <h1>{module.title}</h1>
      <p className="nhsuk-lede-text">{module.summary}</p>
      <StatusTag state={progress.state} />
      <ProgressBar
        done={progress.done}
        total={progress.total}
        label={`${module.title}: ${progress.done} of ${progress.total} required activities completed`}
      />
      <h2>By the end of this module you will be able to</h2>
      <ul>
        {module.outcomes.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      <h2>Activities</h2>
      <ul className="nhsuk-task-list">
        {activities.map((a) => (
          <li key={a.id} className="nhsuk-task-list__item nhsuk-task-list__item--with-link">
            <div className="nhsuk-task-list__name-and-hint">
              <Link
                className="nhsuk-task-list__link nhsuk-link"
                to={activityPath(course.id, module.id, a.id)}
                aria-describedby={`${a.id}-hint ${a.id}-status`}
              >
                {a.title}
              </Link>
              <div className="nhsuk-task-list__hint" id={`${a.id}-hint`}>
                {a.kind} · about {a.minutes} minutes{a.required ? "" : " · optional"}
                {a.status.score !== undefined ? ` · score ${a.status.score}%` : ""}
              </div>
            </div>
            <div className="nhsuk-task-list__status">
              <StatusTag state={a.status.state} id={`${a.id}-status`} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
