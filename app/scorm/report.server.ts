import { prisma } from "~/db.server";
import { BOM, csvLines } from "~/utils/csv";
import { scorePercent, validateCmi } from "./cmi";
import { identitiesFor, type LearnerIdentity } from "./learner-identity.server";
import { findItem, flattenItems, manifestForVersion } from "./packages.server";

// what a package's owners see of the people who played it: one row per learner, sco and
// attempt. scoped by the caller to the package's own organisation.

export const REPORT_PAGE_SIZE = 100;

export async function packageReport(packageId: string, page = 1) {
  // an attempt whose player never saved anything (a launch that did not load) is no result
  // (an administrator's preview belongs to no enrolment, and is never saved either)
  const where = { version: { packageId }, enrolmentId: { not: null }, lastCommitAt: { not: null } };
  const [total, attempts] = await Promise.all([
    prisma.scormAttempt.count({ where }),
    prisma.scormAttempt.findMany({
      where,
      orderBy: [{ lastCommitAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      skip: (page - 1) * REPORT_PAGE_SIZE,
      take: REPORT_PAGE_SIZE,
      include: {
        user: { select: { id: true, name: true, email: true } },
        version: { select: { id: true, number: true, package: { select: { organisationId: true } } } },
      },
    }),
  ]);
  const owner = attempts[0]?.version.package.organisationId;
  const who = owner
    ? await identitiesFor(
        owner,
        attempts.map((a) => a.user),
      )
    : new Map<string, LearnerIdentity>();
  const titles = new Map<string, Map<string, string>>();
  for (const versionId of new Set(attempts.map((a) => a.versionId))) {
    const manifest = await manifestForVersion(versionId);
    titles.set(
      versionId,
      new Map(flattenItems(manifest.organization.items).map((x) => [x.item.identifier, x.item.title])),
    );
  }
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE)),
    rows: attempts.map((a) => ({
      id: a.id,
      learner: who.get(a.user.id)!.learner,
      email: who.get(a.user.id)!.email,
      named: who.get(a.user.id)!.named,
      version: a.version.number,
      item: titles.get(a.versionId)?.get(a.itemId) ?? a.itemId,
      attempt: a.number,
      completion: a.completionStatus,
      success: a.successStatus,
      score: scorePercent(a),
      totalTime: a.totalTime,
      totalSeconds: a.totalSeconds,
      lastAccess: (a.lastCommitAt ?? a.createdAt).toISOString(),
      satisfied: a.satisfiedAt !== null,
    })),
  };
}

/** one attempt in full: the columns, and for scorm 2004 its interactions and objectives */
export async function attemptDetail(packageId: string, attemptId: string) {
  const attempt = await prisma.scormAttempt.findUnique({
    where: { id: attemptId },
    include: {
      user: { select: { id: true, name: true, email: true } },
      version: { include: { package: { select: { organisationId: true } } } },
    },
  });
  if (!attempt || attempt.version.packageId !== packageId) return null;
  const who = (await identitiesFor(attempt.version.package.organisationId, [attempt.user])).get(
    attempt.user.id,
  )!;
  const checked = validateCmi(
    attempt.version.scormVersion === "1.2" ? "1.2" : "2004",
    JSON.parse(attempt.cmi),
  );
  const manifest = await manifestForVersion(attempt.versionId);
  const item = findItem(manifest, attempt.itemId);
  return {
    id: attempt.id,
    learner: who.learner,
    email: who.email,
    scormVersion: attempt.version.scormVersion,
    version: attempt.version.number,
    item: item?.title ?? attempt.itemId,
    attempt: attempt.number,
    completion: attempt.completionStatus,
    success: attempt.successStatus,
    score: scorePercent(attempt),
    scoreRaw: attempt.scoreRaw,
    scoreScaled: attempt.scoreScaled,
    totalTime: attempt.totalTime,
    totalSeconds: attempt.totalSeconds,
    location: attempt.location,
    suspendDataLength: attempt.suspendData?.length ?? 0,
    lastAccess: (attempt.lastCommitAt ?? attempt.createdAt).toISOString(),
    satisfiedAt: attempt.satisfiedAt?.toISOString() ?? null,
    interactions: checked.ok ? checked.summary.interactions : [],
    objectives: checked.ok ? checked.summary.objectives : [],
  };
}

const UK_DAY_TIME = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
/** 2026-12-04 13:05, uk time */
const dayTime = (d: Date) => UK_DAY_TIME.format(d).replace(",", "");

/**
 * every attempt at a package as csv (utf-8 with a byte-order mark, for excel), newest first,
 * written in pages so a large package is never read in one query
 */
export async function packageResultsCsv(packageId: string): Promise<string> {
  const header = [
    "learner",
    "email",
    "part",
    "package_version",
    "attempt",
    "completion",
    "success",
    "score_percent",
    "time_minutes",
    "last_access",
  ];
  const lines: string[] = [];
  for (let page = 1; ; page++) {
    const report = await packageReport(packageId, page);
    const records = report.rows.map((r) => [
      r.learner,
      r.email,
      r.item,
      r.version,
      r.attempt,
      r.completion,
      r.success,
      r.score === null ? "" : Math.round(r.score),
      Math.round(r.totalSeconds / 60),
      dayTime(new Date(r.lastAccess)),
    ]);
    if (records.length) lines.push(csvLines(records));
    if (page >= report.pages) break;
  }
  return `${BOM}${csvLines([header])}${lines.join("")}`;
}
