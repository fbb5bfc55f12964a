import { attachEnrolments, detachEnrolments } from "~/courses/courses.server";
import { z } from "zod";
import { prisma } from "~/db.server";
import { ORG_KINDS, ORG_ROLES, type OrgRole } from "~/auth/roles";
import { emailField } from "~/auth/validation";
import { isUniqueViolation } from "~/utils/db-errors";
import { singleLine, type FieldErrors } from "~/utils/forms";
import { audit } from "./audit.server";

export const organisationSchema = z.object({
  name: singleLine(
    z
      .string({ error: "Enter the organisation's name" })
      .trim()
      .min(2, "Enter the organisation's name")
      .max(150, "Name must be 150 characters or fewer"),
    "Name",
  ),
  kind: z.enum(ORG_KINDS, { error: "Select the kind of organisation" }),
});

export const roleGrantSchema = z.object({
  email: emailField,
  role: z.enum(ORG_ROLES, { error: "Select a role" }),
});

export async function listOrganisations() {
  return prisma.organisation.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { memberships: true } } },
  });
}

export async function createOrganisation(
  input: z.output<typeof organisationSchema>,
  actorId: string,
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  try {
    const org = await prisma.$transaction(async (tx) => {
      const created = await tx.organisation.create({ data: input });
      await audit(tx, { actorId, organisationId: created.id, action: "organisation.created", detail: input });
      return created;
    });
    return { ok: true, id: org.id };
  } catch (error) {
    if (isUniqueViolation(error, "name")) {
      return { ok: false, errors: { name: "An organisation with this name already exists" } };
    }
    throw error;
  }
}

/** members of one organisation with their roles there, one row per person */
export async function listMembers(organisationId: string) {
  const rows = await prisma.membership.findMany({
    where: { organisationId },
    include: { user: { select: { id: true, name: true, email: true, gmcNumber: true } } },
    orderBy: [{ user: { name: "asc" } }, { role: "asc" }],
  });
  const byUser = new Map<
    string,
    { user: (typeof rows)[number]["user"]; roles: { id: string; role: string }[] }
  >();
  for (const row of rows) {
    const entry = byUser.get(row.userId) ?? { user: row.user, roles: [] };
    entry.roles.push({ id: row.id, role: row.role });
    byUser.set(row.userId, entry);
  }
  return [...byUser.values()];
}

export async function grantRole(
  organisationId: string,
  email: string,
  role: OrgRole,
  actorId: string,
): Promise<{ ok: true; created: boolean } | { ok: false; errors: FieldErrors }> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) {
    return {
      ok: false,
      errors: { email: "No account uses this email address. Send an invitation instead." },
    };
  }
  const existing = await prisma.membership.findUnique({
    where: { userId_organisationId_role: { userId: user.id, organisationId, role } },
  });
  if (existing) return { ok: true, created: false };
  await prisma.$transaction(async (tx) => {
    await tx.membership.create({ data: { userId: user.id, organisationId, role, grantedById: actorId } });
    if (role === "trainee") await attachEnrolments(tx, user.id, organisationId);
    await audit(tx, { actorId, organisationId, action: "role.granted", detail: { userId: user.id, role } });
  });
  return { ok: true, created: true };
}

/** removes one membership row of this organisation; an id from elsewhere does nothing */
export async function revokeRole(organisationId: string, membershipId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: membershipId, organisationId } });
    if (!membership) return false;
    await tx.membership.delete({ where: { id: membership.id } });
    if (membership.role === "trainee") await detachEnrolments(tx, membership.userId, organisationId);
    await audit(tx, {
      actorId,
      organisationId,
      action: "role.revoked",
      detail: { userId: membership.userId, role: membership.role },
    });
    return true;
  });
}

/** the organisations where the user holds an administrative role, for their account page */
export async function membershipsOf(userId: string) {
  return prisma.membership.findMany({
    where: { userId },
    include: { organisation: { select: { id: true, name: true, kind: true } } },
    orderBy: [{ organisation: { name: "asc" } }, { role: "asc" }],
  });
}
