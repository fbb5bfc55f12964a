import { prisma } from "~/db.server";
import { getEmailTransport } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import type { Invitation, Organisation, Prisma } from "~/generated/prisma/client";
import { isOrgRole, ROLE_LABELS, type OrgRole } from "~/auth/roles";
import { attachEnrolments, enrolForOrganisation, type OrganisationEnrolment } from "~/courses/courses.server";
import { newToken, sha256 } from "~/utils/tokens.server";
import { audit } from "./audit.server";
import { formatDate } from "~/utils/dates";

// invitations: a single-use, expiring link to join an organisation in a role. only the
// sha-256 of the token is stored; the token itself exists only in the email.

export type InvitationLookup =
  | { status: "valid"; invitation: Invitation & { organisation: Organisation }; message: string }
  | { status: "not_found" | "expired" | "used" | "revoked"; message: string };

const MESSAGES = {
  not_found:
    "This invitation link is not valid. Check you copied the whole link, or ask for a new invitation.",
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  used: "This invitation has already been used. Sign in to continue.",
  revoked:
    "This invitation link no longer works: it was withdrawn, or replaced by a newer invitation. Use the link in the newest invitation email, or ask your organisation for a new one.",
} as const;

export async function findInvitation(token: string, now = new Date()): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "not_found", message: MESSAGES.not_found };
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    include: { organisation: true },
  });
  if (!invitation) return { status: "not_found", message: MESSAGES.not_found };
  if (invitation.revokedAt) return { status: "revoked", message: MESSAGES.revoked };
  if (invitation.acceptedAt) return { status: "used", message: MESSAGES.used };
  if (invitation.expiresAt <= now) return { status: "expired", message: MESSAGES.expired };
  return { status: "valid", invitation, message: "" };
}

/**
 * marks the invitation used (atomically: two tabs cannot both use it) and gives the user the
 * role. the caller's transaction rolls everything back if it fails.
 */
export async function acceptInvitationInTx(
  tx: Prisma.TransactionClient,
  token: string,
  user: { id: string; email: string },
  now = new Date(),
): Promise<
  | { ok: true; organisationId: string; enrolment: OrganisationEnrolment["kind"] | null }
  | { ok: false; message: string }
> {
  const tokenHash = sha256(token);
  const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
  if (!invitation) return { ok: false, message: MESSAGES.not_found };
  if (invitation.email !== user.email.toLowerCase()) {
    return {
      ok: false,
      message: `This invitation is for ${invitation.email}. Sign in with that email address to accept it.`,
    };
  }
  const { count } = await tx.invitation.updateMany({
    where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, acceptedById: user.id },
  });
  if (count !== 1) {
    const status = invitation.revokedAt ? "revoked" : invitation.acceptedAt ? "used" : "expired";
    return { ok: false, message: MESSAGES[status] };
  }
  await tx.membership.upsert({
    where: {
      userId_organisationId_role: {
        userId: user.id,
        organisationId: invitation.organisationId,
        role: invitation.role,
      },
    },
    create: {
      userId: user.id,
      organisationId: invitation.organisationId,
      role: invitation.role,
      grantedById: invitation.invitedById,
    },
    update: {},
  });
  if (invitation.role === "trainee") await attachEnrolments(tx, user.id, invitation.organisationId);
  let enrolment: OrganisationEnrolment["kind"] | null = null;
  if (invitation.courseId) {
    ({ kind: enrolment } = await enrolForOrganisation(tx, {
      userId: user.id,
      courseId: invitation.courseId,
      organisationId: invitation.organisationId,
      source: "invitation",
      dueAt: invitation.dueAt,
    }));
  }
  await audit(tx, {
    actorId: user.id,
    organisationId: invitation.organisationId,
    action: "invitation.accepted",
    detail: { invitationId: invitation.id, role: invitation.role, courseId: invitation.courseId },
  });
  return { ok: true, organisationId: invitation.organisationId, enrolment };
}

export async function acceptInvitation(token: string, user: { id: string; email: string }) {
  return prisma.$transaction((tx) => acceptInvitationInTx(tx, token, user));
}

export function invitationUrl(token: string) {
  return `${new URL(getEnv().APP_URL).origin}/invitations/accept?token=${token}`;
}

/**
 * creates the invitation and sends it. an earlier pending invitation for the same email, role
 * and organisation is withdrawn, so only the newest link works.
 */
export async function inviteToOrganisation(input: {
  organisation: Pick<Organisation, "id" | "name">;
  email: string;
  role: OrgRole;
  invitedBy: { id: string; name: string };
  /** enrol them on this course when they accept */
  course?: { id: string; title: string } | null;
  /** with course: the enrolment's due date */
  dueAt?: Date | null;
}) {
  const env = getEnv();
  const token = newToken();
  const expiresAt = new Date(Date.now() + env.INVITATION_TTL_HOURS * 3_600_000);
  const invitation = await prisma.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: {
        organisationId: input.organisation.id,
        email: input.email,
        role: input.role,
        acceptedAt: null,
        revokedAt: null,
      },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invitation.create({
      data: {
        organisationId: input.organisation.id,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        expiresAt,
        invitedById: input.invitedBy.id,
        courseId: input.course?.id ?? null,
        dueAt: input.course ? (input.dueAt ?? null) : null,
      },
    });
    await audit(tx, {
      actorId: input.invitedBy.id,
      organisationId: input.organisation.id,
      action: "invitation.created",
      detail: {
        invitationId: created.id,
        email: input.email,
        role: input.role,
        courseId: input.course?.id ?? null,
      },
    });
    return created;
  });
  const expires = formatDate(expiresAt, "dateTime");
  // if sending fails the invitation is withdrawn again: nobody holds a link to it
  try {
    await getEmailTransport().send({
      to: input.email,
      subject: `Invitation to join ${input.organisation.name} on Mentor training for doctors`,
      text: [
        `${input.invitedBy.name} has invited you to join ${input.organisation.name} as ${/^[aeiou]/i.test(ROLE_LABELS[input.role]) ? "an" : "a"} ${ROLE_LABELS[input.role].toLowerCase()} on Mentor training for doctors${input.course ? `, and to take the course "${input.course.title}"` : ""}.`,
        ...(input.course && input.dueAt
          ? [
              "",
              `${input.organisation.name} asks you to complete the course by ${formatDate(input.dueAt, "long")}.`,
            ]
          : []),
        "",
        "To accept, open this link:",
        invitationUrl(token),
        "",
        `The link works once and expires on ${expires} (UK time).`,
        "If you were not expecting this invitation, you can ignore this email.",
      ].join("\n"),
    });
  } catch (error) {
    await prisma.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    throw error;
  }
  return { invitation, token };
}

const pending = (organisationId: string, now = new Date()) => ({
  organisationId,
  acceptedAt: null,
  revokedAt: null,
  expiresAt: { gt: now },
});

export async function countPendingInvitations(organisationId: string) {
  return prisma.invitation.count({ where: pending(organisationId) });
}

/** how long an expired invitation stays on the people page, to be sent again */
const EXPIRED_SHOWN_DAYS = 30;

/**
 * invitations not accepted or withdrawn: pending ones, and those that expired in the last 30
 * days (marked), newest first
 */
export async function listPendingInvitations(organisationId: string, now = new Date()) {
  const rows = await prisma.invitation.findMany({
    where: {
      organisationId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date(now.getTime() - EXPIRED_SHOWN_DAYS * 86_400_000) },
    },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      createdAt: true,
      dueAt: true,
      course: { select: { title: true } },
    },
  });
  return rows.map((r) => ({ ...r, expired: r.expiresAt <= now }));
}

/**
 * sends an invitation again with a new link (the old one stops working): the same person,
 * role, course and due date. false when there is no such open invitation of this organisation.
 */
export async function resendInvitation(
  organisation: Pick<Organisation, "id" | "name">,
  invitationId: string,
  invitedBy: { id: string; name: string },
) {
  const invitation = await prisma.invitation.findFirst({
    where: { id: invitationId, organisationId: organisation.id, acceptedAt: null, revokedAt: null },
    include: { course: { select: { id: true, title: true } } },
  });
  if (!invitation || !isOrgRole(invitation.role)) return false;
  try {
    await inviteToOrganisation({
      organisation,
      email: invitation.email,
      role: invitation.role,
      invitedBy,
      course: invitation.course,
      dueAt: invitation.dueAt,
    });
  } catch (error) {
    // the new link never reached them: the old one works again, as it did before
    await prisma.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { revokedAt: null },
    });
    throw error;
  }
  return true;
}

/** withdraws a pending invitation of this organisation; another organisation's id does nothing */
export async function revokeInvitation(organisationId: string, invitationId: string, actorId: string) {
  const { count } = await prisma.invitation.updateMany({
    where: { id: invitationId, organisationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 1) {
    await audit(prisma, { actorId, organisationId, action: "invitation.revoked", detail: { invitationId } });
  }
  return count === 1;
}
