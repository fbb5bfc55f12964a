import { assign, setup } from "xstate";
import { attemptQuestions } from "./draw";
import { gradeQuiz, type QuizResult } from "./grading";
import type { Answers, QuizDefinition } from "./schema";

// one attempt at one quiz: started -> answering -> submitted -> graded, then either closed
// (final) or, when the attempt limit allows, retried (final; the server opens the next
// attempt). built per quiz version so guards and grading use that version's questions.

export type QuizContext = {
  quizHash: string;
  attemptNumber: number;
  maxAttempts: number | null;
  /** the questions this attempt drew from the pool (absent in attempts from before pools: all) */
  questionIds?: string[];
  answers: Answers;
  result: QuizResult | null;
};

export type QuizEvent = { type: "START" } | { type: "SUBMIT"; answers: Answers } | { type: "RETRY" };

export function createQuizMachine(quiz: Pick<QuizDefinition, "questions" | "passMark" | "hash">) {
  return setup({
    types: {
      context: {} as QuizContext,
      events: {} as QuizEvent,
      input: {} as { attemptNumber: number; maxAttempts: number | null; questionIds?: string[] },
    },
    guards: {
      // every question has an answer (checked in detail by the server before sending)
      complete: ({ context, event }) =>
        event.type === "SUBMIT" &&
        attemptQuestions(quiz.questions, context.questionIds).every(
          (q) => event.answers[q.id]?.kind === q.kind,
        ),
      attemptsLeft: ({ context }) =>
        context.maxAttempts === null || context.attemptNumber < context.maxAttempts,
    },
    actions: {
      record: assign({
        answers: ({ event }) => (event.type === "SUBMIT" ? event.answers : {}),
      }),
      grade: assign({
        result: ({ context }) =>
          gradeQuiz(
            { questions: attemptQuestions(quiz.questions, context.questionIds), passMark: quiz.passMark },
            context.answers,
          ),
      }),
    },
  }).createMachine({
    id: "quizAttempt",
    context: ({ input }) => ({
      quizHash: quiz.hash,
      attemptNumber: input.attemptNumber,
      maxAttempts: input.maxAttempts,
      ...(input.questionIds ? { questionIds: input.questionIds } : {}),
      answers: {},
      result: null,
    }),
    initial: "started",
    states: {
      started: { on: { START: "answering" } },
      answering: {
        on: { SUBMIT: { guard: "complete", target: "submitted", actions: "record" } },
      },
      submitted: { entry: "grade", always: "graded" },
      graded: {
        on: { RETRY: { guard: "attemptsLeft", target: "retried" } },
      },
      retried: { type: "final" },
    },
  });
}

export type QuizMachine = ReturnType<typeof createQuizMachine>;
