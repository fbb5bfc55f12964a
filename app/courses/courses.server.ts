import { prisma } from "~/db.server";
import { Prisma, type Enrolment } from "~/generated/prisma/client";
import type { CourseDefinition, ModuleDefinition } from "./types";
import type { ActivityDefinition } from "~/activities/types";

// reading courses for people: the catalogue, a trainee's pinned version, enrolment.

const cache = new Map<string, CourseDefinition>();

/** versions never change, so their parsed definitions are cached by id */
export function definitionOf(version: { id: string; definition: string }): CourseDefinition {
  let def = cache.get(version.id);
  if (!def) {
    def = JSON.parse(version.definition) as CourseDefinition;
    if (cache.size > 200) cache.clear();
    cache.set(version.id, def);
  }
  return def;
}

type VersionReader = { courseVersion: Pick<typeof prisma.courseVersion, "findUniqueOrThrow"> };

/**
 * a version's definition by id. the definition text is large (the mentoring course's is
 * about 0.8 MB), so it is read from the database only when this process has not parsed it
 * yet: loaders and commits select the version id, never the text. pass a transaction client
 * when called inside one.
 */
export async function definitionFor(
  versionId: string,
  db: VersionReader = prisma,
): Promise<CourseDefinition> {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const version = await db.courseVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { id: true, definition: true },
  });
  return definitionOf(version);
}

export async function listCatalogue(userId: string | null) {
  const courses = await prisma.course.findMany({ where: { active: true }, orderBy: { title: "asc" } });
  const versionIds = courses.map((c) => c.currentVersionId).filter((id): id is string => Boolean(id));
  const definitions = new Map(
    await Promise.all(versionIds.map(async (id) => [id, await definitionFor(id)] as const)),
  );
  const enrolments = userId
    ? await prisma.enrolment.findMany({ where: { userId }, select: { courseId: true, completedAt: true } })
    : [];
  return courses.flatMap((c) => {
    const def = c.currentVersionId ? definitions.get(c.currentVersionId) : undefined;
    if (!def) return [];
    const enrolment = enrolments.find((e) => e.courseId === c.id);
    return [
      {
        id: c.id,
        title: def.title,
        summary: def.summary,
        cpdHours: def.cpdHours,
        modules: def.modules.length,
        enrolment: def.enrolment,
        status: enrolment ? (enrolment.completedAt ? "completed" : "enrolled") : null,
      },
    ];
  });
}

/** the trainee's latest enrolment on a course (the one they are working on) */
export async function findEnrolment(userId: string, courseId: string) {
  return prisma.enrolment.findFirst({
    where: { userId, courseId },
    orderBy: { enrolledAt: "desc" },
  });
}

/** the course as this person should see it: their pinned version, or the current one */
export async function courseForUser(courseId: string, userId: string | null) {
  const course = await prisma.course.findUnique({ where: { id: courseId } });
  if (!course) return null;
  const enrolment = userId ? await findEnrolment(userId, courseId) : null;
  if (enrolment)
    return {
      course,
      enrolment,
      definition: await definitionFor(enrolment.courseVersionId),
      versionId: enrolment.courseVersionId,
    };
  if (!course.active || !course.currentVersionId) return null;
  return {
    course,
    enrolment: null,
    definition: await definitionFor(course.currentVersionId),
    versionId: course.currentVersionId,
  };
}

export class EnrolmentError extends Error {}

/** self-enrolment on the current version; enrolling twice returns the first enrolment */
export async function enrol(userId: string, courseId: string) {
  const existing = await findEnrolment(userId, courseId);
  if (existing) return existing;
  const course = await prisma.course.findUnique({ where: { id: courseId } });
  if (!course || !course.active || !course.currentVersionId)
    throw new EnrolmentError("This course is not available.");
  const versionId = course.currentVersionId;
  if ((await definitionFor(versionId)).enrolment !== "open") {
    throw new EnrolmentError("This course is by invitation only. Ask your organisation to enrol you.");
  }
  // a trainee's own enrolment counts for the organisation they train with (the latest one)
  const trainee = await prisma.membership.findFirst({
    where: { userId, role: "trainee" },
    orderBy: { createdAt: "desc" },
    select: { organisationId: true },
  });
  await prisma.enrolment.upsert({
    where: { userId_courseVersionId: { userId, courseVersionId: versionId } },
    create: {
      userId,
      courseId,
      courseVersionId: versionId,
      source: "self",
      organisationId: trainee?.organisationId ?? null,
      // a new enrolment has done nothing: its snapshot is the defaults (not started, 0 %, no
      // module rows), recorded now so that reports never work it out later
      progressAt: new Date(),
    },
    update: {},
  });
  return (await findEnrolment(userId, courseId))!;
}

export type OrganisationEnrolment =
  | { kind: "enrolled" | "attached" | "updated" | "unchanged"; enrolment: Enrolment }
  /** their enrolment on the course counts for another organisation: left exactly as it is */
  | { kind: "elsewhere" }
  | { kind: "unavailable" };

/**
 * enrolment made by an organisation (an invitation or hr): allowed on invitation-only
 * courses, recorded with the organisation. inside the caller's transaction.
 *
 * an organisation only creates or changes enrolments that count for it (decision 011): the
 * person's latest enrolment on the course is changed only when it counts for this
 * organisation, or for none (then it starts counting for this one). one that counts for
 * another organisation is never modified, and the caller must not tell the requesting
 * organisation anything about it.
 */
export async function enrolForOrganisation(
  tx: Prisma.TransactionClient,
  input: {
    userId: string;
    courseId: string;
    organisationId: string;
    source: "invitation" | "organisation";
    dueAt?: Date | null;
  },
): Promise<OrganisationEnrolment> {
  const existing = await tx.enrolment.findFirst({
    where: { userId: input.userId, courseId: input.courseId },
    orderBy: { enrolledAt: "desc" },
  });
  if (existing) {
    if (existing.organisationId !== null && existing.organisationId !== input.organisationId) {
      return { kind: "elsewhere" };
    }
    const changesDue =
      input.dueAt !== undefined &&
      !existing.completedAt &&
      existing.dueAt?.getTime() !== input.dueAt?.getTime();
    // an enrolment that counts for no organisation starts counting for this one, and the
    // organisation's due date applies to an enrolment that is not finished
    if (existing.organisationId === null || changesDue) {
      const enrolment = await tx.enrolment.update({
        where: { id: existing.id },
        data: {
          organisationId: input.organisationId,
          ...(changesDue ? { dueAt: input.dueAt, lastReminderAt: null } : {}),
        },
      });
      if (existing.organisationId !== input.organisationId) await syncModuleScope(tx, [existing.id]);
      return { kind: existing.organisationId === null ? "attached" : "updated", enrolment };
    }
    return { kind: "unchanged", enrolment: existing };
  }
  const course = await tx.course.findUnique({ where: { id: input.courseId } });
  if (!course?.active || !course.currentVersionId) return { kind: "unavailable" };
  const enrolment = await tx.enrolment.create({
    data: {
      userId: input.userId,
      courseId: input.courseId,
      courseVersionId: course.currentVersionId,
      organisationId: input.organisationId,
      source: input.source,
      dueAt: input.dueAt ?? null,
      // nothing done yet: the default snapshot is the true one (see enrol)
      progressAt: new Date(),
    },
  });
  return { kind: "enrolled", enrolment };
}

/** active courses for pick lists */
export async function activeCourses() {
  return prisma.course.findMany({
    where: { active: true },
    select: { id: true, title: true },
    orderBy: { title: "asc" },
  });
}

export type ActivityLocation = {
  module: ModuleDefinition;
  activity: ActivityDefinition;
  previous: { moduleId: string; activity: ActivityDefinition } | null;
  next: { moduleId: string; activity: ActivityDefinition } | null;
};

/** an activity with its neighbours across the whole course, for previous/next links */
export function locateActivity(
  def: CourseDefinition,
  moduleId: string,
  activityId: string,
): ActivityLocation | null {
  const flat = def.modules.flatMap((m) => m.activities.map((a) => ({ moduleId: m.id, activity: a })));
  const i = flat.findIndex((x) => x.moduleId === moduleId && x.activity.id === activityId);
  if (i === -1) return null;
  return {
    module: def.modules.find((m) => m.id === moduleId)!,
    activity: flat[i]!.activity,
    previous: flat[i - 1] ?? null,
    next: flat[i + 1] ?? null,
  };
}

/**
 * enrolments count for one organisation (Enrolment.organisationId): the one that enrolled the
 * trainee, or for their own enrolments the one they train with. when someone becomes a trainee
 * of an organisation, their enrolments that count for none start counting for it; when they
 * stop being one, its enrolments stop counting for it (its hr no longer see them).
 */
export async function attachEnrolments(tx: Prisma.TransactionClient, userId: string, organisationId: string) {
  await moveEnrolments(tx, userId, null, organisationId);
}

export async function detachEnrolments(tx: Prisma.TransactionClient, userId: string, organisationId: string) {
  await moveEnrolments(tx, userId, organisationId, null);
}

/** the enrolments and, in step, their module rows' copy of the organisation (decision 025) */
async function moveEnrolments(
  tx: Prisma.TransactionClient,
  userId: string,
  from: string | null,
  to: string | null,
) {
  const moved = await tx.enrolment.findMany({ where: { userId, organisationId: from }, select: { id: true } });
  if (moved.length === 0) return;
  const ids = moved.map((e) => e.id);
  await tx.enrolment.updateMany({ where: { id: { in: ids } }, data: { organisationId: to } });
  await syncModuleScope(tx, ids);
}

/**
 * after enrolments move between organisations: their module rows' copy of the organisation
 * set from the enrolments as they now are (standard sql, the same on postgresql). every change
 * of Enrolment.organisationId calls this in its transaction (decision 025).
 */
export async function syncModuleScope(tx: Prisma.TransactionClient, enrolmentIds: string[]) {
  if (enrolmentIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "ModuleProgress"
    SET "organisationId" = (SELECT e."organisationId" FROM "Enrolment" e WHERE e."id" = "ModuleProgress"."enrolmentId")
    WHERE "enrolmentId" IN (${Prisma.join(enrolmentIds)})`;
}
