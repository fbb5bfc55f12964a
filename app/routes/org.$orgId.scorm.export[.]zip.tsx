import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireScormManager } from "~/scorm/access.server";
import { exportGet, exportResponse, onlyPost } from "~/scorm/export/export.server";
import { readForm } from "~/utils/http.server";

// the export form's answer: the zip, or back to the form (org.$orgId.scorm.export)

// a GET goes to the form page, which checks who may see it
export function loader({ params }: LoaderFunctionArgs) {
  return exportGet(`/org/${encodeURIComponent(params.orgId!)}/scorm/export`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireScormManager(request, context, params.orgId!);
  const refused = onlyPost(request);
  if (refused) return refused;
  const form = await readForm(request);
  return exportResponse(
    form,
    { organisationId: organisation.id, actorId: user.id },
    `/org/${organisation.id}/scorm/export`,
  );
}
