import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { standingFor } from "~/activities/quiz/page.server";
import { attemptContext, questionsOf, retakeRefusal } from "~/activities/quiz/quiz.server";
import { feedback, outcomesLost } from "~/activities/quiz/results";
import { QuizResultsView } from "~/activities/quiz/ResultsView";
import { answersRevealed } from "~/activities/quiz/retake";
import { courseCompletion } from "~/certificates/completion.server";
import { SERVICE_NAME } from "~/components/layout";
import { requireActivity } from "~/courses/guards.server";
import { activityPath, modulePath } from "~/courses/paths";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Results: ${data?.title ?? "Quiz"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { enrolment, definition, location } = await requireActivity(request, context, params);
  if (location.activity.kind !== "quiz") notFound();
  const { quiz, lessons, lessonTitle, standing } = standingFor({ enrolment, definition, location });
  // only the trainee's own attempts: the enrolment scopes the lookup
  const { attempts, state } = await standing();
  const attempt = attempts.find((a) => a.id === params.attemptId);
  if (!attempt) notFound();
  const ctx = attemptContext(attempt);
  const back = activityPath(definition.id, location.module.id, location.activity.id);
  if (!ctx.result) return { title: quiz.title, graded: false as const, back };
  const last = attempts[attempts.length - 1]!;
  const isLast = last.id === attempt.id;
  // the answers are shown on the attempt that passed, or on the last one when no attempt can
  // follow; every other attempt stays unmarked (results.ts)
  const reveal = answersRevealed(state) && (state.kind === "passed" ? attempt.passed === true : isLast);
  return {
    title: quiz.title,
    graded: true as const,
    back,
    completion: ctx.result.passed ? await courseCompletion(enrolment.id, definition.title) : null,
    modulePath: modulePath(definition.id, location.module.id),
    /** after a pass: the course's next activity */
    next:
      ctx.result.passed && location.next
        ? {
            href: activityPath(definition.id, location.next.moduleId, location.next.activity.id),
            title: location.next.activity.title,
          }
        : null,
    number: attempt.attemptNumber,
    scorePercent: ctx.result.scorePercent,
    passed: ctx.result.passed,
    passMark: quiz.passMark,
    canRetry: isLast && state.kind === "available",
    /** why the next attempt has to wait (read the lessons again, a cool-down) */
    waitFor: isLast && !reveal && state.kind !== "revisit" ? retakeRefusal(state, lessonTitle) : null,
    /** after failed attempts: the lessons to read again before the next one, as links */
    revisit:
      isLast && state.kind === "revisit"
        ? state.lessons.map((id) => ({
            title: lessonTitle(id),
            href: activityPath(definition.id, location.module.id, id),
          }))
        : [],
    revealed: reveal,
    /** the module's lessons: where a trainee who did not pass goes back to */
    lessons: ctx.result.passed
      ? []
      : lessons.lessons.map((l) => ({
          title: l.title,
          href: activityPath(definition.id, location.module.id, l.id),
        })),
    /** the outcomes this attempt lost marks on, and where each is taught (withheld attempts) */
    lostOn: reveal
      ? []
      : outcomesLost(quiz, ctx.result).map((o) => ({
          title: o.title,
          lesson: lessonTitle(o.lesson),
          href: `${activityPath(definition.id, location.module.id, o.lesson)}${o.section ? `#${o.section}` : ""}`,
        })),
    questions: feedback({ ...quiz, questions: questionsOf(quiz, attempt) }, ctx.answers, ctx.result, {
      reveal,
    }),
  };
}

export default function QuizResults() {
  const data = useLoaderData<typeof loader>();
  if (!data.graded) {
    return (
      <>
        <h1>{data.title}</h1>
        <p>This attempt has not been submitted yet.</p>
        <p>
          <Link to={data.back}>Back to the quiz</Link>
        </p>
      </>
    );
  }
  return <QuizResultsView data={data} />;
}
