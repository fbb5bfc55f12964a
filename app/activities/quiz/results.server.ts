import type { QuizResult } from "./grading";
import type { Answer, Question, QuizDefinition } from "./schema";

// the feedback a trainee sees after submitting. before the quiz is passed (while another
// attempt is allowed) it never gives the answers away: the score, which questions were wrong,
// and for a wrong choice why that choice is weak, but not which option was right, the right
// order or the explanation of the right answer. "fail once, copy, resubmit" learns nothing.
// once passed, or after the last allowed attempt, everything is shown.

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

/** what may be shown of a question while the answers are withheld */
function withheld(q: QuestionFeedback): QuestionFeedback {
  if (q.correct || !q.marked) return { ...q, options: q.options.map((o) => ({ ...o, correct: false })) };
  return {
    ...q,
    // a partial mark tells how many options are right
    credit: 0,
    // the question's explanation is about the right answer
    explanation: null,
    // only what was chosen, and why a wrong choice is weak: the authored order of all the
    // options (right ones are often written first) and any word on a right one would tell
    options: q.options
      .filter((o) => o.chosen)
      .map((o) => ({
        text: o.text,
        chosen: true,
        correct: false,
        explanation: o.correct ? null : o.explanation,
      })),
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
