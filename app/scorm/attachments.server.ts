import path from "node:path";
import { z } from "zod";
import { loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { definitionOf } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { audit } from "~/organisations/audit.server";
import { isUniqueViolation } from "~/utils/db-errors";

// packages attached to course modules from the admin pages. they are merged into the
// compiled course at sync, and into its content hash, so attaching makes a new course
// version: trainees already enrolled keep the version they started.

import { attachmentsFor } from "./attachment-merge.server";

export { attachmentsFor, ruleOf, withAttachments } from "./attachment-merge.server";

export const attachSchema = z
  .object({
    course: z.string().min(1, "Select the module to attach the package to"),
    module: z.string().min(1, "Select the module to attach the package to"),
    rule: z.enum(["completed", "passed", "score"], { error: "Select how the package counts as done" }),
    minScore: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? undefined : Number(v))),
    required: z.enum(["yes", "no"]).default("yes"),
    title: z
      .string()
      .trim()
      .max(150, "The title must be 150 characters or fewer")
      .optional()
      .transform((v) => (v ? v.replace(/\s+/g, " ") : undefined)),
    estimatedMinutes: z.coerce
      .number({ error: "Enter how many minutes the package takes, as a whole number" })
      .int("Enter how many minutes the package takes, as a whole number")
      .min(1, "Enter at least 1 minute")
      .max(600, "Enter 600 minutes or fewer"),
  })
  .superRefine((v, ctx) => {
    if (
      v.rule === "score" &&
      (v.minScore === undefined || !Number.isFinite(v.minScore) || v.minScore < 0 || v.minScore > 100)
    ) {
      ctx.addIssue({ code: "custom", path: ["minScore"], message: "Enter a minimum score from 0 to 100" });
    }
  });

export class AttachError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** attaches a package to a module and syncs the course so new enrolments get it */
export async function attachPackage(input: {
  packageId: string;
  courseId: string;
  moduleId: string;
  rule: "completed" | "passed" | "score";
  minScore?: number;
  required: boolean;
  estimatedMinutes?: number;
  /** the activity's title learners see (default: the package's) */
  title?: string;
  actorId: string;
  organisationId: string;
  /**
   * a college administrator's attachment: only to a course this organisation owns. unset for a
   * platform administrator, who may attach to any course
   */
  ownedBy?: string;
}) {
  const pkg = await prisma.scormPackage.findUnique({
    where: { id: input.packageId },
    select: { archivedAt: true, title: true },
  });
  if (pkg?.archivedAt) {
    throw new AttachError("course", "This package is archived. Restore it before attaching it to a course");
  }
  const dir = path.resolve(getEnv().COURSES_DIR);
  const { courses, problems } = await loadCourses(dir);
  const course = courses.find((c) => c.id === input.courseId);
  if (!course) {
    throw new AttachError(
      "course",
      problems.length > 0
        ? "The course content has problems, so it cannot be changed now"
        : "Select a course from the list",
    );
  }
  if (input.ownedBy !== undefined) {
    const owned = await prisma.course.findFirst({
      where: { id: course.id, ownerOrganisationId: input.ownedBy },
      select: { id: true },
    });
    if (!owned)
      throw new AttachError(
        "course",
        "Your organisation does not own that course. Select one of your organisation's courses",
      );
  }
  const mod = course.modules.find((m) => m.id === input.moduleId);
  if (!mod) throw new AttachError("module", "Select a module of that course");
  const existing = await attachmentsFor(course.id);
  if (existing.some((a) => a.packageId === input.packageId && a.moduleId === input.moduleId)) {
    throw new AttachError("module", "This package is already attached to that module");
  }
  const taken = new Set([
    ...course.modules.flatMap((m) => m.activities.map((a) => a.id)),
    ...existing.map((a) => a.activityId),
  ]);
  let activityId = `elearning-${input.packageId.slice(0, 8)}`;
  for (let n = 2; taken.has(activityId); n++) activityId = `elearning-${input.packageId.slice(0, 8)}-${n}`;
  try {
    await prisma.scormAttachment.create({
      data: {
        courseId: course.id,
        moduleId: mod.id,
        activityId,
        // fixed at attaching: renaming the package later does not change the course
        title: input.title ?? pkg?.title ?? null,
        packageId: input.packageId,
        rule: input.rule,
        minScore: input.rule === "score" ? (input.minScore ?? 100) : null,
        required: input.required,
        estimatedMinutes: input.estimatedMinutes ?? 30,
        createdById: input.actorId,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AttachError("module", "This package was attached at the same moment; reload the page");
    throw error;
  }
  await audit(prisma, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: "scorm.attached",
    detail: {
      packageId: input.packageId,
      courseId: course.id,
      moduleId: mod.id,
      activityId,
      rule: input.rule,
    },
  });
  await syncCourses([course], { deactivateMissing: false });
  return { activityId };
}

/** courses and their modules, for the attach form: all of them, or those one organisation owns */
export async function attachableCourses(ownedBy?: string) {
  const courses = await prisma.course.findMany({
    where: { active: true, ...(ownedBy === undefined ? {} : { ownerOrganisationId: ownedBy }) },
    orderBy: { title: "asc" },
  });
  const versions = await prisma.courseVersion.findMany({
    where: { id: { in: courses.map((c) => c.currentVersionId).filter((id): id is string => Boolean(id)) } },
  });
  return courses.flatMap((c) => {
    const v = versions.find((x) => x.id === c.currentVersionId);
    if (!v) return [];
    const def = definitionOf(v);
    return [{ id: c.id, title: c.title, modules: def.modules.map((m) => ({ id: m.id, title: m.title })) }];
  });
}
