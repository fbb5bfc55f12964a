import { prisma } from "~/db.server";
import { attachmentsFor, withAttachments } from "~/scorm/attachment-merge.server";
import { isUniqueViolation } from "~/utils/db-errors";
import type { LoadedCourse } from "./loader.server";
import type { CourseDefinition } from "./types";

export type SyncReport = { course: string; version: string; created: boolean }[];

/**
 * stores each loaded course as a version keyed by its content hash and makes it the version
 * new enrolments get. existing versions are never modified, so pinned enrolments keep
 * exactly what they started. safe to run from several instances at once.
 */
export async function syncCourses(
  courses: LoadedCourse[],
  options: { deactivateMissing?: boolean } = {},
): Promise<SyncReport> {
  const report: SyncReport = [];
  for (const loaded of courses) {
    const { dir: _dir, hash: fileHash, ...definition } = loaded;
    // packages attached in the admin pages are part of the course, and of its version
    const { def, hash } = withAttachments(
      definition as CourseDefinition,
      fileHash,
      await attachmentsFor(loaded.id),
    );
    await prisma.course.upsert({
      where: { id: def.id },
      create: { id: def.id, title: def.title },
      update: { title: def.title, active: true },
    });
    let version = await prisma.courseVersion.findUnique({
      where: { courseId_hash: { courseId: def.id, hash } },
    });
    let created = false;
    if (!version) {
      try {
        version = await prisma.courseVersion.create({
          data: {
            courseId: def.id,
            hash,
            label: def.versionLabel,
            title: def.title,
            definition: JSON.stringify(def),
          },
        });
        created = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        version = await prisma.courseVersion.findUniqueOrThrow({
          where: { courseId_hash: { courseId: def.id, hash } },
        });
      }
    }
    await prisma.course.update({ where: { id: def.id }, data: { currentVersionId: version.id } });
    report.push({ course: def.id, version: `${def.versionLabel} (${hash.slice(0, 12)})`, created });
  }
  // a course whose folder was removed disappears from the catalogue; its enrolments remain
  if (options.deactivateMissing === false) return report;
  await prisma.course.updateMany({
    where: { id: { notIn: courses.map((c) => c.id) }, active: true },
    data: { active: false },
  });
  return report;
}
