import { prisma } from "~/db.server";
import { qualifies } from "./match";
import { stillMember } from "./requests.server";
import {
  DEFAULT_MENTOR_COURSE,
  MentoringError,
  requireSchemeLead,
  schemeOf,
  validCertificateHolders,
} from "./schemes.server";
import { AREAS, MIN_GROUP, type Area, type MentorEntry } from "./vocabulary";

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

type Rating = { helpful: number; goalsMet: number; recommend: boolean; role: string; createdAt: Date };

const QUARTER_NAMES = ["January to March", "April to June", "July to September", "October to December"];

/**
 * evaluation figures by calendar quarter, for quarters that have ended only. a figure that
 * changes as each answer arrives gives that answer away (5 people, then 6: the difference is the
 * sixth person), so figures are of fixed groups: a quarter's answers never change once it has
 * ended. within a quarter, mentees and mentors are shown apart only when both groups have at
 * least MIN_GROUP people (otherwise one, taken from everyone, gives the other away).
 */
export function evaluationQuarters(rows: Rating[], now = new Date(), keep = 4) {
  const quarterOf = (d: Date) => d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
  const current = quarterOf(now);
  const byQuarter = new Map<number, Rating[]>();
  for (const r of rows) {
    const q = quarterOf(r.createdAt);
    if (q < current) byQuarter.set(q, [...(byQuarter.get(q) ?? []), r]);
  }
  const label = (q: number) => `${QUARTER_NAMES[q % 4]} ${Math.floor(q / 4)}`;
  const quarters = [...byQuarter.keys()]
    .sort((a, b) => b - a)
    .slice(0, keep)
    .map((q) => {
      const group = byQuarter.get(q)!;
      const mentees = group.filter((r) => r.role === "mentee");
      const mentors = group.filter((r) => r.role === "mentor");
      const split = mentees.length >= MIN_GROUP && mentors.length >= MIN_GROUP;
      return {
        label: label(q),
        all: aggregateRatings(group),
        mentees: split ? aggregateRatings(mentees) : ({ shown: false } as const),
        mentors: split ? aggregateRatings(mentors) : ({ shown: false } as const),
      };
    });
  return { quarters, inProgress: label(current) };
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
      // members of the organisation only: someone whose last role was removed is not counted
      where: { schemeId, leftAt: null, ...stillMember(organisationId) },
      select: {
        userId: true,
        capacity: true,
        taken: true,
        pausedAt: true,
        approvedAt: true,
        certificateId: true,
      },
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
      select: { helpful: true, goalsMet: true, recommend: true, role: true, createdAt: true },
    }),
  ]);
  const certified = await validCertificateHolders(
    mentors.map((m) => m.userId),
    scheme.courseId ?? DEFAULT_MENTOR_COURSE,
    now,
  );
  const qualified = (m: (typeof mentors)[number]) =>
    qualifies(
      { certified: certified.has(m.userId), approved: m.approvedAt !== null },
      scheme.mentorEntry as MentorEntry,
    );
  const available = mentors.filter((m) => !m.pausedAt && qualified(m));
  const areaCounts = new Map<Area, number>();
  for (const r of waiting) {
    for (const a of JSON.parse(r.areas) as Area[]) areaCounts.set(a, (areaCounts.get(a) ?? 0) + 1);
  }
  const meetingsPerPair = pairs.map((p) => p._count.meetings);
  return {
    scheme,
    register: {
      mentors: mentors.length,
      paused: mentors.filter((m) => m.pausedAt).length,
      spacesFree: available.reduce((s, m) => s + Math.max(0, m.capacity - m.taken), 0),
      atCapacity: available.filter((m) => m.taken >= m.capacity).length,
      awaitingApproval: mentors.filter((m) => !m.certificateId && !m.approvedAt).length,
      notQualified: mentors.filter((m) => !qualified(m)).length,
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
    evaluations: evaluationQuarters(evaluations, now),
  };
}
