import { prisma } from "~/db.server";
import { MentoringError, requireSchemeLead, schemeOf } from "./schemes.server";
import { AREAS, MIN_GROUP, type Area } from "./vocabulary";

// what a scheme lead sees of their scheme: counts only (issue 18, decision 028). nothing a pair
// wrote is read here; the evaluation ratings are given only as averages over at least
// MIN_GROUP people, and not at all below that.

export { MIN_GROUP };

const DAY_MS = 86_400_000;

function median(xs: number[]) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * an aggregate of ratings, or the reason it is not shown. one function decides, so no figure
 * from fewer than MIN_GROUP people can leave this module by another path.
 */
export function aggregateRatings(rows: { helpful: number; goalsMet: number; recommend: boolean }[]) {
  // not even how many: "fewer than 5" is all that is said
  if (rows.length < MIN_GROUP) return { shown: false as const };
  return {
    shown: true as const,
    people: rows.length,
    helpful: round1(rows.reduce((s, r) => s + r.helpful, 0) / rows.length),
    goalsMet: round1(rows.reduce((s, r) => s + r.goalsMet, 0) / rows.length),
    recommendPercent: Math.round((100 * rows.filter((r) => r.recommend).length) / rows.length),
  };
}

export async function schemeDashboard(
  actor: { id: string; isAdmin: boolean },
  organisationId: string,
  now = new Date(),
) {
  await requireSchemeLead(actor, organisationId);
  const scheme = await schemeOf(organisationId);
  if (!scheme) throw new MentoringError("This organisation has no mentoring scheme yet.", 404);
  const schemeId = scheme.id;
  const [mentors, waiting, matched, pairs, ended, evaluations] = await Promise.all([
    prisma.mentorProfile.findMany({
      where: { schemeId, leftAt: null },
      select: { capacity: true, taken: true, pausedAt: true, approvedAt: true, certificateId: true },
    }),
    prisma.mentorRequest.findMany({
      where: { schemeId, status: { in: ["waiting", "proposed"] } },
      select: { createdAt: true, areas: true, status: true },
    }),
    prisma.mentorRequest.findMany({
      where: { schemeId, status: "matched", matchedAt: { not: null } },
      select: { createdAt: true, matchedAt: true },
    }),
    prisma.mentoringRelationship.findMany({
      where: { schemeId, endedAt: null },
      select: { _count: { select: { meetings: true } } },
    }),
    prisma.mentoringRelationship.count({ where: { schemeId, endedAt: { not: null } } }),
    prisma.mentoringEvaluation.findMany({
      where: { relationship: { schemeId } },
      // the ratings only: the comment never leaves the pair
      select: { helpful: true, goalsMet: true, recommend: true, role: true },
    }),
  ]);
  const available = mentors.filter((m) => !m.pausedAt);
  const areaCounts = new Map<Area, number>();
  for (const r of waiting) {
    for (const a of JSON.parse(r.areas) as Area[]) areaCounts.set(a, (areaCounts.get(a) ?? 0) + 1);
  }
  const meetingsPerPair = pairs.map((p) => p._count.meetings);
  return {
    scheme,
    register: {
      mentors: mentors.length,
      paused: mentors.length - available.length,
      spacesFree: available.reduce((s, m) => s + Math.max(0, m.capacity - m.taken), 0),
      atCapacity: available.filter((m) => m.taken >= m.capacity).length,
      awaitingApproval: mentors.filter((m) => !m.certificateId && !m.approvedAt).length,
    },
    requests: {
      waiting: waiting.filter((r) => r.status === "waiting").length,
      withAMentor: waiting.filter((r) => r.status === "proposed").length,
      longestWaitDays: waiting.length
        ? Math.floor((now.getTime() - Math.min(...waiting.map((r) => r.createdAt.getTime()))) / DAY_MS)
        : null,
      medianDaysToMatch: median(
        matched.map((r) => (r.matchedAt!.getTime() - r.createdAt.getTime()) / DAY_MS),
      ),
      areasWaiting: [...areaCounts]
        .sort((a, b) => b[1] - a[1])
        .map(([area, count]) => ({ area, label: AREAS[area], count })),
    },
    pairs: {
      active: pairs.length,
      ended,
      medianMeetings: median(meetingsPerPair),
    },
    evaluations: {
      all: aggregateRatings(evaluations),
      mentees: aggregateRatings(evaluations.filter((e) => e.role === "mentee")),
      mentors: aggregateRatings(evaluations.filter((e) => e.role === "mentor")),
    },
  };
}
