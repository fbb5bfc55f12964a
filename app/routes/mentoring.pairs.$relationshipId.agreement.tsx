import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Field,
  optionsOf,
  SummaryList,
  Textarea,
} from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { all, attempt, one, orErrorPage, ticked } from "~/mentoring/http.server";
import {
  CONFIDENTIALITY_LIMITS,
  CONTACT_DEFAULT,
  NOTES_DEFAULT,
  pairView,
  saveAgreement,
} from "~/mentoring/pair.server";
import { MODES } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Mentoring agreement - ${SERVICE_NAME}` }];

const ORDER = [
  "objectives",
  "frequency",
  "modes",
  "goals",
  "confidentiality",
  "contact",
  "notes",
  "reviewDate",
  "noFaultEnding",
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const view = await orErrorPage(() => pairView(user.id, params.relationshipId!));
  const r = view.relationship;
  return {
    role: view.role,
    relationship: {
      id: r.id,
      mentor: r.mentor.name,
      mentee: r.mentee.name,
      ended: Boolean(r.endedAt),
      scheme: r.scheme.name,
    },
    versions: view.agreements.map((a) => ({
      version: a.version,
      createdAt: a.createdAt,
      mentorConfirmedAt: a.mentorConfirmedAt,
      menteeConfirmedAt: a.menteeConfirmedAt,
      content: a.content,
    })),
    // the starting text of a first agreement, as the course teaches it
    defaults: {
      confidentiality: CONFIDENTIALITY_LIMITS,
      contact: CONTACT_DEFAULT,
      notes: NOTES_DEFAULT,
    } as Record<string, string>,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const result = await attempt(form, () =>
    saveAgreement(user.id, params.relationshipId!, {
      objectives: one(form, "objectives"),
      frequency: one(form, "frequency"),
      modes: all(form, "modes"),
      goals: one(form, "goals"),
      confidentiality: one(form, "confidentiality"),
      contact: one(form, "contact"),
      notes: one(form, "notes"),
      reviewDate: one(form, "reviewDate"),
      noFaultEnding: ticked(form, "noFaultEnding") as true,
    }),
  );
  if (!result.ok) return result.response;
  throw redirect(`/mentoring/pairs/${params.relationshipId}?done=agreement#agreement`);
}

export default function Agreement() {
  const { role, relationship: r, versions, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const typed = actionData?.values as Record<string, string | undefined> | undefined;
  const latest = versions[0];
  const v = (name: "objectives" | "frequency" | "goals" | "confidentiality" | "contact" | "notes") =>
    typed ? (typed[name] ?? "") : (latest?.content[name] ?? defaults[name] ?? "");
  const base = `/mentoring/pairs/${r.id}`;
  const other = role === "mentor" ? r.mentee : r.mentor;
  const reviewDefault = latest ? String(latest.content.reviewDate).slice(0, 10) : "";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs
          items={[
            { to: "/mentoring", label: "Mentoring" },
            { to: base, label: role === "mentor" ? `Mentoring ${r.mentee}` : `Mentored by ${r.mentor}` },
          ]}
        />
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="nhsuk-caption-l">
          {r.mentor} and {r.mentee}
        </span>
        <h1>Your mentoring agreement</h1>
        {latest ? (
          <>
            <h2>Version {latest.version}</h2>
            <SummaryList
              rows={[
                { key: "Written", value: formatDate(latest.createdAt, "long") },
                {
                  key: "Confirmed by the mentor",
                  value: latest.mentorConfirmedAt ? formatDate(latest.mentorConfirmedAt, "long") : "Not yet",
                },
                {
                  key: "Confirmed by the mentee",
                  value: latest.menteeConfirmedAt ? formatDate(latest.menteeConfirmedAt, "long") : "Not yet",
                },
                {
                  key: "Objectives",
                  value: <span className="mt-pre-line">{latest.content.objectives}</span>,
                },
                {
                  key: "How often and how",
                  value: (
                    <span className="mt-pre-line">
                      {latest.content.frequency}
                      {"\n"}
                      {latest.content.modes.map((m) => MODES[m]).join(", ")}
                    </span>
                  ),
                },
                { key: "Goals", value: <span className="mt-pre-line">{latest.content.goals}</span> },
                {
                  key: "Confidentiality",
                  value: <span className="mt-pre-line">{latest.content.confidentiality}</span>,
                },
                {
                  key: "Contact between meetings",
                  value: <span className="mt-pre-line">{latest.content.contact}</span>,
                },
                { key: "Notes", value: <span className="mt-pre-line">{latest.content.notes}</span> },
                { key: "Review date", value: formatDate(latest.content.reviewDate, "long") },
                { key: "Ending", value: "Either of us can end it at any time, without blame." },
              ]}
            />
            <p>
              <a href={`${base}/agreement.pdf`} download>
                Download version {latest.version} (PDF)
              </a>
            </p>
          </>
        ) : null}
        {versions.length > 1 ? (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Earlier versions</span>
            </summary>
            <div className="nhsuk-details__text">
              <ul className="nhsuk-list">
                {versions.slice(1).map((a) => (
                  <li key={a.version}>
                    <a href={`${base}/agreement.pdf?version=${a.version}`} download>
                      Version {a.version}, written {formatDate(a.createdAt, "long")} (PDF)
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </details>
        ) : null}
        {r.ended ? null : (
          <>
            <h2>{latest ? "Change the agreement" : "Write the agreement"}</h2>
            <p>
              Write it together, at or before your first meeting. It can be as formal or informal as you both
              want. Saving it confirms it for you. {other} will see it on your mentoring page and can confirm
              it there.
              {latest ? " A change makes a new version; the earlier ones are kept." : ""}
            </p>
            <Form method="post" noValidate>
              <Textarea
                name="objectives"
                label="What the mentee wants to get out of mentoring"
                hint="In the mentee's own words. It often works best if the mentee drafts it."
                error={errors?.objectives}
                defaultValue={v("objectives")}
              />
              <Field
                name="frequency"
                label="How often you will meet, and for how long"
                hint="For example, an hour every 6 weeks"
                error={errors?.frequency}
                defaultValue={v("frequency")}
              />
              <Checkboxes
                name="modes"
                legend="How you will meet"
                options={optionsOf(MODES)}
                checked={typed ? (typed.modes ?? "").split("\n") : (latest?.content.modes ?? [])}
                error={errors?.modes}
              />
              <Textarea
                name="goals"
                label="Your goals, and how you will both know they are being met"
                error={errors?.goals}
                defaultValue={v("goals")}
              />
              <Textarea
                name="confidentiality"
                label="Confidentiality and its limits"
                hint="So the mentee can speak freely: what stays between you, and the few things that cannot."
                error={errors?.confidentiality}
                defaultValue={v("confidentiality")}
              />
              <Textarea
                name="contact"
                label="How you will contact each other between meetings, and what the mentee will do in a crisis"
                hint="The mentor is not an emergency service: say where the mentee will get urgent help."
                error={errors?.contact}
                defaultValue={v("contact")}
                rows={4}
              />
              <Textarea
                name="notes"
                label="Notes: who keeps them, what goes in them, and when they are deleted"
                hint="Each person's meeting notes on this service are shown only to them. To delete a note, clear it and save."
                error={errors?.notes}
                defaultValue={v("notes")}
                rows={3}
              />
              <Field
                name="reviewDate"
                label="When you will review how it is going"
                type="date"
                width="10"
                error={errors?.reviewDate}
                defaultValue={typed?.reviewDate ?? reviewDefault}
              />
              <div className={`nhsuk-form-group${errors?.noFaultEnding ? " nhsuk-form-group--error" : ""}`}>
                {errors?.noFaultEnding ? (
                  <span className="nhsuk-error-message" id="noFaultEnding-error">
                    <span className="nhsuk-u-visually-hidden">Error: </span>
                    {errors.noFaultEnding}
                  </span>
                ) : null}
                <div className="nhsuk-checkboxes">
                  <div className="nhsuk-checkboxes__item">
                    <input
                      className="nhsuk-checkboxes__input"
                      id="noFaultEnding"
                      name="noFaultEnding"
                      type="checkbox"
                      value="yes"
                      defaultChecked={typed ? Boolean(typed.noFaultEnding) : Boolean(latest)}
                      aria-describedby={errors?.noFaultEnding ? "noFaultEnding-error" : undefined}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="noFaultEnding">
                      Either of us can end the mentoring relationship at any time, without blame
                    </label>
                  </div>
                </div>
              </div>
              <Button>{latest ? "Save and confirm a new version" : "Save and confirm the agreement"}</Button>
            </Form>
            <p>
              <Link to={base}>Back to your mentoring page</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
