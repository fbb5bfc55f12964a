import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { standingFor } from "~/activities/quiz/page.server";
import { attemptContext, questionsOf, retakeRefusal } from "~/activities/quiz/quiz.server";
import { feedback, outcomesLost } from "~/activities/quiz/results.server";
import { answersRevealed } from "~/activities/quiz/retake";
import { courseCompletion } from "~/certificates/completion.server";
import { CourseComplete } from "~/components/course-complete";
import { ActionLink } from "~/components/action-link";
import { Button } from "~/components/forms";
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
  // follow; every other attempt stays unmarked (results.server.ts)
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
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <CourseComplete completion={data.completion} />
        <span className="nhsuk-caption-l">Attempt {data.number}</span>
        <h1>Results: {data.title}</h1>
        <div className={`nhsuk-card ${data.passed ? "nhsuk-card--feature" : "nhsuk-card--warning"}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading">
              {data.passed ? "Passed" : "Not passed"}: {data.scorePercent}%
            </h2>
            <p className="nhsuk-card__description">
              The pass mark is {data.passMark}%.{" "}
              {data.passed
                ? "Well done."
                : data.lostOn.length > 0
                  ? "“Where you lost marks” below says which topics to read again."
                  : "Read the module’s lessons again before you try again."}
              {data.revealed
                ? null
                : data.passed
                  ? " The answers and explanations are shown on the attempt that passed."
                  : " Which answers were right is shown once you pass, on the attempt that passes: until then your answers are listed below unmarked, so that a quiz cannot be passed by trial and error."}
            </p>
            {data.revisit.length > 0 ? (
              <>
                <p className="nhsuk-card__description">
                  Before your next attempt, read these lessons again, to the end of each one (a quick look
                  does not count):
                </p>
                <LessonLinks lessons={data.revisit} />
              </>
            ) : null}
            {data.canRetry && !data.passed ? (
              <Form method="post" action={data.back}>
                <input type="hidden" name="intent" value="retry" />
                <Button>Try again</Button>
              </Form>
            ) : null}
          </div>
        </div>
        {data.lostOn.length > 0 ? (
          <>
            <h2 className="nhsuk-heading-m">Where you lost marks</h2>
            <ul>
              {data.lostOn.map((o) => (
                <li key={o.title}>
                  {o.title}: read again <Link to={o.href}>{o.lesson}</Link>
                </li>
              ))}
            </ul>
            <p className="nhsuk-body-s">A new attempt asks different questions on the same topics.</p>
          </>
        ) : null}
        {data.lessons.length > 0 && data.lostOn.length === 0 ? (
          <>
            <h2 className="nhsuk-heading-m">Before you try again</h2>
            <p>The questions are about what these lessons teach:</p>
            <LessonLinks lessons={data.lessons} />
          </>
        ) : null}
        {data.revealed ? null : <h2 className="nhsuk-heading-m">Your answers</h2>}
        <ol className="nhsuk-list">
          {data.questions.map((q, i) => (
            <li key={q.id} className="nhsuk-card">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-heading-s">
                  Question {i + 1}: {q.prompt}
                </h2>
                {!data.revealed ? null : q.marked ? (
                  <p className={q.correct ? "app-answer-correct" : "app-answer-wrong"}>
                    {q.correct
                      ? "Correct"
                      : q.credit > 0
                        ? `Partly correct (${Math.round(q.credit * 100)}%)`
                        : "Not correct"}
                  </p>
                ) : (
                  <p>Not marked.</p>
                )}
                {q.options.length > 0 ? (
                  <ul>
                    {q.options.map((o) => (
                      <li key={o.text}>
                        {o.text}
                        {o.chosen ? <strong> — your answer</strong> : null}
                        {o.correct ? <strong className="app-answer-correct"> — correct answer</strong> : null}
                        {o.explanation && (o.chosen || o.correct) ? (
                          <p className="nhsuk-body-s">{o.explanation}</p>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {q.kind === "ordering" ? (
                  <>
                    <p>Your order:</p>
                    <ol>
                      {q.yourOrder.map((t) => (
                        <li key={t}>{t}</li>
                      ))}
                    </ol>
                    {q.rightOrder.length > 0 ? (
                      <>
                        <p>The right order:</p>
                        <ol>
                          {q.rightOrder.map((t) => (
                            <li key={t}>{t}</li>
                          ))}
                        </ol>
                      </>
                    ) : null}
                  </>
                ) : null}
                {q.reflection !== null ? (
                  <>
                    <p>Your reflection (only you can see this):</p>
                    <p className="app-reflection nhsuk-inset-text">{q.reflection}</p>
                  </>
                ) : null}
                {q.explanation ? <p>{q.explanation}</p> : null}
              </div>
            </li>
          ))}
        </ol>
        {data.waitFor ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>{data.waitFor}</p>
          </div>
        ) : null}
        {data.canRetry && data.passed ? (
          <Form method="post" action={data.back}>
            <input type="hidden" name="intent" value="retry" />
            <Button variant="secondary">Try again</Button>
          </Form>
        ) : null}
        {data.revisit.length > 0 ? (
          <p>Read the lessons listed at the top of this page again before your next attempt.</p>
        ) : null}
        {data.next ? <ActionLink to={data.next.href}>Next: {data.next.title}</ActionLink> : null}
        <p>
          <Link to={data.modulePath}>Back to the module</Link>
        </p>
      </div>
    </div>
  );
}

/** lessons to read, as a list of links */
function LessonLinks({ lessons }: { lessons: readonly { href: string; title: string }[] }) {
  return (
    <ul>
      {lessons.map((l) => (
        <li key={l.href}>
          <Link to={l.href}>{l.title}</Link>
        </li>
      ))}
    </ul>
  );
}
