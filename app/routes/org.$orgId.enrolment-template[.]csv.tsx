import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgRole } from "~/auth/guards.server";
import { activeCourses } from "~/courses/courses.server";
import { enrolmentTemplate } from "~/organisations/enrolment-import.server";

// the enrolment csv template, with this platform's course id in its example row
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const courses = await activeCourses();
  return new Response(enrolmentTemplate(courses[0]?.id ?? "course-id"), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="enrolment-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
