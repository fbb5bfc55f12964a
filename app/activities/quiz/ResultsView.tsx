import { Form, Link } from "@remix-run/react";
import { ActionLink } from "~/components/action-link";
import { CourseComplete, type CourseCompletion } from "~/components/course-complete";
import { Button } from "~/components/forms";
import type { QuestionFeedback } from "./results";

// an attempt's results: on the platform (the attempt's page) and in an exported scorm
// package's player, from the same data

export type QuizResultsData = {
  title: string;
  back: string;
  completion: CourseCompletion;
  modulePath: string;
  next: { href: string; title: string } | null;
  number: number;
  scorePercent: number;
  passed: boolean;
  passMark: number;
  canRetry: boolean;
  waitFor: string | null;
  revisit: { title: string; href: string }[];
  revealed: boolean;
  lessons: { title: string; href: string }[];
  lostOn: { title: string; lesson: string; href: string }[];
  questions: QuestionFeedback[];
};

/**
 * `headed`: the view is the page, with its own grid column and h1. an exported package's player
 * gives the page its column and h1 (and says the attempt's number in its caption)
 */
export function QuizResultsView({ data, headed = true }: { data: QuizResultsData; headed?: boolean }) {
  const body = (
    <>
      <CourseComplete completion={data.completion} />
      {headed ? (
        <>
          <span className="nhsuk-caption-l">Attempt {data.number}</span>
          <h1>Results: {data.title}</h1>
        </>
      ) : null}
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
                Before your next attempt, read these lessons again, to the end of each one (a quick look does
                not count):
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
    </>
  );
  return headed ? (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">{body}</div>
    </div>
  ) : (
    body
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
