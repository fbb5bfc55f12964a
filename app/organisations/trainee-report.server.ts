import { definitionFor } from "~/courses/courses.server";
import { courseProgress } from "~/courses/progress.server";
import { SKILL_LABELS, type Skill } from "~/courses/types";
import { prisma } from "~/db.server";
import { formatCode } from "~/certificates/code";
import { scorePercent } from "~/scorm/cmi";
import { findItem, manifestForVersion } from "~/scorm/packages.server";

// one trainee as their organisation's hr see them: progress, quiz and role-play results, scorm
// results and certificates. never the trainee's private notes (role-play reflections, the
// course reflection): those are for the trainee alone.

/**
 * how long an attempt took, from its opening to its submission or ending: hr can see an
 * attempt made faster than a person could read it (the server refuses the fastest)
 */
function secondsBetween(from: Date, to: Date | null) {
  return to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;
}

/** the trainee, if they hold this organisation's trainee role; otherwise null (a 404) */
export async function traineeReport(organisationId: string, userId: string) {
  const member = await prisma.membership.findFirst({
    where: { organisationId, userId, role: "trainee" },
    include: { user: { select: { id: true, name: true, email: true, gmcNumber: true } } },
  });
  if (!member) return null;
  const enrolments = await prisma.enrolment.findMany({
    // only what counts for this organisation; another organisation's enrolment is not theirs to see
    where: { userId, organisationId },
    orderBy: { enrolledAt: "desc" },
    include: {
      certificate: { select: { code: true, issuedAt: true, expiresAt: true, revokedAt: true } },
      quizAttempts: {
        orderBy: [{ activityId: "asc" }, { attemptNumber: "asc" }],
        select: {
          activityId: true,
          attemptNumber: true,
          state: true,
          scorePercent: true,
          passed: true,
          startedAt: true,
          submittedAt: true,
        },
      },
      roleplayAttempts: {
        orderBy: [{ activityId: "asc" }, { attemptNumber: "asc" }],
        // the note is deliberately not selected
        select: {
          activityId: true,
          attemptNumber: true,
          state: true,
          snapshot: true,
          startedAt: true,
          endedAt: true,
        },
      },
      scormAttempts: {
        // a launch that never loaded saved nothing: it is no attempt to report
        where: { lastCommitAt: { not: null } },
        orderBy: [{ activityId: "asc" }, { itemId: "asc" }, { number: "asc" }],
        select: {
          activityId: true,
          versionId: true,
          itemId: true,
          number: true,
          completionStatus: true,
          successStatus: true,
          scoreRaw: true,
          scoreMin: true,
          scoreMax: true,
          scoreScaled: true,
          totalTime: true,
          lastCommitAt: true,
        },
      },
    },
  });
  const courses = [];
  for (const e of enrolments) {
    const def = await definitionFor(e.courseVersionId);
    const located = (id: string | null) => {
      for (const m of def.modules) {
        const a = m.activities.find((x) => x.id === id);
        if (a) return { module: m.title, activity: a };
      }
      return null;
    };
    const title = (id: string | null) => located(id)?.activity.title ?? id ?? "";
    // "Questioning: quiz", so attempts read by module
    const named = (id: string | null) => {
      const l = located(id);
      return l ? `${l.module}: ${l.activity.title}` : (id ?? "");
    };
    /** the most the best conversation reaches per skill, for "x of y" */
    const bestOf = (id: string | null) =>
      (located(id)?.activity.content as { bounds?: Record<string, { max: number }> } | undefined)?.bounds ??
      {};
    const progress = await courseProgress({ id: e.id, userId }, def);
    const scorm = [];
    for (const a of e.scormAttempts) {
      const manifest = await manifestForVersion(a.versionId);
      const item = findItem(manifest, a.itemId);
      scorm.push({
        activity: title(a.activityId),
        part: item?.title ?? a.itemId,
        attempt: a.number,
        completion: a.completionStatus,
        success: a.successStatus,
        score: scorePercent(a),
        totalTime: a.totalTime,
        lastAccess: a.lastCommitAt?.toISOString() ?? null,
      });
    }
    courses.push({
      enrolmentId: e.id,
      course: def.title,
      enrolledAt: e.enrolledAt.toISOString(),
      dueAt: e.dueAt?.toISOString() ?? null,
      completedAt: e.completedAt?.toISOString() ?? null,
      // as the dashboard counts it: past the due date and not finished
      overdue: e.dueAt !== null && e.completedAt === null && e.dueAt.getTime() < Date.now(),
      state: progress.state,
      percent: progress.percent,
      activitiesDone: progress.activitiesDone,
      activitiesTotal: progress.activitiesTotal,
      modules: progress.modules.map((m) => ({
        id: m.id,
        title: m.title,
        state: m.state,
        done: m.requiredDone,
        total: m.requiredTotal,
      })),
      quizzes: e.quizAttempts.map((q) => ({
        activity: named(q.activityId),
        attempt: q.attemptNumber,
        state: q.state,
        score: q.scorePercent,
        passed: q.passed,
        submittedAt: q.submittedAt?.toISOString() ?? null,
        seconds: secondsBetween(q.startedAt, q.submittedAt),
      })),
      roleplays: e.roleplayAttempts.map((r) => {
        const scores =
          (JSON.parse(r.snapshot) as { context?: { scores?: Record<string, number> } }).context?.scores ?? {};
        const best = bestOf(r.activityId);
        return {
          activity: named(r.activityId),
          attempt: r.attemptNumber,
          state: r.state,
          endedAt: r.endedAt?.toISOString() ?? null,
          seconds: secondsBetween(r.startedAt, r.endedAt),
          skills: Object.entries(scores).map(([k, v]) => ({
            skill: SKILL_LABELS[k as Skill] ?? k,
            score: v,
            max: best[k]?.max ?? null,
          })),
        };
      }),
      scorm,
      certificate: e.certificate
        ? {
            code: formatCode(e.certificate.code),
            issuedAt: e.certificate.issuedAt.toISOString(),
            expiresAt: e.certificate.expiresAt?.toISOString() ?? null,
            revoked: e.certificate.revokedAt !== null,
          }
        : null,
    });
  }
  return { trainee: member.user, courses };
}
