import { definitionOf } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { scorePercent } from "~/scorm/cmi";
import { identitiesFor } from "~/scorm/learner-identity.server";

// what a college (or deanery) sees of the people who used its content: learners of its scorm
// packages with their latest results, and verification lookups of certificates of the courses
// that carry its packages. lookups show when and what was checked, never who checked (no ip).

export const COLLEGE_PAGE_SIZE = 50;

export async function collegeLearners(organisationId: string, page = 1) {
  // a learner's attempts that saved something: not a launch that never loaded, nor an
  // administrator's preview (which belongs to no enrolment and is never saved)
  const where = {
    version: { package: { organisationId } },
    enrolmentId: { not: null },
    lastCommitAt: { not: null },
  };
  const [total, attempts] = await Promise.all([
    prisma.scormAttempt.count({ where }),
    prisma.scormAttempt.findMany({
      where,
      orderBy: [{ lastCommitAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      skip: (page - 1) * COLLEGE_PAGE_SIZE,
      take: COLLEGE_PAGE_SIZE,
      include: {
        user: { select: { id: true, name: true, email: true } },
        version: { select: { number: true, package: { select: { id: true, title: true } } } },
      },
    }),
  ]);
  // its own members by name; everyone else by a pseudonym (decision 022)
  const who = await identitiesFor(
    organisationId,
    attempts.map((a) => a.user),
  );
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / COLLEGE_PAGE_SIZE)),
    rows: attempts.map((a) => ({
      id: a.id,
      learner: who.get(a.user.id)!.learner,
      email: who.get(a.user.id)!.email,
      packageId: a.version.package.id,
      package: a.version.package.title,
      attempt: a.number,
      completion: a.completionStatus,
      success: a.successStatus,
      score: scorePercent(a),
      lastAccess: (a.lastCommitAt ?? a.createdAt).toISOString(),
    })),
  };
}

/** the courses that carry one of the organisation's packages (attached, or named in module.yaml) */
export async function coursesWithPackagesOf(
  organisationId: string,
): Promise<{ id: string; title: string }[]> {
  const packages = await prisma.scormPackage.findMany({ where: { organisationId }, select: { id: true } });
  if (packages.length === 0) return [];
  const ids = new Set(packages.map((p) => p.id));
  const courses = await prisma.course.findMany({
    include: { versions: { select: { id: true, definition: true } } },
  });
  return courses
    .filter((c) =>
      c.versions.some((v) =>
        definitionOf(v).modules.some((m) =>
          m.activities.some(
            (a) => a.kind === "scorm" && ids.has((a.content as { packageId?: string }).packageId ?? ""),
          ),
        ),
      ),
    )
    .map((c) => ({ id: c.id, title: c.title }));
}

/**
 * recent verification lookups of those courses' certificates (decision 022). a lookup of a
 * certificate held by one of the college's own members (its trainee role) is listed with the
 * holder's name; lookups of anyone else's certificate are only counted, per course: a college
 * whose e-learning is in a course does not learn who else took it, or who is being checked.
 */
export async function verificationLookups(organisationId: string, limit = 100) {
  const courses = await coursesWithPackagesOf(organisationId);
  if (courses.length === 0) return { courses, lookups: [], others: [] };
  const events = await prisma.auditEvent.findMany({
    where: { action: "certificate.verified", createdAt: { gte: new Date(Date.now() - 365 * 86_400_000) } },
    orderBy: { createdAt: "desc" },
    take: 5_000,
    select: { createdAt: true, detail: true },
  });
  const looked = events
    .map((e) => ({ at: e.createdAt, ...(JSON.parse(e.detail) as { code?: string; via?: string }) }))
    .filter((e): e is { at: Date; code: string; via?: string } => typeof e.code === "string");
  const certificates = await prisma.certificate.findMany({
    where: {
      code: { in: [...new Set(looked.map((e) => e.code))] },
      courseId: { in: courses.map((c) => c.id) },
    },
    select: {
      code: true,
      userId: true,
      recipientName: true,
      courseTitle: true,
      revokedAt: true,
      expiresAt: true,
    },
  });
  const members = new Set(
    (
      await prisma.membership.findMany({
        where: {
          organisationId,
          role: "trainee",
          userId: { in: [...new Set(certificates.map((c) => c.userId))] },
        },
        select: { userId: true },
      })
    ).map((m) => m.userId),
  );
  const byCode = new Map(certificates.map((c) => [c.code, c]));
  const now = new Date();
  const others = new Map<string, { course: string; lookups: number; last: Date }>();
  const lookups = [];
  for (const e of looked) {
    const c = byCode.get(e.code);
    if (!c) continue;
    if (!members.has(c.userId)) {
      const entry = others.get(c.courseTitle) ?? { course: c.courseTitle, lookups: 0, last: e.at };
      entry.lookups += 1;
      others.set(c.courseTitle, entry);
      continue;
    }
    if (lookups.length >= limit) continue;
    lookups.push({
      at: e.at.toISOString(),
      code: e.code,
      recipient: c.recipientName,
      course: c.courseTitle,
      via: e.via === "api" ? "API" : "Verify page",
      status: c.revokedAt ? "Revoked" : c.expiresAt && c.expiresAt < now ? "Expired" : "Valid",
    });
  }
  return {
    courses,
    lookups,
    others: [...others.values()].map((o) => ({ ...o, last: o.last.toISOString() })),
  };
}
