import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type RefObject } from "react";
import { Button, ErrorSummary } from "~/components/forms";
import { RetakeNotice, type RetakeNoticeData } from "~/components/retake";
import type { PresentedAttempt, Step } from "./present";
import { WarningCallout } from "~/components/warning-callout";

export type RoleplayPageData = {
  scenario: {
    summary: string;
    persona: { name: string; grade: string; setting: string; background: string };
    skills: string[];
    minScores: { label: string; min: number }[];
    endings: string | null;
  };
  attempt: PresentedAttempt | null;
  endedCount: number;
  completed: boolean;
  /** whether a new conversation may start now, under the retake rules */
  retake: RetakeNoticeData;
};

type ActionData = { error?: string; errors?: Record<string, string>; beside?: boolean };

const TONE_TITLE: Record<NonNullable<Step["tone"]>, string> = {
  good: "Why this works",
  poor: "What to try instead",
  neutral: "Feedback",
};

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");

function MenteeLine({
  name,
  mentee,
  observe,
}: {
  name: string;
  mentee: string | null;
  observe: string | null;
}) {
  return (
    <>
      {observe ? (
        <p className="app-stage-direction">
          <span className="nhsuk-u-visually-hidden">Stage direction: </span>
          {observe}
        </p>
      ) : null}
      {mentee ? (
        <p className="app-line app-line--mentee">
          <strong>{name}:</strong> “{mentee}”
        </p>
      ) : null}
    </>
  );
}

export function RoleplayView({
  page,
  action,
  notes = true,
}: {
  page: RoleplayPageData;
  action?: ActionData;
  /** the private note after a conversation (an exported package has nowhere private to keep it) */
  notes?: boolean;
}) {
  const { scenario, attempt } = page;
  const name = scenario.persona.name;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [params] = useSearchParams();
  const replyHeading = useRef<HTMLHeadingElement>(null);
  const debriefHeading = useRef<HTMLHeadingElement>(null);
  const stepCount = attempt?.steps.length ?? 0;
  const first = useRef(true);
  useEffect(() => {
    // after each reply, and after starting (not on first load), move focus to the new moment
    // in the conversation: the next question, or the debrief at an ending
    if (first.current) {
      first.current = false;
      return;
    }
    (debriefHeading.current ?? replyHeading.current)?.focus();
  }, [stepCount, attempt?.id]);
  const errors = action?.errors ?? (action?.error ? { form: action.error } : undefined);
  // a reply problem is said beside the replies, and focus goes there (the question heading,
  // which the message describes), not to a summary screens above the "Say this" button
  const replyOnly = action?.beside === true && Boolean(errors?.choice);
  useEffect(() => {
    if (replyOnly) replyHeading.current?.focus();
  }, [replyOnly, action]);

  return (
    <>
      {replyOnly ? null : <ErrorSummary errors={errors} />}
      <div className="nhsuk-card">
        <div className="nhsuk-card__content">
          <h2 className="nhsuk-card__heading nhsuk-heading-s">
            {name}, {scenario.persona.grade}
          </h2>
          <p className="nhsuk-body-s">{scenario.persona.setting}</p>
          <p className="nhsuk-card__description">{scenario.persona.background}</p>
          <p className="nhsuk-body-s">
            Skills practised: {scenario.skills.join(", ")}.
            {` To complete it, reach ${scenario.endings ? `a ${scenario.endings} ending` : "an ending"}`}
            {scenario.minScores.length > 0
              ? ` with at least ${scenario.minScores.map((m) => `${m.min} in ${m.label.toLowerCase()}`).join(" and ")}`
              : ""}
            {scenario.endings ? ", without a reply that would do harm in a real conversation." : "."}
          </p>
        </div>
      </div>

      {!attempt ? (
        page.retake.message ? (
          <RetakeNotice retake={page.retake} what="conversation" />
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <Button>Start the conversation</Button>
          </Form>
        )
      ) : (
        <>
          <h2>Conversation{attempt.number > 1 ? ` (attempt ${attempt.number})` : ""}</h2>
          {page.completed && attempt.debrief?.passed !== true ? (
            <p className="nhsuk-body-s">
              You have completed this scenario. This conversation is practice: whatever happens in it, your
              completion stands.
            </p>
          ) : null}
          <div role="log" aria-label={`Conversation with ${name}`}>
            <ol className="nhsuk-list app-conversation">
              {attempt.steps.map((step, i) => (
                <li key={i} className="app-conversation__step">
                  <MenteeLine name={name} mentee={step.mentee} observe={step.observe} />
                  <p className="app-line app-line--you">
                    <strong>You:</strong> “{step.said}”
                  </p>
                  {step.feedback ? (
                    <div className={`app-feedback app-feedback--${step.tone ?? "neutral"}`}>
                      <h3 className="nhsuk-heading-xs app-feedback__title">
                        {step.tone ? TONE_TITLE[step.tone] : "About this reply"}
                      </h3>
                      <p>{step.feedback}</p>
                      {step.deltas.length > 0 ? (
                        <p className="nhsuk-body-s">
                          {step.deltas.map((d) => `${d.label} ${signed(d.delta)}`).join(", ")}
                        </p>
                      ) : null}
                    </div>
                  ) : null}
                </li>
              ))}
              {attempt.current ? (
                <li className="app-conversation__step">
                  <MenteeLine name={name} mentee={attempt.current.mentee} observe={attempt.current.observe} />
                </li>
              ) : null}
              {attempt.ending ? (
                <li className="app-conversation__step">
                  <MenteeLine name={name} mentee={attempt.ending.mentee} observe={attempt.ending.observe} />
                </li>
              ) : null}
            </ol>
          </div>

          {attempt.current ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="choose" />
              <input type="hidden" name="attemptId" value={attempt.id} />
              <input type="hidden" name="version" value={attempt.version} />
              <div className={`nhsuk-form-group${errors?.choice ? " nhsuk-form-group--error" : ""}`}>
                <fieldset
                  className="nhsuk-fieldset"
                  aria-describedby={errors?.choice ? "choice-error" : undefined}
                >
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                    <h2 className="nhsuk-fieldset__heading" ref={replyHeading} tabIndex={-1}>
                      What do you say?
                    </h2>
                  </legend>
                  {errors?.choice ? (
                    <span className="nhsuk-error-message" id="choice-error">
                      <span className="nhsuk-u-visually-hidden">Error: </span>
                      {errors.choice}
                    </span>
                  ) : null}
                  <div className="nhsuk-radios">
                    {attempt.current.choices.map((c, i) => (
                      <div className="nhsuk-radios__item" key={c.key}>
                        <input
                          className="nhsuk-radios__input"
                          id={i === 0 ? "choice" : `choice-${i}`}
                          name="choice"
                          type="radio"
                          value={c.key}
                        />
                        <label
                          className="nhsuk-label nhsuk-radios__label"
                          htmlFor={i === 0 ? "choice" : `choice-${i}`}
                        >
                          “{c.say}”
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <Button disabled={busy}>Say this</Button>
            </Form>
          ) : null}

          {attempt.ending && attempt.debrief ? (
            <Debrief
              attempt={attempt}
              saved={params.get("saved") === "note"}
              noteError={errors?.note}
              headingRef={debriefHeading}
              notes={notes}
            />
          ) : null}

          {/* what the next conversation needs is said once this one has ended, never in the
              middle of it (it does not apply to the conversation under way) */}
          {page.retake.message && attempt.ending ? (
            <RetakeNotice retake={page.retake} what="conversation" />
          ) : page.retake.message ? (
            attempt.steps.length > 0 ? (
              <details className="nhsuk-details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">Start this conversation again</span>
                </summary>
                <div className="nhsuk-details__text">
                  <RetakeNotice retake={page.retake} what="conversation" />
                </div>
              </details>
            ) : null
          ) : (
            <RestartForm ended={Boolean(attempt.ending)} started={attempt.steps.length > 0} />
          )}
        </>
      )}
    </>
  );
}

/**
 * a new conversation. part-way through one it sits behind a details control that says what
 * restarting costs, so a tap just below "Say this" cannot throw a conversation away
 */
function RestartForm({ ended, started }: { ended: boolean; started: boolean }) {
  const form = (label: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value="restart" />
      <Button variant="secondary">{label}</Button>
    </Form>
  );
  if (ended) return form("Try the conversation again");
  if (!started) return null;
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Start this conversation again</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          This conversation stops here and counts as one that did not complete the scenario. A new one starts
          from the beginning.
        </p>
        {form("Restart the conversation")}
      </div>
    </details>
  );
}

function Debrief({
  attempt,
  saved,
  noteError,
  headingRef,
  notes,
}: {
  attempt: PresentedAttempt;
  saved: boolean;
  noteError?: string;
  headingRef: RefObject<HTMLHeadingElement>;
  notes: boolean;
}) {
  const debrief = attempt.debrief!;
  const ending = attempt.ending!;
  return (
    <>
      <h2 ref={headingRef} tabIndex={-1}>
        Debrief
      </h2>
      <div className="nhsuk-card nhsuk-card--feature">
        <div className="nhsuk-card__content">
          <h3 className="nhsuk-card__heading">What happened</h3>
          <p className="nhsuk-card__description">{ending.outcome}</p>
        </div>
      </div>
      <p>
        <strong className={`nhsuk-tag ${debrief.passed ? "nhsuk-tag--green" : "nhsuk-tag--orange"}`}>
          {debrief.passed ? "Completed" : "Not yet complete"}
        </strong>{" "}
        {debrief.passed
          ? "You reached an ending and met the standard for this scenario."
          : "This attempt does not complete the scenario. Try again."}
      </p>
      {debrief.passed ? null : (
        <ul>
          {debrief.ending.allowed ? null : (
            <li>
              The conversation reached {debrief.ending.label ?? "an ending"}; this scenario is completed only
              by {debrief.ending.allowedLabels.join(" or ")}.
            </li>
          )}
          {debrief.criticalErrors.length > 0 ? (
            <li>
              One of your replies would do harm in a real conversation, so the attempt cannot complete the
              scenario, whatever the scores.
            </li>
          ) : null}
          {debrief.metMinimum ? null : <li>You did not reach the minimum score for every skill.</li>}
        </ul>
      )}
      {debrief.criticalErrors.length > 0 ? (
        <WarningCallout
          heading={debrief.criticalErrors.length === 1 ? "A critical error" : "Critical errors"}
          level={3}
        >
          {debrief.criticalErrors.map((e) => (
            <div key={e.say}>
              <p>
                <strong>{e.category}.</strong> You said: “{e.say}”
              </p>
              <p>Why it matters: {e.why}</p>
              <p>What to do instead: {e.instead}</p>
            </div>
          ))}
        </WarningCallout>
      ) : null}
      <h3>Your skills in this conversation</h3>
      {debrief.skills.map((k) => (
        <div key={k.skill} className="app-skill">
          <p className="app-skill__label">
            <strong>{k.label}</strong>: {k.score}, of the {k.bestMax} the best conversation reaches
            {k.minimum !== null ? `. To complete the scenario you need ${k.minimum}.` : "."}
          </p>
          <progress
            className="app-progress__bar"
            value={Math.max(0, k.score)}
            max={Math.max(1, k.bestMax)}
            aria-label={`${k.label}: ${k.score} of a possible ${k.bestMax}`}
          />
        </div>
      ))}
      <div className="nhsuk-card">
        <div className="nhsuk-card__content">
          <h3 className="nhsuk-card__heading">What a skilled mentor would have done</h3>
          <p className="nhsuk-card__description">{ending.modelAnswer}</p>
        </div>
      </div>
      <p>
        {attempt.steps.some((st) => st.tone)
          ? "Your conversation above shows the feedback on each reply, and the points it earned."
          : "Your conversation above now shows the reasoning on each of your replies. Which replies helped, and their points, are shown once you complete the scenario."}
      </p>
      {debrief.bestPathHeld ? (
        <p>
          Once you complete this scenario, you can replay the best conversation here, with the reasoning for
          each reply.
        </p>
      ) : null}
      {debrief.bestPath ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">
              Replay the best conversation, with the reasoning
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <ol className="app-replay">
              {debrief.bestPath.steps.map((step, i) => (
                <li key={i}>
                  {step.mentee ? (
                    <p>
                      <strong>{attempt.menteeName}:</strong> “{step.mentee}”
                    </p>
                  ) : null}
                  {step.observe ? <p className="nhsuk-body-s">{step.observe}</p> : null}
                  <p>
                    <strong>Mentor:</strong> “{step.said}”
                  </p>
                  <p className="nhsuk-body-s">Why: {step.feedback}</p>
                </li>
              ))}
            </ol>
            {debrief.bestPath.ending.mentee ? (
              <p>
                <strong>{attempt.menteeName}:</strong> “{debrief.bestPath.ending.mentee}”
              </p>
            ) : null}
            <p>{debrief.bestPath.ending.outcome}</p>
          </div>
        </details>
      ) : null}
      {notes ? (
        <Form method="post">
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="attemptId" value={attempt.id} />
          <div className={`nhsuk-form-group${noteError ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label nhsuk-label--s" htmlFor="note">
              Your private note
            </label>
            <div className="nhsuk-hint" id="note-hint">
              What will you do differently in a real conversation? Only you can see this note.
            </div>
            {noteError ? (
              <span className="nhsuk-error-message" id="note-error">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {noteError}
              </span>
            ) : null}
            <textarea
              className="nhsuk-textarea"
              id="note"
              name="note"
              rows={4}
              maxLength={5000}
              defaultValue={attempt.note ?? ""}
              aria-describedby={noteError ? "note-hint note-error" : "note-hint"}
            />
          </div>
          {saved ? <p role="status">Your note has been saved.</p> : null}
          <Button variant="secondary">Save note</Button>
        </Form>
      ) : null}
    </>
  );
}
