import { z } from "zod";
import { prisma } from "~/db.server";
import { multiLine } from "~/utils/forms";

// the course reflection, after the academy of medical royal colleges' reflective practice
// template: what happened, what I learned, how it will change my practice, further needs

const field = (label: string, required: boolean) => {
  const base = multiLine(z.string().trim().max(4000, `${label} must be 4,000 characters or fewer`), label);
  return required ? base.min(1, `Write ${label.toLowerCase()}`) : base.optional().transform((v) => v ?? "");
};

export const reflectionSchema = z.object({
  whatHappened: field("What you did and what happened", true),
  whatLearned: field("What you learned", true),
  changePractice: field("How it will change your practice", true),
  furtherNeeds: field("Further learning needs", false),
});

export async function saveReflection(enrolmentId: string, data: z.output<typeof reflectionSchema>) {
  await prisma.courseReflection.upsert({
    where: { enrolmentId },
    create: { enrolmentId, ...data },
    update: data,
  });
}
