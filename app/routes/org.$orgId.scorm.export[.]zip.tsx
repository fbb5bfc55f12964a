import type { ActionFunctionArgs } from "@remix-run/node";
import { requireScormManager } from "~/scorm/access.server";
import { exportResponse } from "~/scorm/export/export.server";
import { notFound, readForm } from "~/utils/http.server";

// the export form's answer: the zip, or back to the form (org.$orgId.scorm.export)

export async function loader() {
  notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireScormManager(request, context, params.orgId!);
  const form = await readForm(request);
  return exportResponse(
    form,
    { organisationId: organisation.id, actorId: user.id },
    `/org/${organisation.id}/scorm/export`,
  );
}
