import type { ActionFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/auth/guards.server";
import { exportResponse } from "~/scorm/export/export.server";
import { notFound, readForm } from "~/utils/http.server";

// the export form's answer: the zip, or back to the form (admin.courses.$courseId.export)

export async function loader() {
  notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const form = await readForm(request);
  return exportResponse(
    form,
    { organisationId: null, actorId: admin.id, courseId: params.courseId! },
    `/admin/courses/${params.courseId}/export`,
  );
}
