import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, Checkboxes, ErrorSummary, Field, optionsOf, Radios, Textarea } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { all, attempt, one, orErrorPage, ticked } from "~/mentoring/http.server";
import { createRequest } from "~/mentoring/requests.server";
import { requireMember, schemeById } from "~/mentoring/schemes.server";
import {
  AREAS,
  MODES,
  NATION_PREFERENCES,
  NATIONS,
  SPECIALTY_PREFERENCES,
  type ConflictRelation,
} from "~/mentoring/vocabulary";
import { readForm } from "~/utils/http.server";
import { WarningCallout } from "~/components/warning-callout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ask for a mentor - ${data?.scheme.name ?? "Mentoring scheme"} - ${SERVICE_NAME}` },
];

/** the named people who must not be the mentor, each in its own field */
const NAMED: { field: string; relation: ConflictRelation; label: string }[] = [
  { field: "lineManager", relation: "line_manager", label: "Your line manager's email address" },
  {
    field: "educationalSupervisor",
    relation: "educational_supervisor",
    label: "Your educational supervisor's email address",
  },
  {
    field: "clinicalSupervisor",
    relation: "clinical_supervisor",
    label: "Your clinical supervisor's email address",
  },
  { field: "appraiser", relation: "appraiser", label: "Your appraiser's email address" },
];

const ORDER = [
  "areas",
  "hopes",
  "specialty",
  "grade",
  "nation",
  "department",
  "modes",
  "specialtyPreference",
  "nationPreference",
  ...NAMED.map((n) => n.field),
  "others",
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return orErrorPage(async () => {
    const scheme = await schemeById(params.schemeId!);
    await requireMember(user.id, scheme.organisationId);
    const open = await prisma.mentorRequest.findFirst({
      where: { schemeId: scheme.id, menteeId: user.id, status: { in: ["waiting", "proposed"] } },
      select: { id: true },
    });
    if (open) throw redirect(`/mentoring/requests/${open.id}`);
    return {
      scheme: { id: scheme.id, name: scheme.name, open: scheme.open, matchingMode: scheme.matchingMode },
    };
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  // each conflict's field name, in the order they are sent, so an error lands on its field
  const fields: string[] = [];
  const conflicts: { relation: ConflictRelation; email: string }[] = [];
  for (const n of NAMED) {
    const email = one(form, n.field).trim();
    if (email) {
      conflicts.push({ relation: n.relation, email });
      fields.push(n.field);
    }
  }
  for (const email of one(form, "others")
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    conflicts.push({ relation: "other", email });
    fields.push("others");
  }
  const result = await attempt(
    form,
    () =>
      createRequest(user.id, params.schemeId!, {
        areas: all(form, "areas"),
        hopes: one(form, "hopes"),
        specialty: one(form, "specialty"),
        grade: one(form, "grade"),
        nation: one(form, "nation") as "england",
        department: one(form, "department"),
        specialtyPreference: (one(form, "specialtyPreference") || "any") as "any",
        nationPreference: (one(form, "nationPreference") || "any") as "any",
        modes: all(form, "modes"),
        avoidOwnDepartment: ticked(form, "avoidOwnDepartment"),
        conflicts,
      }),
    (path) => (path[0] === "conflicts" ? (fields[Number(path[1])] ?? "others") : String(path[0])),
  );
  if (!result.ok) return result.response;
  throw redirect(`/mentoring/requests/${result.value.id}?done=asked`);
}

export default function AskForAMentor() {
  const { scheme } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const list = (name: string) => (typed[name] ?? "").split("\n").filter(Boolean);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/mentoring", label: "Mentoring" }]} />
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="nhsuk-caption-l">{scheme.name}</span>
        <h1>Ask for a mentor</h1>
        {!scheme.open ? (
          <p>This scheme is not taking new requests at the moment.</p>
        ) : (
          <>
            <p>
              A mentor is someone outside your line of management who helps you think things through and make
              your own decisions. Start by thinking about which areas of your work or career a mentor would
              help with. Mentoring is not assessed: nothing about it goes to your supervisors, your ARCP panel
              or your employer.
            </p>
            <WarningCallout heading="If you need help now">
              <p>
                Mentoring is not an urgent or crisis service, and finding a mentor can take a few weeks. If
                you need help now, contact your GP, or NHS 111 in England and Wales (choose the mental health
                option), NHS 24 on 111 in Scotland, or your GP out-of-hours service or Lifeline on 0808 808
                8000 in Northern Ireland. Samaritans answer at any time on 116 123. In an emergency, call 999.
                BMA wellbeing support (0330 123 1245) is open to all doctors, not only BMA members.
              </p>
            </WarningCallout>
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>
                The BMA&apos;s guidance suggests you let your line manager know you are getting a mentor. You
                do not need their permission: telling them is a courtesy, not a request for permission. Your
                mentor should be separate from your line manager. You can name them below so they are not
                suggested to you.
              </p>
            </div>
            <p>
              {scheme.matchingMode === "mentee_chooses"
                ? "Once you have asked, you will see the mentors who fit best and choose one. They can say yes or no."
                : "Once you have asked, a scheme lead will match you with a mentor, who can say yes or no."}{" "}
              Your request is seen by the scheme&apos;s leads and by the mentors it is put to, and by nobody
              else.
            </p>
            <Form method="post" noValidate>
              <h2>What you would like help with</h2>
              <Checkboxes
                name="areas"
                legend="Areas where a mentor would help"
                hint="Choose all that apply."
                options={optionsOf(AREAS)}
                checked={list("areas")}
                error={errors?.areas}
              />
              <Textarea
                name="hopes"
                label="What you hope to get out of mentoring"
                hint="A sentence or two is enough. The scheme's leads and the mentors your request goes to will read it, so share only what you are happy for them to see. You can say more when you meet."
                error={errors?.hopes}
                defaultValue={typed.hopes}
              />
              <h2>About you</h2>
              <Field
                name="specialty"
                label="Your specialty"
                hint='For example, paediatrics or general practice. If you are in foundation training, write "foundation".'
                error={errors?.specialty}
                defaultValue={typed.specialty}
              />
              <Field
                name="grade"
                label="Your grade (optional)"
                hint="For example, FY1, IMT2, CT1, ST4, GPST2, specialty doctor, specialist, locally employed doctor, consultant, GP"
                error={errors?.grade}
                defaultValue={typed.grade}
                width="20"
              />
              <Radios
                name="nation"
                legend="The nation you work in"
                options={optionsOf(NATIONS)}
                defaultValue={typed.nation}
                error={errors?.nation}
              />
              <Field
                name="department"
                label="Your department or practice (optional)"
                error={errors?.department}
                defaultValue={typed.department}
              />
              <div className="nhsuk-checkboxes nhsuk-form-group">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="avoidOwnDepartment"
                    name="avoidOwnDepartment"
                    type="checkbox"
                    value="yes"
                    defaultChecked={Boolean(typed.avoidOwnDepartment)}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="avoidOwnDepartment">
                    Do not suggest mentors from my own department or practice
                  </label>
                </div>
              </div>
              <h2>Your preferences</h2>
              <Checkboxes
                name="modes"
                legend="How you can meet"
                options={optionsOf(MODES)}
                checked={list("modes")}
                error={errors?.modes}
              />
              <Radios
                name="specialtyPreference"
                legend="Your mentor's specialty"
                options={optionsOf(SPECIALTY_PREFERENCES)}
                defaultValue={typed.specialtyPreference ?? "any"}
                error={errors?.specialtyPreference}
              />
              <Radios
                name="nationPreference"
                legend="Where your mentor works"
                options={optionsOf(NATION_PREFERENCES)}
                defaultValue={typed.nationPreference ?? "any"}
                error={errors?.nationPreference}
              />
              <h2>People who must not be your mentor</h2>
              <p>
                Your mentor should be separate from your line manager and from anyone who supervises,
                appraises or assesses you. Give the email address they use for this service if you know it, as
                that is what we check. We do not contact the people you name, and they are not told you have
                asked for a mentor. Only you and the scheme&apos;s leads see who you named. If you are offered
                someone who manages or assesses you, do not choose them, and tell the scheme lead.
              </p>
              {NAMED.map((n) => (
                <Field
                  key={n.field}
                  name={n.field}
                  label={`${n.label} (optional)`}
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                  error={errors?.[n.field]}
                  defaultValue={typed[n.field]}
                />
              ))}
              <Textarea
                name="others"
                label="Anyone else (optional)"
                hint="For example, your training programme director, GP trainer, clinical director, or anyone on your ARCP panel. Their email addresses, one on each line."
                error={errors?.others}
                defaultValue={typed.others}
                rows={3}
              />
              <Button>Ask for a mentor</Button>
            </Form>
            <p>
              <Link to="/mentoring">Cancel</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
