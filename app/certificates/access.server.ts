import type { AppLoadContext } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { notFound } from "~/utils/http.server";

/** the trainee's own certificate (platform admins may open any); others get a 404 */
export async function requireOwnCertificate(
  request: Request,
  context: AppLoadContext,
  id: string,
  what: string,
) {
  const user = requireUser(request, context);
  const certificate = await prisma.certificate.findUnique({ where: { id } });
  if (!certificate || (certificate.userId !== user.id && !user.isAdmin)) notFound();
  await audit(prisma, {
    actorId: user.id,
    action: "certificate.downloaded",
    detail: { certificateId: id, what },
  });
  return certificate;
}

export const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]+/g, "-")}"`;
