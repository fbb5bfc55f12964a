import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgRole } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Notice, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { ProgressBar, StatusTag } from "~/components/progress";
import { traineeReport } from "~/organisations/trainee-report.server";
import { reminderHistory, sendReminderNow } from "~/organisations/reminders.server";
import { formatDate, formatDuration } from "~/utils/dates";
import { notFound, readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.trainee.name ?? "Trainee"} - ${SERVICE_NAME}` },
];

const date = (iso: string | null) => (iso ? formatDate(iso, "long") : "");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const report = await traineeReport(organisation.id, params.userId!);
  // another organisation's trainee, or no such person: the same answer
  if (!report) notFound();
  const reminders = await reminderHistory({ organisationId: organisation.id, userId: report.trainee.id });
  return { organisation: { id: organisation.id, name: organisation.name }, ...report, reminders };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const report = await traineeReport(organisation.id, params.userId!);
  if (!report) notFound();
  const form = await readForm(request);
  if (form.get("intent") !== "remind") {
    return data({ errors: { form: "Unknown action. Reload the page and try again." } }, { status: 400 });
  }
  const enrolmentId = String(form.get("enrolmentId") ?? "");
  if (!report.courses.some((c) => c.enrolmentId === enrolmentId)) {
    return data({ errors: { form: "That course is not one this trainee takes with you." } }, { status: 400 });
  }
  const sent = await sendReminderNow(organisation.id, enrolmentId, user.id);
  if (!sent.ok) return data({ errors: { form: sent.message } }, { status: 409 });
  throw redirect(`/org/${organisation.id}/trainees/${report.trainee.id}?done=reminded`);
}

export default function TraineeDetail() {
  const { organisation, trainee, courses, reminders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("done") === "reminded" && !actionData ? (
        <Notice>A reminder email has been sent to {trainee.email}.</Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} />
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: `/org/${organisation.id}/dashboard`, label: "Training dashboard" },
        ]}
      />
      <span className="nhsuk-caption-l">Trainee</span>
      <h1>{trainee.name}</h1>
      <p>
        {trainee.email}
        {trainee.gmcNumber ? ` · GMC number ${trainee.gmcNumber}` : ""}
      </p>
      <p className="nhsuk-body-s">
        Reflective notes the trainee writes are private to them and are not shown here.
      </p>
      {courses.length === 0 ? <p>{trainee.name} is not enrolled on a course.</p> : null}
      {courses.map((c) => (
        <section key={c.enrolmentId} aria-labelledby={`course-${c.enrolmentId}`}>
          <h2 id={`course-${c.enrolmentId}`}>{c.course}</h2>
          <dl className="nhsuk-summary-list">
            {[
              ["Status", <StatusTag key="s" state={c.state} />],
              [
                "Progress",
                <ProgressBar
                  key="p"
                  done={c.activitiesDone}
                  total={c.activitiesTotal}
                  unit="required activities"
                  label={`${c.course}: ${c.activitiesDone} of ${c.activitiesTotal} required activities done`}
                />,
              ],
              ["Enrolled", date(c.enrolledAt)],
              [
                "Due",
                c.overdue ? (
                  <>
                    {date(c.dueAt)} <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>
                  </>
                ) : (
                  date(c.dueAt) || "No due date"
                ),
              ],
              ["Completed", date(c.completedAt) || "Not yet"],
              [
                "Certificate",
                c.certificate ? (
                  <>
                    <Link className="app-code" to={`/verify/${c.certificate.code}`}>
                      {c.certificate.code}
                    </Link>
                    {c.certificate.revoked
                      ? " (revoked)"
                      : c.certificate.expiresAt
                        ? ` (valid until ${date(c.certificate.expiresAt)})`
                        : ""}
                  </>
                ) : (
                  "None yet"
                ),
              ],
            ].map(([k, v]) => (
              <div className="nhsuk-summary-list__row" key={String(k)}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
          <Table
            caption={`Modules of ${c.course}`}
            captionVisible
            headers={["Module", "Status", { label: "Required activities done", numeric: true }]}
            rows={c.modules.map((m) => ({
              key: m.id,
              cells: [m.title, <StatusTag key="s" state={m.state} />, `${m.done} of ${m.total}`],
            }))}
          />
          {c.quizzes.length > 0 ? (
            <Table
              caption="Quiz attempts"
              captionVisible
              headers={[
                "Quiz",
                { label: "Attempt", numeric: true },
                { label: "Score", numeric: true },
                "Result",
                "Submitted",
                { label: "Time taken", numeric: true },
              ]}
              rows={c.quizzes.map((q) => ({
                key: `${q.activity}-${q.attempt}`,
                cells: [
                  q.activity,
                  q.attempt,
                  q.score === null ? "" : `${Math.round(q.score)}%`,
                  q.passed === null ? "Not submitted" : q.passed ? "Passed" : "Not passed",
                  date(q.submittedAt),
                  formatDuration(q.seconds),
                ],
              }))}
            />
          ) : null}
          {c.roleplays.length > 0 ? (
            <Table
              caption="Role-play conversations (scores per skill)"
              captionVisible
              headers={[
                "Role-play",
                { label: "Attempt", numeric: true },
                "State",
                "Skills",
                { label: "Time taken", numeric: true },
              ]}
              rows={c.roleplays.map((r) => ({
                key: `${r.activity}-${r.attempt}`,
                cells: [
                  r.activity,
                  r.attempt,
                  r.state === "ended"
                    ? `Finished ${date(r.endedAt)}`
                    : r.state === "playing"
                      ? "In progress"
                      : "Restarted",
                  r.skills
                    .map((s) => `${s.skill} ${s.score}${s.max !== null ? ` of ${s.max}` : ""}`)
                    .join(", ") || "None yet",
                  formatDuration(r.seconds),
                ],
              }))}
            />
          ) : null}
          {c.scorm.length > 0 ? (
            <Table
              caption="E-learning (SCORM) results"
              captionVisible
              headers={[
                "Package",
                "Part",
                { label: "Attempt", numeric: true },
                "Status",
                { label: "Score", numeric: true },
                "Time",
              ]}
              rows={c.scorm.map((s) => ({
                key: `${s.activity}-${s.part}-${s.attempt}`,
                cells: [
                  s.activity,
                  s.part,
                  s.attempt,
                  `${s.completion}${s.success !== "unknown" ? `, ${s.success}` : ""}`,
                  s.score === null ? "" : `${Math.round(s.score)}%`,
                  s.totalTime,
                ],
              }))}
            />
          ) : null}
          <h3>Reminders</h3>
          {(() => {
            const sent = reminders.filter((r) => r.enrolmentId === c.enrolmentId);
            return sent.length === 0 ? (
              <p>No reminder has been sent about this course.</p>
            ) : (
              <Table
                caption={`Reminders sent about ${c.course}`}
                headers={["Sent", "Sent by", "Due date at the time"]}
                rows={sent.map((r) => ({
                  key: r.id,
                  cells: [
                    formatDate(r.sentAt, "dateTimeMedium"),
                    r.sentBy ?? "Automatic reminder",
                    r.dueAt ? date(r.dueAt) : "No due date",
                  ],
                }))}
              />
            );
          })()}
          {c.completedAt ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <input type="hidden" name="enrolmentId" value={c.enrolmentId} />
              <Button variant="secondary">
                Send a reminder now<span className="nhsuk-u-visually-hidden"> about {c.course}</span>
              </Button>
            </Form>
          )}
        </section>
      ))}
    </>
  );
}
