import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { notFound } from "~/utils/http.server";
import { courseForUser, locateActivity } from "./courses.server";

/**
 * the signed-in trainee's enrolment on this course and the version they are pinned to. not
 * enrolled: back to the course page to enrol. unknown course: 404.
 */
export async function requireEnrolment(request: Request, context: AppLoadContext, courseId: string) {
  const user = requireUser(request, context);
  const view = await courseForUser(courseId, user.id);
  if (!view) notFound();
  if (!view.enrolment) throw redirect(`/courses/${courseId}`);
  return { user, enrolment: view.enrolment, definition: view.definition };
}

export async function requireActivity(
  request: Request,
  context: AppLoadContext,
  params: { courseId?: string; moduleId?: string; activityId?: string },
) {
  const found = await requireEnrolment(request, context, params.courseId!);
  const location = locateActivity(found.definition, params.moduleId!, params.activityId!);
  if (!location) notFound();
  return { ...found, location };
}
