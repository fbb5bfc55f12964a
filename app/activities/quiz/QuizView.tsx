import { Form, Link } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/forms";
import { StatusTag } from "~/components/progress";
import { RetakeNotice, type RetakeNoticeData } from "~/components/retake";
import type { ActivityStatus } from "../types";
import type { PublicQuestion } from "./present";

export type QuizPageData = {
  quiz: {
    title: string;
    intro: string | null;
    passMark: number;
    /** questions in one attempt */
    questionCount: number;
    /** the pool they are drawn from, when the quiz draws */
    poolSize: number | null;
    /** the retake rules, in words */
    rules: string;
    counts: "best" | "last";
  };
  status: ActivityStatus;
  attempts: { id: string; number: number; score: number | null; passed: boolean | null }[];
  open: { id: string; version: number; number: number; questions: PublicQuestion[] } | null;
  canRetry: boolean;
  retake: RetakeNoticeData;
};

export type QuizActionData = {
  error?: string;
  errors?: Record<string, string>;
  values?: Record<string, string[]>;
};

export function QuizView({
  page,
  action,
  resultsBase,
}: {
  page: QuizPageData;
  action?: QuizActionData;
  resultsBase: string;
}) {
  const { quiz, open } = page;
  const errors = action?.errors ?? (action?.error ? { form: action.error } : undefined);
  const summaryErrors =
    errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `q-${k}`, v]));
  return (
    <>
      <ErrorSummary
        errors={summaryErrors}
        order={open ? ["form", ...open.questions.map((q) => `q-${q.id}`)] : undefined}
      />
      {quiz.intro ? <p className="nhsuk-lede-text">{quiz.intro}</p> : null}
      <p>
        {quiz.questionCount} questions
        {quiz.poolSize ? ` (each attempt draws its own from ${quiz.poolSize})` : ""} · pass mark{" "}
        {quiz.passMark}%
      </p>
      <p className="nhsuk-body-s">
        If an attempt does not pass: {quiz.rules}. Once you pass, the quiz is done.
      </p>
      {open ? (
        <QuizForm attempt={open} errors={action?.errors} values={action?.values} />
      ) : (
        <QuizSummary page={page} resultsBase={resultsBase} />
      )}
    </>
  );
}

function QuizSummary({ page, resultsBase }: { page: QuizPageData; resultsBase: string }) {
  const { attempts, status, quiz } = page;
  if (attempts.length === 0) {
    if (page.retake.kind === "read-first") return <RetakeNotice retake={page.retake} what="quiz" />;
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <Button>Start quiz</Button>
      </Form>
    );
  }
  return (
    <>
      <p>
        <StatusTag state={status.state} />{" "}
        {status.score !== undefined
          ? `Your ${quiz.counts === "best" ? "best" : "latest"} score is ${status.score}%${status.passed ? ": passed." : "."}`
          : null}
      </p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">Your attempts</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Attempt
            </th>
            <th scope="col" className="nhsuk-table__header">
              Score
            </th>
            <th scope="col" className="nhsuk-table__header">
              Result
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {attempts.map((a) => (
            <tr className="nhsuk-table__row" key={a.id}>
              <td className="nhsuk-table__cell">
                <Link to={`${resultsBase}/attempts/${a.id}`}>Attempt {a.number}</Link>
              </td>
              <td className="nhsuk-table__cell">{a.score === null ? "—" : `${a.score}%`}</td>
              <td className="nhsuk-table__cell">{a.passed ? "Passed" : "Not passed"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.canRetry ? (
        <Form method="post">
          <input type="hidden" name="intent" value="retry" />
          <Button variant={status.passed ? "secondary" : undefined}>Try again</Button>
        </Form>
      ) : page.retake.kind === "revisit" ? (
        <>
          <RetakeNotice retake={page.retake} what="attempt" />
          {page.quiz.poolSize ? <p>The quiz will ask some different questions.</p> : null}
        </>
      ) : !status.passed ? (
        <RetakeNotice retake={page.retake} what="attempt" />
      ) : null}
    </>
  );
}

function QuizForm({
  attempt,
  errors,
  values,
}: {
  attempt: NonNullable<QuizPageData["open"]>;
  errors?: Record<string, string>;
  values?: Record<string, string[]>;
}) {
  const v = (name: string) => values?.[name] ?? [];
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="submit" />
      <input type="hidden" name="attemptId" value={attempt.id} />
      <input type="hidden" name="version" value={attempt.version} />
      {attempt.questions.map((q, i) => {
        const error = errors?.[q.id];
        const name = `q.${q.id}`;
        const anchor = `q-${q.id}`;
        const errorId = `${anchor}-error`;
        const legend = (
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            <span className="nhsuk-u-visually-hidden">Question {i + 1}: </span>
            {q.prompt}
          </legend>
        );
        const errorMessage = error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {error}
          </span>
        ) : null;
        const group = `nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`;
        switch (q.kind) {
          case "single":
          case "multiple":
          case "true_false": {
            const options =
              q.kind === "true_false"
                ? [
                    { key: "true", text: "True" },
                    { key: "false", text: "False" },
                  ]
                : q.options;
            const type = q.kind === "multiple" ? "checkbox" : "radio";
            const cls = type === "checkbox" ? "nhsuk-checkboxes" : "nhsuk-radios";
            return (
              <div className={group} key={q.id}>
                <fieldset
                  className="nhsuk-fieldset"
                  aria-describedby={
                    [q.kind === "multiple" ? `${anchor}-hint` : "", error ? errorId : ""].join(" ").trim() ||
                    undefined
                  }
                >
                  {legend}
                  {q.kind === "multiple" ? (
                    <div className="nhsuk-hint" id={`${anchor}-hint`}>
                      Select all that apply
                    </div>
                  ) : null}
                  {errorMessage}
                  <div className={cls}>
                    {options.map((o, j) => (
                      <div className={`${cls}__item`} key={o.key}>
                        <input
                          className={`${cls}__input`}
                          id={j === 0 ? anchor : `${anchor}-${j}`}
                          name={name}
                          type={type}
                          value={o.key}
                          defaultChecked={v(name).includes(o.key)}
                        />
                        <label
                          className={`nhsuk-label ${cls}__label`}
                          htmlFor={j === 0 ? anchor : `${anchor}-${j}`}
                        >
                          {o.text}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
            );
          }
          case "ordering":
            return (
              <div className={group} key={q.id}>
                <fieldset
                  className="nhsuk-fieldset"
                  aria-describedby={`${anchor}-hint${error ? ` ${errorId}` : ""}`}
                >
                  {legend}
                  <div className="nhsuk-hint" id={`${anchor}-hint`}>
                    Give each item its position, from 1 (first) to {q.items.length} (last)
                  </div>
                  {errorMessage}
                  {q.items.map((item, j) => {
                    const field = `${name}.${item.key}`;
                    const id = j === 0 ? anchor : `${anchor}-${j}`;
                    return (
                      <div className="app-ordering-item" key={item.key}>
                        <select
                          className="nhsuk-select"
                          id={id}
                          name={field}
                          defaultValue={v(field)[0] ?? ""}
                        >
                          <option value="">Position</option>
                          {q.items.map((_, p) => (
                            <option key={p} value={p + 1}>
                              {p + 1}
                            </option>
                          ))}
                        </select>
                        <label className="nhsuk-label" htmlFor={id}>
                          {item.text}
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              </div>
            );
          case "reflection":
            return (
              <div className={group} key={q.id}>
                <label className="nhsuk-label nhsuk-label--s" htmlFor={anchor}>
                  <span className="nhsuk-u-visually-hidden">Question {i + 1}: </span>
                  {q.prompt}
                </label>
                {q.hint ? (
                  <div className="nhsuk-hint" id={`${anchor}-hint`}>
                    {q.hint}
                  </div>
                ) : null}
                {errorMessage}
                <textarea
                  className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
                  id={anchor}
                  name={name}
                  rows={5}
                  maxLength={q.maxLength}
                  defaultValue={v(name)[0] ?? ""}
                  aria-describedby={
                    [q.hint ? `${anchor}-hint` : "", error ? errorId : ""].join(" ").trim() || undefined
                  }
                />
              </div>
            );
        }
      })}
      <Button>Submit answers</Button>
    </Form>
  );
}
