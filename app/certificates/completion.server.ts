import { prisma } from "~/db.server";
import type { CourseCompletion } from "~/components/course-complete";
import { formatCode } from "./code";

/**
 * for activity pages: whether this enrolment's course is finished, and its certificate code.
 * read afresh (one query): the page's own work may be what just completed the course.
 */
export async function courseCompletion(enrolmentId: string, courseTitle: string): Promise<CourseCompletion> {
  const enrolment = await prisma.enrolment.findUnique({
    where: { id: enrolmentId },
    select: { completedAt: true, certificate: { select: { code: true, revokedAt: true } } },
  });
  if (!enrolment?.completedAt) return null;
  const certificate = enrolment.certificate;
  return {
    course: courseTitle,
    code: certificate && !certificate.revokedAt ? formatCode(certificate.code) : null,
  };
}
