import { prisma } from "~/db.server";
import { proposalsForMentor } from "./requests.server";
import { DEFAULT_MENTOR_COURSE, validCertificate } from "./schemes.server";
import { AREAS, type Area } from "./vocabulary";

// a person's mentoring page: the schemes of the organisations they belong to, their place on
// each register, their requests, the requests put to them as a mentor, and their pairs.

export async function mentoringHome(userId: string) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    select: { organisationId: true, role: true },
  });
  const orgIds = [...new Set(memberships.map((m) => m.organisationId))];
  const [schemes, profiles, requests, proposals, relationships] = await Promise.all([
    prisma.mentoringScheme.findMany({
      where: { organisationId: { in: orgIds } },
      include: { organisation: { select: { name: true } } },
      orderBy: { name: "asc" },
    }),
    prisma.mentorProfile.findMany({ where: { userId } }),
    prisma.mentorRequest.findMany({
      where: { menteeId: userId, status: { in: ["waiting", "proposed"] } },
      select: { id: true, schemeId: true, status: true, createdAt: true },
    }),
    proposalsForMentor(userId),
    prisma.mentoringRelationship.findMany({
      where: { OR: [{ mentorId: userId }, { menteeId: userId }] },
      include: {
        mentor: { select: { name: true } },
        mentee: { select: { name: true } },
        scheme: { select: { name: true } },
      },
      orderBy: { startedAt: "desc" },
    }),
  ]);
  const certificates = new Map<string, boolean>();
  for (const s of schemes) {
    const course = s.courseId ?? DEFAULT_MENTOR_COURSE;
    if (!certificates.has(course)) certificates.set(course, Boolean(await validCertificate(userId, course)));
  }
  return {
    schemes: schemes.map((s) => {
      const profile = profiles.find((p) => p.schemeId === s.id && !p.leftAt) ?? null;
      return {
        id: s.id,
        name: s.name,
        organisation: s.organisation.name,
        open: s.open,
        description: s.description,
        mentorEntry: s.mentorEntry,
        matchingMode: s.matchingMode,
        certified: certificates.get(s.courseId ?? DEFAULT_MENTOR_COURSE) ?? false,
        profile: profile && {
          id: profile.id,
          paused: profile.pausedAt !== null,
          capacity: profile.capacity,
          taken: profile.taken,
          awaitingApproval: !profile.certificateId && !profile.approvedAt,
        },
        request: requests.find((r) => r.schemeId === s.id) ?? null,
        inScheme:
          Boolean(profile) ||
          requests.some((r) => r.schemeId === s.id) ||
          relationships.some((r) => r.schemeId === s.id),
      };
    }),
    proposals: proposals.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      mentee: p.request.mentee.name,
      specialty: p.request.specialty,
      grade: p.request.grade,
      nation: p.request.nation,
      hopes: p.request.hopes,
      areas: (JSON.parse(p.request.areas) as Area[]).map((a) => AREAS[a]),
      modes: JSON.parse(p.request.modes) as string[],
    })),
    relationships: relationships.map((r) => ({
      id: r.id,
      scheme: r.scheme.name,
      role: r.mentorId === userId ? ("mentor" as const) : ("mentee" as const),
      other: r.mentorId === userId ? r.mentee.name : r.mentor.name,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
    })),
  };
}
