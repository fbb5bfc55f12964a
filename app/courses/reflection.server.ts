import { z } from "zod";
import { prisma } from "~/db.server";
import { countWords } from "~/activities/reading";
import { multiLine } from "~/utils/forms";

// the course reflection, after the academy of medical royal colleges' reflective practice
// template: what happened, what I learned, how it will change my practice, further needs

/** a required answer is a sentence at least: "x" or "ok" says nothing to an appraiser */
export const REFLECTION_MIN_WORDS = 5;

const field = (label: string, required: boolean) => {
  const base = multiLine(z.string().trim().max(4000, `${label} must be 4,000 characters or fewer`), label);
  if (!required) return base.optional().transform((v) => v ?? "");
  return base
    .min(1, `Write ${label.toLowerCase()}`)
    .refine(
      (v) => countWords(v) >= REFLECTION_MIN_WORDS,
      `Write at least a sentence (${REFLECTION_MIN_WORDS} words or more) for ${label.toLowerCase()}`,
    );
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
