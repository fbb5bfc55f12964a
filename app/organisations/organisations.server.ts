import { attachEnrolments, detachEnrolments, syncModuleScope } from "~/courses/courses.server";
import { z } from "zod";
import { prisma } from "~/db.server";
import { releaseFormerMember } from "~/mentoring/requests.server";
import { invitableRoles, ORG_KINDS, ORG_ROLES, type OrgRole } from "~/auth/roles";
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

/**
 * the role a person asks to remove, if they may: a role they could invite people to, and
 * never their own (unless a platform administrator).
 */
export async function removableRole(
  organisationId: string,
  membershipId: string,
  actor: { id: string; isAdmin: boolean },
  heldRoles: readonly string[],
): Promise<
  | { ok: true; membershipId: string; role: OrgRole; user: { id: string; name: string; email: string } }
  | { ok: false; status: 400 | 403 | 404; message: string }
> {
  const membership = await prisma.membership.findFirst({
    where: { id: membershipId, organisationId },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
  if (!membership) return { ok: false, status: 404, message: "That role has already been removed." };
  const role = membership.role as OrgRole;
  if (!invitableRoles(heldRoles, actor.isAdmin).includes(role)) {
    return { ok: false, status: 403, message: "You cannot remove this role." };
  }
  if (membership.userId === actor.id && !actor.isAdmin) {
    return {
      ok: false,
      status: 400,
      message: "You cannot remove your own role. Ask a colleague or a platform administrator.",
    };
  }
  return { ok: true, membershipId: membership.id, role, user: membership.user };
}

/** how long a removal can be undone from the people page */
export const UNDO_DAYS = 30;

/**
 * removes one membership row of this organisation (an id from elsewhere does nothing) and
 * returns the audit event that records it, which undoes it. a trainee's enrolments stop
 * counting for the organisation but are never deleted: the event keeps which ones, so an
 * undo puts back exactly those.
 */
export async function revokeRole(organisationId: string, membershipId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: membershipId, organisationId } });
    if (!membership) return null;
    await tx.membership.delete({ where: { id: membership.id } });
    // no role left here: requests waiting on them as this organisation's mentor go back to the queue
    await releaseFormerMember(tx, membership.userId, organisationId);
    const enrolmentIds =
      membership.role === "trainee"
        ? (
            await tx.enrolment.findMany({
              where: { userId: membership.userId, organisationId },
              select: { id: true },
            })
          ).map((e) => e.id)
        : [];
    if (membership.role === "trainee") await detachEnrolments(tx, membership.userId, organisationId);
    const event = await tx.auditEvent.create({
      data: {
        actorId,
        organisationId,
        action: "role.revoked",
        detail: JSON.stringify({ userId: membership.userId, role: membership.role, enrolmentIds }),
      },
    });
    return event.id;
  });
}

const revokedDetail = z.object({
  userId: z.string(),
  role: z.enum(ORG_ROLES),
  enrolmentIds: z.array(z.string()).default([]),
});

/** a removal of this organisation that can still be undone, with whose role it was */
export async function undoableRemoval(organisationId: string, eventId: string, now = new Date()) {
  const event = await prisma.auditEvent.findFirst({
    where: {
      id: eventId,
      organisationId,
      action: "role.revoked",
      createdAt: { gt: new Date(now.getTime() - UNDO_DAYS * 86_400_000) },
    },
  });
  if (!event) return null;
  const detail = revokedDetail.safeParse(JSON.parse(event.detail));
  if (!detail.success) return null;
  const undone = await prisma.auditEvent.count({
    where: { organisationId, action: "role.restored", detail: { contains: event.id } },
  });
  if (undone > 0) return null;
  const user = await prisma.user.findUnique({
    where: { id: detail.data.userId },
    select: { id: true, name: true, email: true },
  });
  return user ? { event, user, ...detail.data } : null;
}

/** this organisation's removals that can still be undone, newest first, with until when */
export async function recentRemovals(organisationId: string, now = new Date()) {
  const since = new Date(now.getTime() - UNDO_DAYS * 86_400_000);
  const [removed, restored] = await Promise.all([
    prisma.auditEvent.findMany({
      where: { organisationId, action: "role.revoked", createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
    prisma.auditEvent.findMany({
      where: { organisationId, action: "role.restored", createdAt: { gt: since } },
      select: { detail: true },
    }),
  ]);
  const undone = restored.map((r) => r.detail).join("\n");
  const open = removed.flatMap((event) => {
    const detail = revokedDetail.safeParse(JSON.parse(event.detail));
    return detail.success && !undone.includes(event.id) ? [{ event, ...detail.data }] : [];
  });
  const [users, held] = await Promise.all([
    prisma.user.findMany({
      where: { id: { in: open.map((r) => r.userId) } },
      select: { id: true, name: true, email: true },
    }),
    prisma.membership.findMany({
      where: { organisationId, userId: { in: open.map((r) => r.userId) } },
      select: { userId: true, role: true },
    }),
  ]);
  return open.flatMap((r) => {
    const user = users.find((u) => u.id === r.userId);
    // given the role again since (a new invitation, a grant): nothing left to undo
    if (!user || held.some((m) => m.userId === r.userId && m.role === r.role)) return [];
    return [
      {
        eventId: r.event.id,
        user,
        role: r.role,
        removedAt: r.event.createdAt,
        undoUntil: new Date(r.event.createdAt.getTime() + UNDO_DAYS * 86_400_000),
      },
    ];
  });
}

/**
 * undoes a removal: the role again, and the enrolments it took from the organisation's
 * reports back, unless they count for another organisation by now. false when there is
 * nothing to undo (already undone, too old, or not this organisation's).
 */
export async function restoreRole(organisationId: string, eventId: string, actorId: string) {
  const removal = await undoableRemoval(organisationId, eventId);
  if (!removal) return false;
  await prisma.$transaction(async (tx) => {
    const held = await tx.membership.findUnique({
      where: {
        userId_organisationId_role: { userId: removal.userId, organisationId, role: removal.role },
      },
    });
    if (!held) {
      await tx.membership.create({
        data: { userId: removal.userId, organisationId, role: removal.role, grantedById: actorId },
      });
    }
    if (removal.enrolmentIds.length > 0) {
      await tx.enrolment.updateMany({
        where: { id: { in: removal.enrolmentIds }, userId: removal.userId, organisationId: null },
        data: { organisationId },
      });
      await syncModuleScope(tx, removal.enrolmentIds);
    }
    await audit(tx, {
      actorId,
      organisationId,
      action: "role.restored",
      detail: { undoes: removal.event.id, userId: removal.userId, role: removal.role },
    });
  });
  return true;
}

/** the organisations where the user holds an administrative role, for their account page */
export async function membershipsOf(userId: string) {
  return prisma.membership.findMany({
    where: { userId },
    include: { organisation: { select: { id: true, name: true, kind: true } } },
    orderBy: [{ organisation: { name: "asc" } }, { role: "asc" }],
  });
}
