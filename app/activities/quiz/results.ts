import type { QuizResult } from "./grading";
import type { Answer, Question, QuizDefinition } from "./schema";

// the feedback a trainee sees after submitting. until the quiz is passed (while another
// attempt is allowed) an attempt shows its score and the trainee's own answers, unmarked: no
// "right" or "wrong" per question, no explanation (an explanation shown only on wrong picks
// marks them), no right order. a script that keeps a bank of marked questions across attempts
// learns nothing from it; the score and the lessons to read again are the feedback.
// once passed, the attempt that passed shows everything (and only that one: the failed
// attempts stay unmarked, so a finished account is not an answer key to every draw); after
// the last allowed attempt the last one does.

export type QuestionFeedback = {
  id: string;
  prompt: string;
  kind: Question["kind"];
  correct: boolean;
  marked: boolean;
  credit: number;
  explanation: string | null;
  /** for choice questions: every option, whether it is right and whether it was chosen */
  options: { text: string; correct: boolean; chosen: boolean; explanation: string | null }[];
  /** ordering: the trainee's order and the right one */
  yourOrder: string[];
  rightOrder: string[];
  /** reflection text (only ever shown to its author) */
  reflection: string | null;
};

export function feedback(
  quiz: QuizDefinition,
  answers: Record<string, Answer>,
  result: QuizResult,
  options: { reveal: boolean },
): QuestionFeedback[] {
  const full = quiz.questions.map((q) => fullFeedback(q, answers, result));
  return options.reveal ? full : full.map(withheld);
}

/** what may be shown of a question while the answers are withheld: the trainee's own answer */
function withheld(q: QuestionFeedback): QuestionFeedback {
  return {
    ...q,
    correct: false,
    marked: false,
    credit: 0,
    explanation: null,
    // only what was chosen: the authored order of all the options (right ones are often
    // written first) would tell
    options: q.options
      .filter((o) => o.chosen)
      .map((o) => ({ text: o.text, chosen: true, correct: false, explanation: null })),
    rightOrder: [],
  };
}

function fullFeedback(q: Question, answers: Record<string, Answer>, result: QuizResult): QuestionFeedback {
  {
    const r = result.questions.find((x) => x.questionId === q.id)!;
    const a = answers[q.id];
    const base = {
      id: q.id,
      prompt: q.prompt,
      kind: q.kind,
      correct: r.correct,
      marked: r.marked,
      credit: r.credit,
      explanation: null as string | null,
      options: [] as QuestionFeedback["options"],
      yourOrder: [] as string[],
      rightOrder: [] as string[],
      reflection: null as string | null,
    };
    switch (q.kind) {
      case "single":
      case "multiple": {
        const chosen = new Set(
          a?.kind === "single" ? [a.optionId] : a?.kind === "multiple" ? a.optionIds : [],
        );
        return {
          ...base,
          explanation: q.explanation ?? null,
          options: q.options.map((o) => ({
            text: o.text,
            correct: o.correct,
            chosen: chosen.has(o.id),
            explanation: o.explanation ?? null,
          })),
        };
      }
      case "true_false": {
        const chosen = a?.kind === "true_false" ? a.value : null;
        return {
          ...base,
          explanation: q.explanation ?? null,
          options: [true, false].map((value) => ({
            text: value ? "True" : "False",
            correct: value === q.answer,
            chosen: chosen === value,
            explanation: null,
          })),
        };
      }
      case "ordering": {
        const text = (id: string) => q.items.find((i) => i.id === id)?.text ?? id;
        return {
          ...base,
          explanation: q.explanation ?? null,
          yourOrder: a?.kind === "ordering" ? a.order.map(text) : [],
          rightOrder: q.items.map((i) => i.text),
        };
      }
      case "reflection":
        return { ...base, reflection: a?.kind === "reflection" ? a.text : null };
    }
  }
}

/**
 * the outcomes an attempt lost marks on, in the quiz's order, with where they are taught: the
 * feedback a trainee who did not pass gets instead of per-question marks. each outcome has
 * several questions in the pool and a retake draws others, so naming the outcome does not mark
 * a question (decision 020).
 */
export function outcomesLost(quiz: QuizDefinition, result: QuizResult) {
  if (!quiz.outcomes) return [];
  const lost = new Set(
    result.questions
      .filter((r) => r.marked && !r.correct)
      .map((r) => quiz.questions.find((q) => q.id === r.questionId)?.outcome)
      .filter((o): o is string => Boolean(o)),
  );
  return Object.entries(quiz.outcomes)
    .filter(([id]) => lost.has(id))
    .map(([id, o]) => ({ id, ...o }));
}
