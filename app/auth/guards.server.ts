import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { User } from "lucia";
import { prisma } from "~/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import type { OrgRole } from "./roles";

// every loader and action that needs a person calls one of these first. they throw: a
// redirect to sign in, or a 403/404 response the root error boundary renders.

export function requireUser(request: Request, context: AppLoadContext): User {
  if (context.user) return context.user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

export function requireAdmin(request: Request, context: AppLoadContext): User {
  const user = requireUser(request, context);
  if (!user.isAdmin) forbidden();
  return user;
}

/**
 * the user must hold one of `roles` in this organisation (platform admins pass). returns the
 * organisation and the roles the user holds there. an unknown organisation id is a 404 for
 * admins and a 403 for everyone else, so ids cannot be probed.
 */
export async function requireOrgRole(
  request: Request,
  context: AppLoadContext,
  organisationId: string,
  roles: readonly OrgRole[],
) {
  const user = requireUser(request, context);
  const memberships = await prisma.membership.findMany({
    where: { userId: user.id, organisationId },
    select: { role: true },
  });
  const held = memberships.map((m) => m.role);
  if (!user.isAdmin && !held.some((r) => (roles as readonly string[]).includes(r))) forbidden();
  const organisation = await prisma.organisation.findUnique({ where: { id: organisationId } });
  if (!organisation) notFound();
  return { user, organisation, heldRoles: held };
}
