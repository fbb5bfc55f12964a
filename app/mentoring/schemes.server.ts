import { z } from "zod";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/organisations/audit.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { isCleanMultiLine, isSingleLine } from "~/utils/forms";
import {
  AREAS,
  MATCHING_MODES,
  MENTOR_ENTRY,
  MODES,
  NATIONS,
  type Area,
  type MentorEntry,
  type Mode,
} from "./vocabulary";

// a scheme and its register of mentors (issue 18). who may do what is checked here, in every
// function that changes or reads something, not only in the routes: the routes are one caller.

/** the course whose certificate qualifies a mentor when the scheme names none */
export const DEFAULT_MENTOR_COURSE = "mentoring-for-doctors";

/** refused: what to tell the person, the http status, and the field it is about */
export class MentoringError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Actor = { id: string; isAdmin: boolean };

async function rolesIn(userId: string, organisationId: string) {
  const rows = await prisma.membership.findMany({
    where: { userId, organisationId },
    select: { role: true },
  });
  return rows.map((r) => r.role);
}

/** a scheme lead of the organisation, or a platform administrator (settings only, never content) */
export async function requireSchemeLead(actor: Actor, organisationId: string) {
  if (actor.isAdmin) return;
  if (!(await rolesIn(actor.id, organisationId)).includes("scheme_lead")) {
    throw new MentoringError("Only the organisation's mentoring scheme leads can do this.", 403);
  }
}

/** a member of the organisation in any role: who may join its register or ask for a mentor */
export async function requireMember(userId: string, organisationId: string) {
  if ((await rolesIn(userId, organisationId)).length === 0) {
    throw new MentoringError("This scheme is for members of its organisation.", 403);
  }
}

const text = (max: number, message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max} characters`)
    .refine(
      isSingleLine,
      "Keep it on one line. It contains characters that cannot be saved (a line break or a tab, often from copying and pasting)",
    );
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .refine(
      isSingleLine,
      "Keep it on one line. It contains characters that cannot be saved (a line break or a tab, often from copying and pasting)",
    )
    .default("");
const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max.toLocaleString("en-GB")} characters`)
    .refine(
      isCleanMultiLine,
      "The text contains characters that cannot be saved, often from copying and pasting. Remove them or type the text again.",
    )
    .default("");

export const schemeSettingsSchema = z.object({
  name: text(120, "Give the scheme a name"),
  description: paragraph(2_000),
  mentorEntry: z.enum(Object.keys(MENTOR_ENTRY) as [MentorEntry, ...MentorEntry[]], {
    error: "Choose who may join as a mentor",
  }),
  matchingMode: z.enum(Object.keys(MATCHING_MODES) as [keyof typeof MATCHING_MODES], {
    error: "Choose how mentees are matched",
  }),
  defaultMonths: z.coerce
    .number({ error: "Give the usual length in months" })
    .int("Give a whole number of months")
    .min(1, "At least 1 month")
    .max(60, "At most 60 months"),
  open: z.boolean().default(true),
});
export type SchemeSettings = z.input<typeof schemeSettingsSchema>;

/** creates the organisation's scheme, or changes its settings */
export async function saveScheme(actor: Actor, organisationId: string, input: SchemeSettings) {
  await requireSchemeLead(actor, organisationId);
  const data = schemeSettingsSchema.parse(input);
  const scheme = await prisma.mentoringScheme.upsert({
    where: { organisationId },
    create: { organisationId, ...data },
    update: data,
  });
  await audit(prisma, {
    actorId: actor.id,
    organisationId,
    action: "mentoring.scheme_saved",
    detail: {
      schemeId: scheme.id,
      mentorEntry: data.mentorEntry,
      matchingMode: data.matchingMode,
      open: data.open,
    },
  });
  return scheme;
}

export async function schemeOf(organisationId: string) {
  return prisma.mentoringScheme.findUnique({ where: { organisationId } });
}

export async function schemeById(schemeId: string) {
  const scheme = await prisma.mentoringScheme.findUnique({ where: { id: schemeId } });
  if (!scheme) throw new MentoringError("There is no such mentoring scheme.", 404);
  return scheme;
}

/**
 * the user's valid certificate of the course: issued, not revoked, not expired. a certificate
 * is checked every time it counts (joining, being suggested), not only once.
 */
export async function validCertificate(userId: string, courseId: string, now = new Date()) {
  return prisma.certificate.findFirst({
    where: {
      userId,
      courseId,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: { issuedAt: "desc" },
    select: { id: true, code: true, courseTitle: true, issuedAt: true, expiresAt: true },
  });
}

/** of these users, those who hold a valid certificate of the course today */
export async function validCertificateHolders(userIds: string[], courseId: string, now = new Date()) {
  const rows = await prisma.certificate.findMany({
    where: {
      userId: { in: userIds },
      courseId,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}

const list = <T extends string>(allowed: readonly T[], empty: string) =>
  z
    .array(z.string())
    .transform((xs) => [...new Set(xs)])
    .refine((xs) => xs.length > 0, empty)
    .refine((xs) => xs.every((x) => (allowed as readonly string[]).includes(x)), "Choose from the list")
    .transform((xs) => xs as T[]);

export const mentorProfileSchema = z.object({
  specialty: text(100, "Give your specialty"),
  grade: text(60, "Give your grade"),
  nation: z.enum(Object.keys(NATIONS) as [keyof typeof NATIONS], { error: "Choose the nation you work in" }),
  region: optionalLine(100),
  department: optionalLine(150),
  areas: list(Object.keys(AREAS) as Area[], "Choose at least one area you can help with"),
  modes: list(Object.keys(MODES) as Mode[], "Choose at least one way you can meet"),
  capacity: z.coerce
    .number({ error: "Say how many mentees you can take at once" })
    .int("Give a whole number")
    .min(1, "At least 1")
    .max(10, "At most 10"),
  note: paragraph(1_000),
});
export type MentorProfileInput = z.input<typeof mentorProfileSchema>;

/**
 * joins the scheme's register, or updates the profile. under a certificate rule the doctor
 * must hold a valid certificate; under "certificate or approved" one without waits for a lead's
 * approval; under "approved" everyone does.
 */
export async function joinRegister(userId: string, schemeId: string, input: MentorProfileInput) {
  const scheme = await schemeById(schemeId);
  await requireMember(userId, scheme.organisationId);
  const data = mentorProfileSchema.parse(input);
  const existing = await prisma.mentorProfile.findUnique({
    where: { schemeId_userId: { schemeId, userId } },
  });
  if (!existing && !scheme.open)
    throw new MentoringError("This scheme is not taking new mentors at the moment.", 409);
  const certificate = await validCertificate(userId, scheme.courseId ?? DEFAULT_MENTOR_COURSE);
  if (scheme.mentorEntry === "certificate" && !certificate) {
    throw new MentoringError(
      "Joining this register needs a valid certificate of the mentoring course. Finish the course first, or ask the scheme lead.",
      403,
    );
  }
  const row = {
    ...data,
    areas: JSON.stringify(data.areas),
    modes: JSON.stringify(data.modes),
    certificateId: certificate?.id ?? null,
  } satisfies Partial<Prisma.MentorProfileUncheckedCreateInput>;
  let profile;
  if (existing) {
    if (existing.leftAt) {
      // coming back: the capacity rule still holds against the mentees they kept
      profile = await prisma.mentorProfile.update({
        where: { id: existing.id },
        data: { ...row, leftAt: null },
      });
    } else {
      if (data.capacity < existing.taken) {
        throw new MentoringError(
          `You have ${existing.taken} mentees or requests now: the number you can take cannot go below that.`,
          400,
          "capacity",
        );
      }
      profile = await prisma.mentorProfile.update({ where: { id: existing.id }, data: row });
    }
  } else {
    try {
      profile = await prisma.mentorProfile.create({ data: { schemeId, userId, ...row } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new MentoringError(
        "You joined this register at the same moment in another tab; reload the page.",
        409,
      );
    }
  }
  await audit(prisma, {
    actorId: userId,
    organisationId: scheme.organisationId,
    action: existing ? "mentoring.mentor_updated" : "mentoring.mentor_joined",
    detail: { schemeId, profileId: profile.id, certified: Boolean(certificate) },
  });
  return profile;
}

/** a lead approves a mentor (schemes whose entry rule accepts approval) */
export async function approveMentor(actor: Actor, profileId: string) {
  const profile = await prisma.mentorProfile.findUnique({
    where: { id: profileId },
    include: { scheme: true },
  });
  if (!profile) throw new MentoringError("There is no such mentor.", 404);
  await requireSchemeLead(actor, profile.scheme.organisationId);
  if (profile.scheme.mentorEntry === "certificate") {
    throw new MentoringError(
      "This scheme accepts mentors by certificate only; change its settings first.",
      409,
    );
  }
  const updated = await prisma.mentorProfile.update({
    where: { id: profileId },
    data: { approvedById: actor.id, approvedAt: new Date() },
  });
  await audit(prisma, {
    actorId: actor.id,
    organisationId: profile.scheme.organisationId,
    action: "mentoring.mentor_approved",
    detail: { profileId },
  });
  return updated;
}

/** the mentor stops (or starts again) taking new mentees; their current pairs carry on */
export async function setPaused(userId: string, profileId: string, paused: boolean) {
  const { count } = await prisma.mentorProfile.updateMany({
    where: { id: profileId, userId, leftAt: null },
    data: { pausedAt: paused ? new Date() : null },
  });
  if (count === 0) throw new MentoringError("That is not your place on a register.", 404);
}
