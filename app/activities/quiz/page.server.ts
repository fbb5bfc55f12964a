import { refreshCompletion } from "~/courses/progress.server";
import { activityPath } from "~/courses/paths";
import type { ActivityPage } from "../pages.server";
import { presentQuestions } from "./present";
import {
  canRetry,
  listAttempts,
  QuizError,
  quizKind,
  retryQuiz,
  startAttempt,
  submitAttempt,
} from "./quiz.server";
import type { QuizDefinition } from "./schema";

export const quizPage: ActivityPage = {
  async load({ enrolment, definition, location }) {
    const quiz = location.activity.content as QuizDefinition;
    const attempts = await listAttempts(enrolment.id, location.activity.id);
    const open = attempts.find((a) => a.state === "answering");
    const last = attempts[attempts.length - 1];
    const status = (await quizKind.statuses(enrolment, [location.activity as never], definition.rules)).get(
      location.activity.id,
    )!;
    return {
      quiz: {
        title: quiz.title,
        intro: quiz.intro ?? null,
        passMark: quiz.passMark,
        maxAttempts: quiz.maxAttempts ?? null,
        questionCount: quiz.questions.length,
        rule: definition.rules.quizAttempts,
      },
      status,
      attempts: attempts
        .filter((a) => a.state !== "answering")
        .map((a) => ({ id: a.id, number: a.attemptNumber, score: a.scorePercent, passed: a.passed })),
      open: open
        ? {
            id: open.id,
            version: open.version,
            number: open.attemptNumber,
            questions: presentQuestions(quiz.questions, open.seed, quiz.shuffle),
          }
        : null,
      canRetry: last ? !open && canRetry(quiz, last.attemptNumber) : false,
    };
  },
  async act({ enrolment, definition, location, form }) {
    const quiz = location.activity.content as QuizDefinition;
    const here = activityPath(definition.id, location.module.id, location.activity.id);
    const intent = form.get("intent");
    try {
      if (intent === "start") {
        await startAttempt(enrolment, location.activity.id, quiz);
        await refreshCompletion(enrolment, definition);
        return { redirect: here };
      }
      if (intent === "retry") {
        await retryQuiz(enrolment, location.activity.id, quiz);
        return { redirect: here };
      }
      if (intent === "submit") {
        const result = await submitAttempt(enrolment, location.activity.id, quiz, form);
        if (!result.ok) return { status: 400, data: { errors: result.errors, values: result.values } };
        await refreshCompletion(enrolment, definition);
        return { redirect: `${here}/attempts/${result.attemptId}` };
      }
    } catch (error) {
      if (error instanceof QuizError) return { status: error.status, data: { error: error.message } };
      throw error;
    }
    return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
  },
};
