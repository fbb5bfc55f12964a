import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import {
  Button,
  ErrorSummary,
  Field,
  Notice,
  optionsOf,
  Radios,
  SelectField,
  SummaryList,
  Table,
  Textarea,
} from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, formValues, one, orErrorPage, ticked } from "~/mentoring/http.server";
import {
  addAction,
  addGoal,
  confirmAgreement,
  endRelationship,
  evaluate,
  logMeeting,
  pairMember,
  pairView,
  recordMentoringCpd,
  removeMeeting,
  sendMeetingInvitation,
  setActionDone,
  updateGoal,
} from "~/mentoring/pair.server";
import { MODES } from "~/mentoring/vocabulary";
import { formatDate, fromUkDateTime } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Your mentoring - ${SERVICE_NAME}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const view = await orErrorPage(() => pairView(user.id, params.relationshipId!));
  const { relationship, role } = view;
  const latest = view.agreements[0] ?? null;
  const now = Date.now();
  return {
    me: user.id,
    role,
    relationship: {
      id: relationship.id,
      scheme: relationship.scheme.name,
      mentor: relationship.mentor.name,
      mentee: relationship.mentee.name,
      mentorId: relationship.mentorId,
      menteeId: relationship.menteeId,
      startedAt: relationship.startedAt,
      plannedEndAt: relationship.plannedEndAt,
      endedAt: relationship.endedAt,
    },
    agreement: latest && {
      version: latest.version,
      mentorConfirmedAt: latest.mentorConfirmedAt,
      menteeConfirmedAt: latest.menteeConfirmedAt,
      reviewDate: latest.content.reviewDate,
      inForce: Boolean(latest.mentorConfirmedAt && latest.menteeConfirmedAt),
      earlierInForce:
        view.agreements.slice(1).find((a) => a.mentorConfirmedAt && a.menteeConfirmedAt)?.version ?? null,
    },
    meetings: view.meetings.map((m) => ({
      id: m.id,
      heldAt: m.heldAt,
      minutes: m.minutes,
      mode: m.mode,
      upcoming: m.heldAt.getTime() > now,
      hasNote: Boolean(m.myNote),
      mine: m.createdById === user.id,
    })),
    goals: view.goals.map((g) => ({
      id: g.id,
      title: g.title,
      measure: g.measure,
      progress: g.progress,
      status: g.status,
    })),
    actions: view.actions.map((a) => ({
      id: a.id,
      text: a.text,
      owner:
        a.ownerId === null
          ? "Both"
          : a.ownerId === relationship.mentorId
            ? relationship.mentor.name
            : relationship.mentee.name,
      dueAt: a.dueAt,
      doneAt: a.doneAt,
    })),
    evaluationGiven: Boolean(view.evaluation),
    cpd: view.cpd && { hours: view.cpd.hours, reflection: view.cpd.reflection },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const id = params.relationshipId!;
  // outside the pair the relationship does not exist, whatever the form says
  await orErrorPage(() => pairMember(id, user.id));
  const form = await readForm(request);
  const intent = one(form, "intent");
  const back = (done: string, anchor = "") => redirect(`/mentoring/pairs/${id}?done=${done}${anchor}`);
  const run = async (fn: () => Promise<unknown>, done: string, anchor = "") => {
    const result = await attempt(form, fn);
    if (!result.ok) return result.response;
    throw back(done, anchor);
  };
  switch (intent) {
    case "confirm":
      return run(() => confirmAgreement(user.id, id, Number(one(form, "version"))), "confirmed");
    case "meeting": {
      const result = await attempt(form, () =>
        logMeeting(user.id, id, {
          // typed as UK time; a date or time that does not exist is refused by the schema
          heldAt: fromUkDateTime(one(form, "heldAt"), one(form, "time") || "00:00") ?? "not a date",
          minutes: one(form, "minutes"),
          mode: one(form, "mode") as "video",
        }),
      );
      if (!result.ok) return result.response;
      if (ticked(form, "invite") && result.value.heldAt.getTime() > Date.now()) {
        const sent = await attempt(form, () => sendMeetingInvitation(user.id, result.value.id));
        if (!sent.ok) return sent.response;
        throw back("invited", "#meetings");
      }
      throw back("meeting", "#meetings");
    }
    case "removeMeeting":
      return run(() => removeMeeting(user.id, one(form, "meetingId")), "meetingRemoved", "#meetings");
    case "invite":
      return run(() => sendMeetingInvitation(user.id, one(form, "meetingId")), "invited", "#meetings");
    case "goal":
      return run(
        () => addGoal(user.id, id, { title: one(form, "title"), measure: one(form, "measure") }),
        "goal",
        "#goals",
      );
    case "goalProgress":
      return run(
        () =>
          updateGoal(user.id, one(form, "goalId"), {
            progress: Number(one(form, "progress")),
            status: one(form, "status") as "open",
          }),
        "goal",
        "#goals",
      );
    case "action":
      return run(
        () =>
          addAction(user.id, id, {
            text: one(form, "text"),
            owner: one(form, "owner") as "both",
            dueAt: one(form, "dueAt") || null,
          }),
        "action",
        "#actions",
      );
    case "actionDone":
      return run(
        () => setActionDone(user.id, one(form, "actionId"), one(form, "done") === "yes"),
        "action",
        "#actions",
      );
    case "end":
      if (!ticked(form, "sure")) {
        return data(
          {
            errors: {
              sure: "Tick the box to confirm you want to end the mentoring relationship",
            } as FieldErrors,
            values: formValues(form),
          },
          { status: 400 },
        );
      }
      return run(() => endRelationship(user.id, id), "ended");
    case "evaluate":
      return run(
        () =>
          evaluate(user.id, id, {
            // nothing chosen is "choose how helpful it was", not a number out of range
            helpful: one(form, "helpful") || undefined,
            goalsMet: one(form, "goalsMet") || undefined,
            // neither: the schema's "say whether you would recommend" message
            recommend: ({ yes: true, no: false } as Record<string, boolean>)[
              one(form, "recommend")
            ] as boolean,
            comment: one(form, "comment"),
          }),
        "evaluated",
      );
    case "cpd":
      return run(() => recordMentoringCpd(user.id, id, one(form, "reflection")), "cpd", "#cpd");
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

const DONE: Record<string, string> = {
  accepted:
    "You are now this doctor's mentor. Arrange your first meeting, and build your agreement together.",
  confirmed: "You have confirmed the agreement.",
  agreement:
    "The agreement has been saved, and confirmed by you. The other person can read and confirm it on this page.",
  meeting: "The meeting has been added.",
  meetingRemoved: "The meeting has been removed.",
  invited: "A calendar invitation has been emailed to you both.",
  goal: "The goals have been updated.",
  action: "The action points have been updated.",
  ended: "The mentoring relationship has ended. What you wrote stays readable to you both.",
  evaluated: "Thank you. Your evaluation has been saved.",
  cpd: "Your mentoring hours and reflection are in your CPD record.",
};

const OWNER = { both: "Both of us", mentor: "The mentor", mentee: "The mentee" };
const GOAL_STATUS = { open: "In progress", met: "Met", set_aside: "Set aside" };
const SCALE = ["1", "2", "3", "4", "5"].map((n) => ({ value: n, label: n }));

export default function Pair() {
  const {
    role,
    relationship: r,
    agreement,
    meetings,
    goals,
    actions,
    evaluationGiven,
    cpd,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const done = DONE[params.get("done") ?? ""];
  const other = role === "mentor" ? r.mentee : r.mentor;
  const ended = Boolean(r.endedAt);
  const myConfirmation =
    agreement && (role === "mentor" ? agreement.mentorConfirmedAt : agreement.menteeConfirmedAt);
  const base = `/mentoring/pairs/${r.id}`;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <Breadcrumbs items={[{ to: "/mentoring", label: "Mentoring" }]} />
      {done && !actionData ? <Notice>{done}</Notice> : null}
      <ErrorSummary errors={errors} />
      <span className="nhsuk-caption-l">{r.scheme}</span>
      <h1>{role === "mentor" ? `Mentoring ${r.mentee}` : `Mentored by ${r.mentor}`}</h1>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          What you write here is for the two of you. The scheme&apos;s leads, HR and this service&apos;s
          administrators are not shown it. The scheme&apos;s leads do know that you are paired, and when your
          mentoring started and ended.
        </p>
        <p>
          Your meeting notes are shown only to you, not to {other}. Write them as if {other} might read them
          one day: anyone can ask to see personal data held about them, and a court can order notes to be
          disclosed.
        </p>
      </div>
      <SummaryList
        rows={[
          { key: "Started", value: formatDate(r.startedAt, "long") },
          ...(r.endedAt
            ? [{ key: "Ended", value: formatDate(r.endedAt, "long") }]
            : r.plannedEndAt
              ? [{ key: "Planned to run until", value: formatDate(r.plannedEndAt, "long") }]
              : []),
        ]}
      />

      <h2 id="agreement">Your mentoring agreement</h2>
      {!agreement ? (
        <>
          <p>
            At or before your first meeting, agree together what you want from mentoring, how often and how
            you will meet, your goals, what stays confidential and its limits, and when you will review how it
            is going.
          </p>
          {!ended ? (
            <p>
              <Link to={`${base}/agreement`}>Write your agreement</Link>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <p>
            Version {agreement.version}.{" "}
            {agreement.inForce
              ? "You have both confirmed it."
              : myConfirmation
                ? `You have confirmed it; it is waiting for ${other} to confirm.${agreement.earlierInForce ? ` Until then, version ${agreement.earlierInForce} stands.` : ""}`
                : `${other} has written or changed it; read it and confirm it if you agree.`}{" "}
            Review date: {formatDate(agreement.reviewDate, "long")}.
          </p>
          <ul className="nhsuk-list">
            <li>
              <Link to={`${base}/agreement`}>
                {ended ? "Read the agreement" : "Read or change the agreement"}
              </Link>
            </li>
            <li>
              <a href={`${base}/agreement.pdf`} download>
                Download the agreement (PDF)
              </a>
            </li>
          </ul>
          {!myConfirmation && !ended ? (
            <Form method="post">
              <input type="hidden" name="version" value={agreement.version} />
              <Button name="intent" value="confirm">
                Confirm version {agreement.version} of the agreement
              </Button>
            </Form>
          ) : null}
        </>
      )}

      <h2 id="meetings">Meetings</h2>
      {meetings.length === 0 ? (
        <p>No meetings yet.</p>
      ) : (
        <Table
          caption="Your meetings, latest first"
          headers={["Date", "Length", "How", "Your private notes", "Added by"]}
          rows={meetings.map((m) => ({
            key: m.id,
            cells: [
              <>
                {formatDate(m.heldAt, "dateTimeMedium")}
                {m.upcoming ? " (planned)" : ""}
              </>,
              `${m.minutes} minutes`,
              MODES[m.mode as keyof typeof MODES] ?? m.mode,
              <Link key="n" to={`${base}/meetings/${m.id}`}>
                {m.hasNote ? "Read or change your notes" : "Write notes"}
                <span className="nhsuk-u-visually-hidden"> for {formatDate(m.heldAt, "long")}</span>
              </Link>,
              m.mine ? (
                <>
                  You
                  {!ended ? (
                    <Form method="post" action={`${base}#meetings`} key="r">
                      <input type="hidden" name="meetingId" value={m.id} />
                      <button
                        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                        name="intent"
                        value="removeMeeting"
                        type="submit"
                      >
                        Remove
                        <span className="nhsuk-u-visually-hidden">
                          {" "}
                          the meeting of {formatDate(m.heldAt, "long")}
                        </span>
                      </button>
                    </Form>
                  ) : null}
                </>
              ) : (
                other
              ),
            ],
          }))}
        />
      )}
      {!ended ? (
        <details
          className="nhsuk-details"
          open={Boolean(errors?.heldAt || errors?.minutes || errors?.mode)}
        >
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a meeting</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" action={`${base}#meetings`} noValidate>
              <Field
                name="heldAt"
                label="Date"
                type="date"
                hint="A meeting that has happened, or one you are planning."
                error={errors?.heldAt}
                defaultValue={typed.heldAt ?? today}
                width="10"
              />
              <Field
                name="time"
                label="Time (UK)"
                type="time"
                defaultValue={typed.time ?? "12:00"}
                width="5"
              />
              <Field
                name="minutes"
                label="Length in minutes"
                inputMode="numeric"
                width="3"
                error={errors?.minutes}
                defaultValue={typed.minutes ?? "60"}
              />
              <Radios
                name="mode"
                legend="How you meet"
                options={optionsOf(MODES)}
                defaultValue={typed.mode}
                error={errors?.mode}
              />
              <div className="nhsuk-checkboxes nhsuk-form-group">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="invite"
                    name="invite"
                    type="checkbox"
                    value="yes"
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="invite">
                    Email us both a calendar invitation (for a meeting to come)
                  </label>
                </div>
              </div>
              <Button name="intent" value="meeting">
                Add the meeting
              </Button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 id="goals">Goals</h2>
      {goals.length === 0 ? <p>No goals yet.</p> : null}
      {goals.map((g) => (
        <div className="nhsuk-card" key={g.id}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">{g.title}</h3>
            {g.measure ? <p className="mt-pre-line">How we will know: {g.measure}</p> : null}
            <p>
              {GOAL_STATUS[g.status as keyof typeof GOAL_STATUS] ?? g.status}, {g.progress}% of the way
            </p>
            {!ended ? (
              <Form method="post" action={`${base}#goals`} className="nhsuk-u-margin-bottom-0">
                <input type="hidden" name="goalId" value={g.id} />
                <SelectField
                  name="progress"
                  label={`Progress on "${g.title}"`}
                  options={[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => ({
                    value: String(n),
                    label: `${n}%`,
                  }))}
                  defaultValue={String(Math.round(g.progress / 10) * 10)}
                />
                <SelectField
                  name="status"
                  label="Status"
                  options={optionsOf(GOAL_STATUS)}
                  defaultValue={g.status}
                />
                <Button name="intent" value="goalProgress" variant="secondary">
                  Update the goal
                </Button>
              </Form>
            ) : null}
          </div>
        </div>
      ))}
      {!ended ? (
        <details className="nhsuk-details" open={Boolean(errors?.title || errors?.measure)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a goal</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" action={`${base}#goals`} noValidate>
              <Field name="title" label="The goal" error={errors?.title} defaultValue={typed.title} />
              <Textarea
                name="measure"
                label="How you will both know it is being met (optional)"
                error={errors?.measure}
                defaultValue={typed.measure}
                rows={3}
              />
              <Button name="intent" value="goal">
                Add the goal
              </Button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 id="actions">Action points</h2>
      {actions.length === 0 ? (
        <p>No action points yet.</p>
      ) : (
        <Table
          caption="Shared action points"
          headers={["Action", "Who", "By", "Done"]}
          rows={actions.map((a) => ({
            key: a.id,
            cells: [
              a.text,
              a.owner,
              a.dueAt ? formatDate(a.dueAt, "long") : "No date",
              ended ? (
                a.doneAt ? (
                  "Done"
                ) : (
                  "Not done"
                )
              ) : (
                <Form method="post" action={`${base}#actions`} key="f">
                  <input type="hidden" name="actionId" value={a.id} />
                  <input type="hidden" name="done" value={a.doneAt ? "no" : "yes"} />
                  <button
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    name="intent"
                    value="actionDone"
                    type="submit"
                  >
                    {a.doneAt ? "Mark as not done" : "Mark as done"}
                    <span className="nhsuk-u-visually-hidden">: {a.text}</span>
                  </button>
                </Form>
              ),
            ],
          }))}
        />
      )}
      {!ended ? (
        <details className="nhsuk-details" open={Boolean(errors?.text || errors?.owner || errors?.dueAt)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add an action point</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" action={`${base}#actions`} noValidate>
              <Field name="text" label="The action" error={errors?.text} defaultValue={typed.text} />
              <Radios
                name="owner"
                legend="Who will do it"
                options={optionsOf(OWNER)}
                defaultValue={typed.owner ?? "mentee"}
                error={errors?.owner}
              />
              <Field
                name="dueAt"
                label="By when (optional)"
                type="date"
                width="10"
                error={errors?.dueAt}
                defaultValue={typed.dueAt}
              />
              <Button name="intent" value="action">
                Add the action point
              </Button>
            </Form>
          </div>
        </details>
      ) : null}

      {!ended ? (
        <>
          <h2 id="end">Ending the mentoring</h2>
          <p>
            Either of you can end the mentoring relationship at any time, without blame and without giving a
            reason. {other} will be told by email that it has ended, not why. You will both be asked for a
            short evaluation.{" "}
            {role === "mentee" ? "If you would like another mentor, you can ask the scheme again." : ""}
          </p>
          <Form method="post" noValidate>
            <div className={`nhsuk-form-group${errors?.sure ? " nhsuk-form-group--error" : ""}`}>
              {errors?.sure ? (
                <span className="nhsuk-error-message" id="sure-error">
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {errors.sure}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="sure"
                    name="sure"
                    type="checkbox"
                    value="yes"
                    aria-describedby={errors?.sure ? "sure-error" : undefined}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="sure">
                    I want to end this mentoring relationship
                  </label>
                </div>
              </div>
            </div>
            <Button name="intent" value="end" variant="warning">
              End the mentoring relationship
            </Button>
          </Form>
        </>
      ) : (
        <>
          <h2 id="evaluation">Your evaluation</h2>
          {evaluationGiven ? (
            <p>You have given your evaluation. Thank you.</p>
          ) : (
            <>
              <p>
                Three short questions to help the scheme. The scheme&apos;s leads see only averages, by
                quarter of the year once the quarter has ended, and only when 5 or more people answered in it.
                Your comment is shown only to you.
              </p>
              <Form method="post" noValidate>
                <Radios
                  name="helpful"
                  legend="How helpful was the mentoring? (1 not at all, 5 very)"
                  options={SCALE}
                  inline
                  defaultValue={typed.helpful}
                  error={errors?.helpful}
                />
                <Radios
                  name="goalsMet"
                  legend="How far were the goals met? (1 not at all, 5 fully)"
                  options={SCALE}
                  inline
                  defaultValue={typed.goalsMet}
                  error={errors?.goalsMet}
                />
                <Radios
                  name="recommend"
                  legend="Would you recommend the scheme to a colleague?"
                  options={[
                    { value: "yes", label: "Yes" },
                    { value: "no", label: "No" },
                  ]}
                  inline
                  defaultValue={typed.recommend}
                  error={errors?.recommend}
                />
                <Textarea
                  name="comment"
                  label="Anything else (optional, kept with you, not shared)"
                  error={errors?.comment}
                  defaultValue={typed.comment}
                  rows={3}
                />
                <Button name="intent" value="evaluate">
                  Send your evaluation
                </Button>
              </Form>
            </>
          )}
        </>
      )}

      {role === "mentor" ? (
        <>
          <h2 id="cpd">Your CPD record</h2>
          <p>
            You can add the time you spend in mentoring meetings, with a short reflection, to your CPD record
            to discuss at your appraisal. Whether it counts as CPD, and how much, is for your royal college or
            faculty and your appraiser. The hours come from the meetings logged with a date that has passed,
            so check that each one took place (the person who added a meeting can remove it). Your reflection
            is yours: nothing the two of you wrote goes into your record.
          </p>
          {cpd ? (
            <p>
              In your <Link to="/cpd">CPD record</Link>: {cpd.hours} hours of mentoring.
            </p>
          ) : null}
          <Form method="post" action={`${base}#cpd`} noValidate>
            <Textarea
              name="reflection"
              label="Your reflection on mentoring (what you learned, what you will do differently)"
              hint="Write about your own practice as a mentor. Do not identify your mentee or what they told you."
              error={errors?.reflection}
              defaultValue={typed.reflection ?? cpd?.reflection}
            />
            <Button name="intent" value="cpd" variant="secondary">
              {cpd ? "Update your CPD record" : "Add your mentoring hours to your CPD record"}
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
