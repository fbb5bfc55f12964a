import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { SERVICE_NAME } from "~/components/layout";
import { ScormExportForm } from "~/components/scorm-export";
import { requireScormManager } from "~/scorm/access.server";
import { exportableCourses, formAgain } from "~/scorm/export/export.server";

// a college takes the platform's courses (and its own) into its own LMS as SCORM packages

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Export a course as SCORM - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireScormManager(request, context, params.orgId!);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    courses: await exportableCourses(organisation.id),
    ...(await formAgain(new URL(request.url), { organisationId: organisation.id })),
  };
}

export default function ExportScorm() {
  const { organisation, courses, errors, values } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: `/org/${organisation.id}/scorm`, label: "E-learning library" },
        ]}
      />
      <h1>Export a course as SCORM</h1>
      <p className="nhsuk-lede-text">
        Take a course, or one module of it, into your own learning management system (Moodle, Totara, Learning
        Pool, ESR and others). Completion, the quiz score and the time spent go into your LMS&apos;s records.
      </p>
      {courses.length === 0 ? (
        <p>No course can be exported at the moment.</p>
      ) : (
        <ScormExportForm
          action={`/org/${organisation.id}/scorm/export.zip`}
          courses={courses}
          errors={errors}
          values={values}
        />
      )}
      <h2>What a package holds</h2>
      <ul>
        <li>One SCO for each module: its lessons, its quiz and its role-play conversations.</li>
        <li>
          Each SCO reports completion once every required activity of the module is done, success, the quiz
          score (0 to 100) and the session time, and keeps the learner&apos;s place so they can carry on.
        </li>
        <li>
          Lessons of other modules that a lesson links to are included as read-only pages. E-learning that an
          organisation attached to a course is not included: it is that organisation&apos;s own.
        </li>
        <li>
          The package carries the course version&apos;s content hash: exporting an unchanged course again
          gives an identical file.
        </li>
      </ul>
    </>
  );
}
