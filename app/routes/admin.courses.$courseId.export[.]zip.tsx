import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/auth/guards.server";
import { exportGet, exportResponse, onlyPost } from "~/scorm/export/export.server";
import { readForm } from "~/utils/http.server";

// the export form's answer: the zip, or back to the form (admin.courses.$courseId.export)

// a GET goes to the form page, which checks who may see it
export function loader({ params }: LoaderFunctionArgs) {
  return exportGet(`/admin/courses/${encodeURIComponent(params.courseId!)}/export`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const refused = onlyPost(request);
  if (refused) return refused;
  const form = await readForm(request);
  return exportResponse(
    form,
    { organisationId: null, actorId: admin.id, courseId: params.courseId! },
    `/admin/courses/${params.courseId}/export`,
  );
}
