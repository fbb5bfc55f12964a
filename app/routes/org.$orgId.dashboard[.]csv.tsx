import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgRole } from "~/auth/guards.server";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { ensureSnapshots, exportCsv, parseFilters } from "~/organisations/reporting.server";

// the dashboard's current view as csv, streamed in batches (a 20,000-row export is never held
// whole in memory). every export is audited with its filters.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const url = new URL(request.url);
  const filters = parseFilters(url.searchParams);
  await ensureSnapshots(organisation.id);
  await audit(prisma, {
    actorId: user.id,
    organisationId: organisation.id,
    action: "report.exported",
    detail: { filters: Object.fromEntries(url.searchParams.entries()) },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportCsv(organisation.id, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="mentor-training-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
