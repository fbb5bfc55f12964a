import { ACTIVITY_KINDS } from "~/activities/registry.server";
import { NOT_STARTED, type ActivityStatus, type EnrolmentRef } from "~/activities/types";
import { prisma } from "~/db.server";
import { emitCourseCompleted } from "./completion-events.server";
import type { CourseDefinition } from "./types";

// module and course completion, computed from the activities' own statuses and the course's
// rules. nothing here knows what kind an activity is.

export type State = ActivityStatus["state"];

export type ModuleProgress = {
  id: string;
  title: string;
  state: State;
  requiredDone: number;
  requiredTotal: number;
  activities: { id: string; title: string; kind: string; required: boolean; status: ActivityStatus }[];
};

export type CourseProgress = {
  state: State;
  /** the course's reflective note: whether it is needed for completion, and written */
  reflection: { required: boolean; done: boolean };
  modules: ModuleProgress[];
  requiredModulesDone: number;
  requiredModulesTotal: number;
  /** the required activities of the required modules: what "progress" counts */
  activitiesDone: number;
  activitiesTotal: number;
  percent: number;
};

export async function activityStatuses(enrolment: EnrolmentRef, def: CourseDefinition) {
  const all = def.modules.flatMap((m) => m.activities);
  const statuses = new Map<string, ActivityStatus>();
  for (const [kind, impl] of ACTIVITY_KINDS) {
    const mine = all.filter((a) => a.kind === kind);
    if (mine.length === 0) continue;
    for (const [id, s] of await impl.statuses(enrolment, mine, def.rules)) statuses.set(id, s);
  }
  return statuses;
}

export function summarise(
  def: CourseDefinition,
  statuses: Map<string, ActivityStatus>,
  reflected = false,
): CourseProgress {
  const modules = def.modules.map((m): ModuleProgress => {
    const activities = m.activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      required: a.required,
      status: statuses.get(a.id) ?? NOT_STARTED,
    }));
    const requiredDone = m.requiredActivities.filter((id) => statuses.get(id)?.state === "completed").length;
    const requiredTotal = m.requiredActivities.length;
    const started = activities.some((a) => a.status.state !== "not_started");
    const state: State =
      requiredDone === requiredTotal ? "completed" : started ? "in_progress" : "not_started";
    return { id: m.id, title: m.title, state, requiredDone, requiredTotal, activities };
  });
  const required = modules.filter((m) => def.requiredModules.includes(m.id));
  const requiredModulesDone = required.filter((m) => m.state === "completed").length;
  const doneActivities = required.reduce((s, m) => s + m.requiredDone, 0);
  const totalActivities = required.reduce((s, m) => s + m.requiredTotal, 0);
  const reflection = { required: def.reflection === "required", done: reflected };
  const state: State =
    requiredModulesDone === required.length && (!reflection.required || reflection.done)
      ? "completed"
      : modules.some((m) => m.state !== "not_started")
        ? "in_progress"
        : "not_started";
  return {
    state,
    reflection,
    modules,
    requiredModulesDone,
    requiredModulesTotal: required.length,
    activitiesDone: doneActivities,
    activitiesTotal: totalActivities,
    percent: totalActivities === 0 ? 0 : Math.round((doneActivities / totalActivities) * 100),
  };
}

/** `reflected`: whether the course reflection is written, when the caller has read it already */
export async function courseProgress(enrolment: EnrolmentRef, def: CourseDefinition, reflected?: boolean) {
  const [statuses, reflection] = await Promise.all([
    activityStatuses(enrolment, def),
    reflected ??
      prisma.courseReflection
        .findUnique({ where: { enrolmentId: enrolment.id }, select: { id: true } })
        .then((r) => r !== null),
  ]);
  return summarise(def, statuses, reflection);
}

/**
 * after any activity changes: records the course's completion date the first time every
 * required module is complete and issues the certificate (once, even when two requests
 * finish together).
 */
export async function refreshCompletion(
  enrolment: EnrolmentRef,
  def: CourseDefinition,
  options: { activityAt?: Date | null } = {},
) {
  const progress = await courseProgress(enrolment, def);
  await recordSnapshot(
    enrolment.id,
    progress,
    options.activityAt === undefined ? new Date() : options.activityAt,
  );
  if (progress.state === "completed") {
    await prisma.enrolment.updateMany({
      where: { id: enrolment.id, completedAt: null },
      data: { completedAt: new Date() },
    });
    // the certificates module reacts (once, however many requests get here)
    await emitCourseCompleted({ enrolmentId: enrolment.id });
  }
  return progress;
}

/**
 * where "continue" should take the trainee: in the module they most recently worked in, an
 * activity under way or the first one not yet completed; otherwise the course's first
 * unfinished required activity. optional activities are never the target. worked out from
 * the progress alone (each activity's status says when it was last worked on).
 */
export function continueTarget(progress: CourseProgress) {
  const flat = progress.modules.flatMap((m) => m.activities.map((a) => ({ moduleId: m.id, ...a })));
  let latest: (typeof flat)[number] | undefined;
  for (const a of flat) {
    const at = a.status.lastWorkedAt;
    if (at && (!latest || at > latest.status.lastWorkedAt!)) latest = a;
  }
  const latestModule = latest?.moduleId;
  // only what the course needs: an optional page (a glossary) is never where "continue" leads
  const pending = (a: (typeof flat)[number]) => a.required && a.status.state !== "completed";
  const inModule = flat.filter((a) => a.moduleId === latestModule);
  // in the module they last worked in: something under way, else its first unfinished activity;
  // otherwise the first unfinished activity of the course
  const target =
    inModule.find((a) => pending(a) && a.status.state === "in_progress") ??
    inModule.find(pending) ??
    flat.find(pending);
  if (!target) return null;
  return { moduleId: target.moduleId, activityId: target.id, title: target.title, started: Boolean(latest) };
}

/**
 * a step that cannot change any activity's status (a role-play reply before its ending): the
 * reports' "last activity" kept to the minute, without working the course's progress out again
 */
export async function touchActivity(
  enrolmentId: string,
  now = new Date(),
  db: Pick<typeof prisma, "enrolment"> = prisma,
) {
  const minuteAgo = new Date(now.getTime() - 60_000);
  await db.enrolment.updateMany({
    where: { id: enrolmentId, OR: [{ lastActivityAt: null }, { lastActivityAt: { lt: minuteAgo } }] },
    data: { lastActivityAt: now },
  });
}

/**
 * the progress reports read (enrolment state, percent, last activity, per-module states),
 * written from a freshly worked-out progress. reports never work progress out per row.
 */
export async function recordSnapshot(enrolmentId: string, progress: CourseProgress, activityAt: Date | null) {
  await prisma.$transaction(async (tx) => {
    // the module rows carry the enrolment's organisation and course as they are now, read in
    // the same transaction as a move between organisations would change them
    const { organisationId, courseId } = await tx.enrolment.update({
      where: { id: enrolmentId },
      data: {
        progressState: progress.state,
        progressPercent: progress.percent,
        progressAt: new Date(),
        ...(activityAt ? { lastActivityAt: activityAt } : {}),
      },
      select: { organisationId: true, courseId: true },
    });
    await tx.moduleProgress.deleteMany({ where: { enrolmentId } });
    await tx.moduleProgress.createMany({
      data: progress.modules.map((m) => ({
        enrolmentId,
        moduleId: m.id,
        state: m.state,
        organisationId,
        courseId,
      })),
    });
  });
}

/** the most recent work of an enrolment in any activity kind, for snapshots made after the fact */
export async function lastActivityOf(enrolmentId: string): Promise<Date | null> {
  const latest = await Promise.all([...ACTIVITY_KINDS.values()].map((k) => k.latest(enrolmentId)));
  const times = latest.filter((l): l is NonNullable<typeof l> => l !== null).map((l) => l.at.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}
