import { prisma } from "~/db.server";
import { formatCode } from "./code";
import type { CourseCompletion } from "~/components/course-complete";

/** for activity pages: whether this enrolment's course is finished, and its certificate code */
export async function courseCompletion(
  enrolment: { id: string; completedAt: Date | null },
  courseTitle: string,
): Promise<CourseCompletion> {
  if (!enrolment.completedAt) return null;
  const certificate = await prisma.certificate.findUnique({
    where: { enrolmentId: enrolment.id },
    select: { code: true, revokedAt: true },
  });
  return {
    course: courseTitle,
    code: certificate && !certificate.revokedAt ? formatCode(certificate.code) : null,
  };
}
