import type { ActionFunctionArgs } from "@remix-run/node";
import { requireScormManager } from "~/scorm/access.server";
import { receivePackageUpload } from "~/scorm/upload.server";
import { notFound } from "~/utils/http.server";

// the javascript upload (with progress): a new package, or with ?package=<id> a new version
// of one. answers json for the page's script.

export function loader() {
  notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireScormManager(request, context, params.orgId!);
  const packageId = new URL(request.url).searchParams.get("package") ?? undefined;
  const outcome = await receivePackageUpload(request, {
    organisationId: organisation.id,
    userId: user.id,
    packageId,
  });
  if (!outcome.ok) return Response.json({ ok: false, error: outcome.error }, { status: outcome.status });
  const { packageId: id, versionNumber, warnings } = outcome.result;
  return Response.json({
    ok: true,
    packageId: id,
    version: versionNumber,
    warnings,
    redirectTo: `/org/${organisation.id}/scorm/${id}?imported=${versionNumber}`,
  });
}
