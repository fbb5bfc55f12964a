import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { requirePackage } from "~/scorm/access.server";
import { packageResultsCsv } from "~/scorm/report.server";

// a package's results as csv, for the college's own records; every export is audited
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation, pkg } = await requirePackage(
    request,
    context,
    params.orgId!,
    params.packageId!,
  );
  const csv = await packageResultsCsv(pkg.id);
  await audit(prisma, {
    actorId: user.id,
    organisationId: organisation.id,
    action: "scorm.results_exported",
    detail: { packageId: pkg.id },
  });
  const slug =
    pkg.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "package";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-results.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
