import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { SERVICE_NAME } from "~/components/layout";
import { ScormExportForm } from "~/components/scorm-export";
import { exportableCourses, formAgain } from "~/scorm/export/export.server";
import { notFound } from "~/utils/http.server";

// a platform administrator takes any active course out as a SCORM package

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Export ${data?.course.title ?? "a course"} as SCORM - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const courses = await exportableCourses(null);
  const course = courses.find((c) => c.id === params.courseId);
  if (!course) notFound();
  return {
    course,
    courses: [course],
    ...(await formAgain(new URL(request.url), { organisationId: null, courseId: course.id })),
  };
}

export default function AdminExportScorm() {
  const { course, courses, errors, values } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/admin/courses", label: "Courses" },
          { to: `/admin/courses/${course.id}`, label: course.title },
        ]}
      />
      <span className="nhsuk-caption-l">{course.title}</span>
      <h1>Export as SCORM</h1>
      <p className="nhsuk-lede-text">
        The course as trainees get it now (version {course.versionLabel}, content {course.hash.slice(0, 12)}),
        or one of its modules, as a SCORM package for another learning management system. The same version
        always gives the same file.
      </p>
      <ScormExportForm
        action={`/admin/courses/${course.id}/export.zip`}
        courses={courses}
        fixedCourse={course}
        errors={errors}
        values={values}
      />
    </>
  );
}
