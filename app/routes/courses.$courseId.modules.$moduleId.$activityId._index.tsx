import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ACTIVITY_PAGES } from "~/activities/pages.server";
import { ACTIVITY_KINDS } from "~/activities/registry.server";
import { ACTIVITY_VIEWS, WIDE_VIEWS } from "~/activities/views";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { courseCompletion } from "~/certificates/completion.server";
import { CourseComplete } from "~/components/course-complete";
import { Pagination } from "~/components/pagination";
import { SERVICE_NAME } from "~/components/layout";
import { requireActivity } from "~/courses/guards.server";
import { activityPath, coursePath, modulePath } from "~/courses/paths";
import { notFound, readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.activity.title ?? "Activity"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const args = await requireActivity(request, context, params);
  const { location, definition } = args;
  const page = ACTIVITY_PAGES[location.activity.kind];
  if (!page) notFound();
  const link = (to: typeof location.next) =>
    to ? { href: activityPath(definition.id, to.moduleId, to.activity.id), title: to.activity.title } : null;
  return {
    course: { id: definition.id, title: definition.title },
    module: { id: location.module.id, title: location.module.title },
    activity: {
      id: location.activity.id,
      kind: location.activity.kind,
      label: ACTIVITY_KINDS.get(location.activity.kind)?.label ?? "",
      title: location.activity.title,
      minutes: location.activity.estimatedMinutes,
    },
    previous: link(location.previous),
    next: link(location.next),
    page: await page.load(args),
    // read after the page's own loading, which can be what completes the course
    completion: await courseCompletion(args.enrolment.id, definition.title),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const args = await requireActivity(request, context, params);
  const page = ACTIVITY_PAGES[args.location.activity.kind];
  if (!page) notFound();
  const outcome = await page.act({ ...args, form: await readForm(request) });
  if ("redirect" in outcome) throw redirect(outcome.redirect);
  return data(outcome.data, { status: outcome.status });
}

export default function ActivityPage() {
  const { course, module, activity, previous, next, page, completion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const View = ACTIVITY_VIEWS[activity.kind];
  const base = activityPath(course.id, module.id, activity.id);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: coursePath(course.id), label: course.title },
          { to: modulePath(course.id, module.id), label: module.title },
        ]}
      />
      <div className="nhsuk-grid-row">
        <div
          className={
            WIDE_VIEWS.has(activity.kind) ? "nhsuk-grid-column-full" : "nhsuk-grid-column-two-thirds"
          }
        >
          <CourseComplete completion={completion} />
          <span className="nhsuk-caption-l">
            {activity.label} · about {activity.minutes} minutes
          </span>
          <h1>{activity.title}</h1>
          {View ? (
            <View
              page={page}
              action={actionData as Record<string, unknown> | undefined}
              hasNext={Boolean(next)}
              base={base}
            />
          ) : null}
        </div>
      </div>
      <Pagination label="Previous and next activity" previous={previous} next={next} />
    </>
  );
}
