import { outcomesOf } from "./draw";
import { describeRetake, type RetakePolicy } from "./retake";
import type { QuizDefinition } from "./schema";

/**
 * what a quiz's page says of the quiz itself: how many questions an attempt asks (a drawn quiz
 * asks `perOutcome` from each outcome's pool), the pass mark and the retake rules. the same on
 * the platform and in an exported package
 */
export function quizSummary(quiz: QuizDefinition, policy: RetakePolicy) {
  const asked = quiz.draw ? quiz.draw.perOutcome * outcomesOf(quiz.questions).length : quiz.questions.length;
  return {
    title: quiz.title,
    intro: quiz.intro ?? null,
    passMark: quiz.passMark,
    questionCount: asked,
    poolSize: quiz.draw ? quiz.questions.length : null,
    rules: describeRetake(policy),
    counts: policy.counts,
  };
}
