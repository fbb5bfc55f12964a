import type { AppLoadContext } from "@remix-run/node";
import { requireOrgRole } from "~/auth/guards.server";
import { prisma } from "~/db.server";
import { notFound } from "~/utils/http.server";

// who may manage an organisation's scorm packages: its college administrators and platform
// admins. a package id from another organisation is a 404, the same as one that does not exist.

export const SCORM_MANAGERS = ["college_admin"] as const;

export function requireScormManager(request: Request, context: AppLoadContext, organisationId: string) {
  return requireOrgRole(request, context, organisationId, SCORM_MANAGERS);
}

export async function requirePackage(
  request: Request,
  context: AppLoadContext,
  organisationId: string,
  packageId: string,
) {
  const access = await requireScormManager(request, context, organisationId);
  const pkg = await prisma.scormPackage.findUnique({ where: { id: packageId } });
  if (!pkg || pkg.organisationId !== access.organisation.id) notFound();
  return { ...access, pkg };
}
