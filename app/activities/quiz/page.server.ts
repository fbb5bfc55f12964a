import { refreshCompletion } from "~/courses/progress.server";
import { getEnv } from "~/env.server";
import { activityPath } from "~/courses/paths";
import { moduleLessons } from "../common.server";
import type { ActivityPage, ActivityPageArgs } from "../page-types";
import { presentQuestions } from "./present";
import {
  questionsOf,
  QuizError,
  quizKind,
  quizStanding,
  retakeRefusal,
  retryQuiz,
  startAttempt,
  submitAttempt,
} from "./quiz.server";
import { quizSummary } from "./summary";
import type { QuizDefinition } from "./schema";

/** the quiz's rules and the trainee's attempts at it, from the page's arguments */
export function standingFor({
  enrolment,
  definition,
  location,
}: Pick<ActivityPageArgs, "enrolment" | "definition" | "location">) {
  const quiz = location.activity.content as QuizDefinition;
  const lessons = moduleLessons(definition.id, location.module);
  return {
    quiz,
    lessons,
    lessonTitle: lessons.title,
    standing: () =>
      quizStanding(enrolment, location.activity.id, quiz, {
        rules: definition.rules,
        moduleLessonIds: lessons.ids,
      }),
  };
}

export const quizPage: ActivityPage = {
  async load(args) {
    const { enrolment, definition, location } = args;
    const { quiz, lessons, lessonTitle, standing: stand } = standingFor(args);
    const standing = await stand();
    const { attempts, state, policy } = standing;
    const open = attempts.find((a) => a.state === "answering");
    const status = (await quizKind.statuses(enrolment, [location.activity as never], definition.rules)).get(
      location.activity.id,
    )!;
    return {
      quiz: quizSummary(quiz, policy),
      status,
      attempts: attempts
        .filter((a) => a.state !== "answering")
        .map((a) => ({ id: a.id, number: a.attemptNumber, score: a.scorePercent, passed: a.passed })),
      open: open
        ? {
            id: open.id,
            version: open.version,
            number: open.attemptNumber,
            questions: presentQuestions(questionsOf(quiz, open), open.seed, quiz.shuffle),
          }
        : null,
      canRetry: state.kind === "available",
      retake: lessons.notice(state, retakeRefusal(state, lessonTitle)),
    };
  },
  async act(args) {
    const { enrolment, definition, location, form } = args;
    const { quiz, lessonTitle, standing } = standingFor(args);
    const here = activityPath(definition.id, location.module.id, location.activity.id);
    const intent = form.get("intent");
    try {
      if (intent === "start") {
        const { state, policy } = await standing();
        if (state.kind === "read-first") {
          return { status: 409, data: { error: retakeRefusal(state, lessonTitle) } };
        }
        await startAttempt(enrolment, location.activity.id, quiz, policy.maxAttempts);
        await refreshCompletion(enrolment, definition);
        return { redirect: here };
      }
      if (intent === "retry") {
        await retryQuiz(enrolment, location.activity.id, quiz, await standing(), lessonTitle);
        return { redirect: here };
      }
      if (intent === "submit") {
        const result = await submitAttempt(enrolment, location.activity.id, quiz, form, {
          readingWpm: getEnv().ANSWER_READING_WPM,
        });
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
