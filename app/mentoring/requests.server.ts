import { z } from "zod";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { isCleanMultiLine, isSingleLine } from "~/utils/forms";
import { notify } from "./notify.server";
import { rankMentors, type MenteeNeed, type MentorCandidate } from "./match";
import { DEFAULT_MENTOR_COURSE, MentoringError, requireMember, schemeById } from "./schemes.server";
import {
  AREAS,
  CONFLICT_RELATIONS,
  MODES,
  NATION_PREFERENCES,
  NATIONS,
  SPECIALTY_PREFERENCES,
  type Area,
  type ConflictRelation,
  type MentorEntry,
  type Mode,
  type Nation,
} from "./vocabulary";

// asking for a mentor, the suggestions, and a mentor's yes or no (issue 18). a request is seen
// by its mentee, the scheme's leads, and a mentor only once it has been put to them.

type Actor = { id: string; isAdmin: boolean };

const OPEN = ["waiting", "proposed"];
const ONE_LINE =
  "Keep it on one line. It contains characters that cannot be saved (a line break or a tab, often from copying and pasting)";

const list = <T extends string>(allowed: readonly string[], empty: string) =>
  z
    .array(z.string())
    .transform((xs) => [...new Set(xs)])
    .refine((xs) => xs.length > 0, empty)
    .refine((xs) => xs.every((x) => allowed.includes(x)), "Choose from the list")
    .transform((xs) => xs as T[]);

export const requestSchema = z.object({
  areas: list<Area>(Object.keys(AREAS), "Choose at least one area where a mentor would help"),
  hopes: z
    .string()
    .trim()
    .min(1, "Say in a sentence or two what you hope to get out of mentoring")
    .max(2_000, "Keep it under 2,000 characters")
    .refine(
      isCleanMultiLine,
      "The text contains characters that cannot be saved, often from copying and pasting. Remove them or type the text again.",
    ),
  specialty: z
    .string()
    .trim()
    .min(1, "Give your specialty")
    .max(100, "Keep it under 100 characters")
    .refine(isSingleLine, ONE_LINE),
  grade: z.string().trim().max(60, "Keep it under 60 characters").refine(isSingleLine, ONE_LINE).default(""),
  nation: z.enum(Object.keys(NATIONS) as [Nation], { error: "Choose the nation you work in" }),
  department: z
    .string()
    .trim()
    .max(150, "Keep it under 150 characters")
    .refine(isSingleLine, ONE_LINE)
    .default(""),
  specialtyPreference: z
    .enum(Object.keys(SPECIALTY_PREFERENCES) as ["any"], {
      error: "Choose a preference for your mentor's specialty",
    })
    .default("any"),
  nationPreference: z
    .enum(Object.keys(NATION_PREFERENCES) as ["any"], { error: "Choose where your mentor works" })
    .default("any"),
  modes: list<Mode>(Object.keys(MODES), "Choose at least one way you can meet"),
  avoidOwnDepartment: z.boolean().default(false),
  conflicts: z
    .array(
      z.object({
        relation: z.enum(Object.keys(CONFLICT_RELATIONS) as [ConflictRelation], {
          error: "Say who they are to you",
        }),
        email: z
          .string({ error: "Give their email address" })
          .trim()
          .max(254, "An email address has at most 254 characters")
          .pipe(z.email("Give their email address in the correct format, like name@nhs.net"))
          .transform((v) => v.toLowerCase()),
        name: z
          .string()
          .trim()
          .max(120, "Keep the name under 120 characters")
          .refine(isSingleLine, ONE_LINE)
          .default(""),
      }),
    )
    .max(20, "Name at most 20 people"),
});
export type RequestInput = z.input<typeof requestSchema>;

/** asks the scheme for a mentor. one open request per person per scheme */
export async function createRequest(menteeId: string, schemeId: string, input: RequestInput) {
  const scheme = await schemeById(schemeId);
  await requireMember(menteeId, scheme.organisationId);
  if (!scheme.open) throw new MentoringError("This scheme is not taking new requests at the moment.", 409);
  const data = requestSchema.parse(input);
  const request = await prisma.$transaction(async (tx) => {
    const open = await tx.mentorRequest.findFirst({ where: { schemeId, menteeId, status: { in: OPEN } } });
    if (open) throw new MentoringError("You have already asked this scheme for a mentor.", 409);
    const { conflicts, areas, modes, ...rest } = data;
    return tx.mentorRequest.create({
      data: {
        schemeId,
        menteeId,
        ...rest,
        areas: JSON.stringify(areas),
        modes: JSON.stringify(modes),
        conflicts: { create: conflicts },
      },
    });
  });
  await audit(prisma, {
    actorId: menteeId,
    organisationId: scheme.organisationId,
    // no content: the areas and hopes are for the lead and the mentors it is put to
    action: "mentoring.request_made",
    detail: { schemeId, requestId: request.id },
  });
  return request;
}

/** a request, for its mentee or a lead of its scheme */
async function requestFor(actor: Actor, requestId: string) {
  const request = await prisma.mentorRequest.findUnique({
    where: { id: requestId },
    include: { scheme: true, conflicts: true, proposals: true },
  });
  if (!request) throw new MentoringError("There is no such request.", 404);
  if (request.menteeId !== actor.id) {
    // admins do not read requests: only the scheme's own leads do
    const lead = await prisma.membership.findFirst({
      where: { userId: actor.id, organisationId: request.scheme.organisationId, role: "scheme_lead" },
    });
    if (!lead) throw new MentoringError("There is no such request.", 404);
  }
  return request;
}

type CandidateRow = Awaited<ReturnType<typeof loadCandidates>>[number];

/** a register entry counts only while its mentor is still a member of the scheme's organisation */
export const stillMember = (organisationId: string) => ({
  user: { memberships: { some: { organisationId } } },
});

async function loadCandidates(schemeId: string, organisationId: string) {
  return prisma.mentorProfile.findMany({
    // someone whose last role in the organisation was removed drops off at once (and comes
    // back if the role is given back): checked here, at every suggestion
    where: { schemeId, leftAt: null, ...stillMember(organisationId) },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}

async function candidates(
  schemeId: string,
  courseId: string,
  organisationId: string,
): Promise<MentorCandidate[]> {
  const rows = await loadCandidates(schemeId, organisationId);
  const now = new Date();
  const certified = new Set(
    (
      await prisma.certificate.findMany({
        where: {
          userId: { in: rows.map((r) => r.userId) },
          courseId,
          revokedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        },
        select: { userId: true },
      })
    ).map((c) => c.userId),
  );
  return rows.map((r: CandidateRow) => ({
    profileId: r.id,
    userId: r.userId,
    email: r.user.email,
    name: r.user.name,
    specialty: r.specialty,
    nation: r.nation as Nation,
    department: r.department,
    areas: JSON.parse(r.areas) as Area[],
    modes: JSON.parse(r.modes) as Mode[],
    capacity: r.capacity,
    taken: r.taken,
    paused: r.pausedAt !== null,
    left: r.leftAt !== null,
    certified: certified.has(r.userId),
    approved: r.approvedAt !== null,
  }));
}

function needOf(request: Awaited<ReturnType<typeof requestFor>>): MenteeNeed {
  return {
    menteeId: request.menteeId,
    specialty: request.specialty,
    nation: request.nation as Nation,
    department: request.department,
    areas: JSON.parse(request.areas) as Area[],
    modes: JSON.parse(request.modes) as Mode[],
    specialtyPreference: request.specialtyPreference as MenteeNeed["specialtyPreference"],
    nationPreference: request.nationPreference as MenteeNeed["nationPreference"],
    avoidOwnDepartment: request.avoidOwnDepartment,
    conflictEmails: request.conflicts.map((c) => c.email),
    declinedProfileIds: request.proposals
      .filter((p) => p.status === "declined")
      .map((p) => p.mentorProfileId),
  };
}

/** the mentors this request may be put to, best fit first, with the one-line reasons */
export async function suggestionsFor(actor: Actor, requestId: string) {
  const request = await requestFor(actor, requestId);
  const pool = await candidates(
    request.schemeId,
    request.scheme.courseId ?? DEFAULT_MENTOR_COURSE,
    request.scheme.organisationId,
  );
  const { suggestions } = rankMentors(needOf(request), pool, request.scheme.mentorEntry as MentorEntry);
  const byId = new Map(pool.map((c) => [c.profileId, c]));
  // what a mentee is shown of a suggested mentor: their profile, not their email address
  const profiles = new Map(
    (
      await prisma.mentorProfile.findMany({
        where: { id: { in: suggestions.map((s) => s.profileId) } },
        select: { id: true, grade: true, region: true, note: true },
      })
    ).map((p) => [p.id, p]),
  );
  return suggestions.map((s) => {
    const m = byId.get(s.profileId)!;
    const p = profiles.get(s.profileId);
    return {
      ...s,
      name: m.name,
      specialty: m.specialty,
      nation: m.nation,
      modes: m.modes,
      certified: m.certified,
      grade: p?.grade ?? "",
      region: p?.region ?? "",
      note: p?.note ?? "",
    };
  });
}

/**
 * puts the request to a mentor: the mentee picks one of their suggestions (schemes where the
 * mentee chooses), or a lead matches. the mentor must still be a suggestion (no conflict, a
 * place free, qualified) at this moment, and the place is taken in the same step.
 */
export async function proposeMentor(actor: Actor, requestId: string, profileId: string) {
  const request = await requestFor(actor, requestId);
  const byLead = request.menteeId !== actor.id;
  if (!byLead && request.scheme.matchingMode !== "mentee_chooses") {
    throw new MentoringError("In this scheme a lead matches you with a mentor.", 403);
  }
  if (request.status !== "waiting") {
    throw new MentoringError(
      request.status === "proposed"
        ? "This request is already with a mentor, waiting for their answer."
        : "This request is no longer open.",
      409,
    );
  }
  const pool = await candidates(
    request.schemeId,
    request.scheme.courseId ?? DEFAULT_MENTOR_COURSE,
    request.scheme.organisationId,
  );
  const { suggestions } = rankMentors(needOf(request), pool, request.scheme.mentorEntry as MentorEntry);
  if (!suggestions.some((s) => s.profileId === profileId)) {
    throw new MentoringError(
      "That mentor cannot be offered for this request. Choose from the suggestions.",
      409,
    );
  }
  const proposal = await prisma.$transaction(async (tx) => {
    // the request moves on once: a second click, or a lead at the same moment, finds it moved
    const moved = await tx.mentorRequest.updateMany({
      where: { id: requestId, status: "waiting" },
      data: { status: "proposed" },
    });
    if (moved.count !== 1)
      throw new MentoringError("This request changed a moment ago; reload the page.", 409);
    // the place is taken only if one is free now: two requests cannot both take the last place
    const place = await tx.mentorProfile.updateMany({
      where: {
        id: profileId,
        leftAt: null,
        pausedAt: null,
        taken: { lt: tx.mentorProfile.fields.capacity },
      },
      data: { taken: { increment: 1 } },
    });
    if (place.count !== 1)
      throw new MentoringError("That mentor has just become unavailable. Choose another.", 409);
    return tx.mentorProposal.create({
      data: { requestId, mentorProfileId: profileId, proposedById: actor.id },
    });
  });
  await audit(prisma, {
    actorId: actor.id,
    organisationId: request.scheme.organisationId,
    action: "mentoring.mentor_proposed",
    detail: { requestId, profileId, byLead },
  });
  const mentor = await prisma.mentorProfile.findUnique({
    where: { id: profileId },
    select: { userId: true },
  });
  if (mentor) await notify.asked(mentor.userId, request.scheme.name, byLead);
  return proposal;
}

/** what a mentor sees of the requests put to them: only those, and only while they are theirs */
export async function proposalsForMentor(userId: string) {
  const rows = await prisma.mentorProposal.findMany({
    where: { status: "pending", mentor: { userId, leftAt: null } },
    orderBy: { createdAt: "asc" },
    include: {
      request: {
        select: {
          id: true,
          areas: true,
          hopes: true,
          specialty: true,
          grade: true,
          nation: true,
          modes: true,
          createdAt: true,
          mentee: { select: { name: true } },
          scheme: { select: { organisationId: true } },
        },
      },
    },
  });
  // only the schemes of organisations they still belong to
  const orgs = new Set(
    (await prisma.membership.findMany({ where: { userId }, select: { organisationId: true } })).map(
      (m) => m.organisationId,
    ),
  );
  return rows.filter((p) => orgs.has(p.request.scheme.organisationId));
}

/**
 * the mentor's answer. yes: the pair begins. no: no reason asked; the request goes back to
 * waiting, and this mentor is not suggested for it again.
 */
export async function answerProposal(userId: string, proposalId: string, accept: boolean) {
  const proposal = await prisma.mentorProposal.findUnique({
    where: { id: proposalId },
    include: { mentor: true, request: { include: { scheme: true } } },
  });
  if (!proposal || proposal.mentor.userId !== userId)
    throw new MentoringError("There is no such request.", 404);
  // a mentor who is no longer a member of the scheme's organisation cannot take its mentees
  const member = await prisma.membership.findFirst({
    where: { userId, organisationId: proposal.request.scheme.organisationId },
  });
  if (!member) throw new MentoringError("There is no such request.", 404);
  const { request } = proposal;
  const result = await prisma.$transaction(async (tx) => {
    const answered = await tx.mentorProposal.updateMany({
      where: { id: proposalId, status: "pending" },
      data: { status: accept ? "accepted" : "declined", respondedAt: new Date() },
    });
    if (answered.count !== 1) throw new MentoringError("You have already answered this request.", 409);
    if (!accept) {
      await tx.mentorRequest.updateMany({
        where: { id: request.id, status: "proposed" },
        data: { status: "waiting" },
      });
      await tx.mentorProfile.update({
        where: { id: proposal.mentorProfileId },
        data: { taken: { decrement: 1 } },
      });
      return null;
    }
    await tx.mentorRequest.update({
      where: { id: request.id },
      data: { status: "matched", matchedAt: new Date() },
    });
    const months = request.scheme.defaultMonths;
    const plannedEndAt = new Date();
    plannedEndAt.setMonth(plannedEndAt.getMonth() + months);
    // the place taken by the proposal is now the mentee's
    return tx.mentoringRelationship.create({
      data: {
        schemeId: request.schemeId,
        requestId: request.id,
        mentorProfileId: proposal.mentorProfileId,
        mentorId: userId,
        menteeId: request.menteeId,
        plannedEndAt,
      },
    });
  });
  await audit(prisma, {
    actorId: userId,
    organisationId: request.scheme.organisationId,
    action: accept ? "mentoring.proposal_accepted" : "mentoring.proposal_declined",
    detail: { requestId: request.id, proposalId, relationshipId: result?.id ?? null },
  });
  if (result) {
    const mentor = await prisma.user.findUnique({ where: { id: userId }, select: { name: true } });
    await notify.accepted(request.menteeId, mentor?.name ?? "Your mentor", result.id);
  } else {
    await notify.declined(request.menteeId, request.id, request.scheme.matchingMode === "mentee_chooses");
  }
  return result;
}

/** the mentee withdraws their request (a proposal waiting on it is withdrawn and its place freed) */
export async function withdrawRequest(menteeId: string, requestId: string) {
  const request = await prisma.mentorRequest.findUnique({
    where: { id: requestId },
    include: { scheme: true },
  });
  if (!request || request.menteeId !== menteeId) throw new MentoringError("There is no such request.", 404);
  await prisma.$transaction(async (tx) => {
    const withdrawn = await tx.mentorRequest.updateMany({
      where: { id: requestId, status: { in: OPEN } },
      data: { status: "withdrawn", withdrawnAt: new Date() },
    });
    if (withdrawn.count !== 1) throw new MentoringError("This request is no longer open.", 409);
    const pending = await tx.mentorProposal.findMany({ where: { requestId, status: "pending" } });
    for (const p of pending) {
      await tx.mentorProposal.update({
        where: { id: p.id },
        data: { status: "withdrawn", respondedAt: new Date() },
      });
      await tx.mentorProfile.update({ where: { id: p.mentorProfileId }, data: { taken: { decrement: 1 } } });
    }
  });
  await audit(prisma, {
    actorId: menteeId,
    organisationId: request.scheme.organisationId,
    action: "mentoring.request_withdrawn",
    detail: { requestId },
  });
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * someone's last role in an organisation has been removed: requests waiting on their answer as
 * a mentor in its scheme go back to waiting, and their places are freed. their register entry
 * stays (suggestions leave them out while they are not a member; a restored role brings them
 * back); their pairs carry on, being the pair's own.
 */
export async function releaseFormerMember(tx: Tx, userId: string, organisationId: string) {
  if (await tx.membership.findFirst({ where: { userId, organisationId } })) return 0;
  const pending = await tx.mentorProposal.findMany({
    where: { status: "pending", mentor: { userId, scheme: { organisationId } } },
  });
  for (const p of pending) {
    await tx.mentorProposal.update({
      where: { id: p.id },
      data: { status: "withdrawn", respondedAt: new Date() },
    });
    await tx.mentorRequest.updateMany({
      where: { id: p.requestId, status: "proposed" },
      data: { status: "waiting" },
    });
    await tx.mentorProfile.update({ where: { id: p.mentorProfileId }, data: { taken: { decrement: 1 } } });
  }
  return pending.length;
}
