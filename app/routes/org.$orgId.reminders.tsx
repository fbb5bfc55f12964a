import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireOrgRole } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Notice, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
import { overdueWhere } from "~/organisations/reporting.server";
import { reminderHistory, reminderIntervalDays } from "~/organisations/reminders.server";
import { formatDate } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Reminders - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const [history, overdue] = await Promise.all([
    reminderHistory({ organisationId: organisation.id }, 100),
    prisma.enrolment.count({ where: { organisationId: organisation.id, ...overdueWhere(new Date()) } }),
  ]);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    setting: organisation.reminderIntervalDays,
    platformDays: reminderIntervalDays(),
    overdue,
    history,
  };
}

const settingSchema = z
  .object({
    mode: z.enum(["platform", "own", "off"], { error: "Choose how often reminders are sent" }),
    days: z.string().trim().optional(),
  })
  .transform((v, ctx) => {
    if (v.mode === "platform") return null;
    if (v.mode === "off") return 0;
    const days = /^\d{1,3}$/.test(v.days ?? "") ? Number(v.days) : NaN;
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      ctx.addIssue({ code: "custom", path: ["days"], message: "Enter a whole number of days from 1 to 365" });
      return z.NEVER;
    }
    return days;
  });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const form = await readForm(request);
  const parsed = parseForm(settingSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await prisma.$transaction(async (tx) => {
    await tx.organisation.update({
      where: { id: organisation.id },
      data: { reminderIntervalDays: parsed.data },
    });
    await audit(tx, {
      actorId: user.id,
      organisationId: organisation.id,
      action: "reminders.interval_changed",
      detail: { from: organisation.reminderIntervalDays, to: parsed.data },
    });
  });
  throw redirect(`/org/${organisation.id}/reminders?done=saved`);
}

function describe(setting: number | null, platformDays: number) {
  if (setting === 0) return "Automatic reminders are off.";
  const days = setting ?? platformDays;
  return `Trainees whose course is overdue get a reminder email every ${days === 1 ? "day" : `${days} days`} until they finish.`;
}

export default function Reminders() {
  const { organisation, setting, platformDays, overdue, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const initialMode = values.mode ?? (setting === null ? "platform" : setting === 0 ? "off" : "own");
  const [mode, setMode] = useState(initialMode);
  const base = `/org/${organisation.id}`;
  return (
    <>
      <Breadcrumbs items={[{ to: base, label: organisation.name }]} />
      {params.get("done") === "saved" && !actionData ? (
        <Notice>The reminder setting has been saved.</Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <h1>Reminders</h1>
      <p className="nhsuk-lede-text">{describe(setting, platformDays)}</p>
      <p>
        {overdue === 0 ? (
          "No trainee is overdue at the moment."
        ) : (
          <Link to={`${base}/dashboard?overdue=1#trainees`}>
            {overdue} {overdue === 1 ? "enrolment is" : "enrolments are"} overdue
          </Link>
        )}
        {overdue === 0 ? " " : ". "}
        To remind one trainee now, open their page from the training dashboard and choose &quot;Send a
        reminder now&quot;.
      </p>

      <h2>How often to send reminders</h2>
      <Form method="post" noValidate>
        <div className={`nhsuk-form-group${errors?.mode || errors?.days ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby="mode-hint">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              Reminders to trainees whose course is overdue
            </legend>
            <div className="nhsuk-hint" id="mode-hint">
              Reminders go once the due date has passed, and stop when the course is finished.
            </div>
            {errors?.mode ? (
              <span className="nhsuk-error-message" id="mode-error">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {errors.mode}
              </span>
            ) : null}
            <div className="nhsuk-radios nhsuk-radios--conditional">
              {[
                { value: "platform", label: `The platform's interval (every ${platformDays} days)` },
                { value: "own", label: "Our own interval" },
                { value: "off", label: "Do not send automatic reminders" },
              ].map((o) => (
                <div key={o.value}>
                  <div className="nhsuk-radios__item">
                    <input
                      className="nhsuk-radios__input"
                      id={o.value === "platform" ? "mode" : `mode-${o.value}`}
                      name="mode"
                      type="radio"
                      value={o.value}
                      defaultChecked={initialMode === o.value}
                      onChange={() => setMode(o.value)}
                    />
                    <label
                      className="nhsuk-label nhsuk-radios__label"
                      htmlFor={o.value === "platform" ? "mode" : `mode-${o.value}`}
                    >
                      {o.label}
                    </label>
                  </div>
                  {o.value === "own" ? (
                    <div
                      className={`nhsuk-radios__conditional${mode === "own" ? "" : " nhsuk-radios__conditional--hidden"}`}
                    >
                      <div className={`nhsuk-form-group${errors?.days ? " nhsuk-form-group--error" : ""}`}>
                        <label className="nhsuk-label" htmlFor="days">
                          Days between reminders
                        </label>
                        {errors?.days ? (
                          <span className="nhsuk-error-message" id="days-error">
                            <span className="nhsuk-u-visually-hidden">Error: </span>
                            {errors.days}
                          </span>
                        ) : null}
                        <input
                          className={`nhsuk-input nhsuk-input--width-3${errors?.days ? " nhsuk-input--error" : ""}`}
                          id="days"
                          name="days"
                          inputMode="numeric"
                          aria-describedby={errors?.days ? "days-error" : undefined}
                          defaultValue={values.days ?? (setting && setting > 0 ? String(setting) : "")}
                        />
                      </div>
                    </div>
                  ) : null}
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Button>Save reminder setting</Button>
      </Form>

      <h2>Reminders sent</h2>
      {history.length === 0 ? (
        <p>No reminders have been sent yet.</p>
      ) : (
        <Table
          caption={`The latest ${history.length} reminders sent`}
          headers={["Sent", "Trainee", "Course", "Sent by"]}
          rows={history.map((r) => ({
            key: r.id,
            cells: [
              formatDate(r.sentAt, "dateTimeMedium"),
              <Link key="t" to={`${base}/trainees/${r.trainee.id}`}>
                {r.trainee.name}
              </Link>,
              r.course,
              r.sentBy ?? "Automatic reminder",
            ],
          }))}
        />
      )}
    </>
  );
}
