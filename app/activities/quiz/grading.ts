import type { Answer, Answers, Question, QuizDefinition } from "./schema";

export type QuestionResult = {
  questionId: string;
  /** reflections are stored, not marked */
  marked: boolean;
  /** 0..1: partial credit for multiple choice and ordering */
  credit: number;
  correct: boolean;
};

export type QuizResult = {
  scorePercent: number;
  passed: boolean;
  questions: QuestionResult[];
};

function gradeQuestion(q: Question, a: Answer | undefined): QuestionResult {
  const none = { questionId: q.id, marked: true, credit: 0, correct: false };
  switch (q.kind) {
    case "single": {
      if (a?.kind !== "single") return none;
      const ok = q.options.some((o) => o.correct && o.id === a.optionId);
      return { ...none, credit: ok ? 1 : 0, correct: ok };
    }
    case "multiple": {
      if (a?.kind !== "multiple") return none;
      const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
      const chosen = new Set(a.optionIds);
      let right = 0;
      let wrong = 0;
      for (const id of chosen) {
        if (correct.has(id)) right++;
        else wrong++;
      }
      // each wrong choice cancels a right one; never below zero
      const credit = Math.max(0, (right - wrong) / correct.size);
      const exact = wrong === 0 && right === correct.size;
      return { ...none, credit: exact ? 1 : credit, correct: exact };
    }
    case "true_false": {
      if (a?.kind !== "true_false") return none;
      const ok = a.value === q.answer;
      return { ...none, credit: ok ? 1 : 0, correct: ok };
    }
    case "ordering": {
      if (a?.kind !== "ordering") return none;
      const inPlace = q.items.filter((item, i) => a.order[i] === item.id).length;
      return { ...none, credit: inPlace / q.items.length, correct: inPlace === q.items.length };
    }
    case "reflection":
      return { questionId: q.id, marked: false, credit: 0, correct: true };
  }
}

/** server-side marking. a quiz of reflections only is passed by submitting it. */
export function gradeQuiz(
  quiz: Pick<QuizDefinition, "questions" | "passMark">,
  answers: Answers,
): QuizResult {
  const questions = quiz.questions.map((q) => gradeQuestion(q, answers[q.id]));
  const marked = questions.filter((q) => q.marked);
  const scorePercent =
    marked.length === 0
      ? 100
      : Math.round((marked.reduce((s, q) => s + q.credit, 0) / marked.length) * 1000) / 10;
  return { scorePercent, passed: scorePercent >= quiz.passMark, questions };
}
