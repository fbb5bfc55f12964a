import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Field,
  Notice,
  optionsOf,
  Radios,
  Textarea,
} from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { all, attempt, one, orErrorPage } from "~/mentoring/http.server";
import {
  DEFAULT_MENTOR_COURSE,
  joinRegister,
  requireMember,
  schemeById,
  setPaused,
  validCertificate,
} from "~/mentoring/schemes.server";
import { AREAS, MENTOR_ENTRY, MODES, NATIONS } from "~/mentoring/vocabulary";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/http.server";
import { WarningCallout } from "~/components/warning-callout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Mentor register - ${data?.scheme.name ?? "Mentoring scheme"} - ${SERVICE_NAME}` },
];

const ORDER = ["specialty", "grade", "nation", "region", "department", "areas", "modes", "capacity", "note"];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return orErrorPage(async () => {
    const scheme = await schemeById(params.schemeId!);
    await requireMember(user.id, scheme.organisationId);
    const [profile, certificate] = await Promise.all([
      prisma.mentorProfile.findUnique({
        where: { schemeId_userId: { schemeId: scheme.id, userId: user.id } },
      }),
      validCertificate(user.id, scheme.courseId ?? DEFAULT_MENTOR_COURSE),
    ]);
    return {
      scheme: { id: scheme.id, name: scheme.name, open: scheme.open, mentorEntry: scheme.mentorEntry },
      certificate: certificate && {
        code: certificate.code,
        title: certificate.courseTitle,
        issuedAt: certificate.issuedAt,
      },
      profile:
        profile && !profile.leftAt
          ? {
              id: profile.id,
              specialty: profile.specialty,
              grade: profile.grade,
              nation: profile.nation,
              region: profile.region,
              department: profile.department,
              areas: JSON.parse(profile.areas) as string[],
              modes: JSON.parse(profile.modes) as string[],
              capacity: String(profile.capacity),
              taken: profile.taken,
              note: profile.note,
              paused: profile.pausedAt !== null,
              awaitingApproval: !profile.certificateId && !profile.approvedAt,
            }
          : null,
    };
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const intent = one(form, "intent");
  if (intent === "pause" || intent === "resume") {
    const result = await attempt(form, () => setPaused(user.id, one(form, "profileId"), intent === "pause"));
    if (!result.ok) return result.response;
    throw redirect(`/mentoring/schemes/${params.schemeId}/mentor?done=${intent}d`);
  }
  const result = await attempt(form, () =>
    joinRegister(user.id, params.schemeId!, {
      specialty: one(form, "specialty"),
      grade: one(form, "grade"),
      nation: one(form, "nation") as "england",
      region: one(form, "region"),
      department: one(form, "department"),
      areas: all(form, "areas"),
      modes: all(form, "modes"),
      capacity: one(form, "capacity"),
      note: one(form, "note"),
    }),
  );
  if (!result.ok) return result.response;
  throw redirect(`/mentoring/schemes/${params.schemeId}/mentor?done=saved`);
}

const DONE: Record<string, string> = {
  saved: "Your place on the register has been saved.",
  paused: "You are paused: you will not be suggested to anyone new. Your current mentees carry on.",
  resumed: "You can be suggested to doctors asking for a mentor again.",
};

export default function MentorRegister() {
  const { scheme, certificate, profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const typed = actionData?.values as Record<string, string> | undefined;
  const v = (name: keyof NonNullable<typeof profile>) =>
    typed ? (typed[name] ?? "") : profile ? String(profile[name] ?? "") : "";
  const list = (name: "areas" | "modes") =>
    typed ? (typed[name] ?? "").split("\n") : (profile?.[name] ?? []);
  const done = DONE[params.get("done") ?? ""];
  const needsCertificate = scheme.mentorEntry === "certificate" && !certificate;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/mentoring", label: "Mentoring" }]} />
        {done && !actionData ? <Notice>{done}</Notice> : null}
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="nhsuk-caption-l">{scheme.name}</span>
        <h1>{profile ? "Your place on the register of mentors" : "Join the register of mentors"}</h1>
        <p>Who may join: {MENTOR_ENTRY[scheme.mentorEntry as keyof typeof MENTOR_ENTRY].toLowerCase()}.</p>
        {certificate ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              Your certificate <strong>{certificate.title}</strong> (issued{" "}
              {formatDate(certificate.issuedAt, "long")}) is valid. It shows on your profile as verified, with
              a link anyone can check: <Link to={`/verify/${certificate.code}`}>verify your certificate</Link>
              .
            </p>
          </div>
        ) : null}
        {profile?.awaitingApproval ? (
          <WarningCallout heading="Waiting for approval">
            <p>A scheme lead needs to approve you before you are suggested to anyone.</p>
          </WarningCallout>
        ) : null}
        {needsCertificate ? (
          <>
            <p>
              This scheme&apos;s register is for doctors who hold a valid certificate of the mentoring course.
              The course teaches the skills a mentor uses: questioning, active listening, challenging,
              probing, clarifying and coaching.
            </p>
            <p>
              <Link to="/courses/mentoring-for-doctors">Take the mentoring course</Link>
            </p>
          </>
        ) : !profile && !scheme.open ? (
          <p>This scheme is not taking new mentors at the moment.</p>
        ) : (
          <Form method="post" noValidate>
            <Field
              name="specialty"
              label="Your specialty"
              error={errors?.specialty}
              defaultValue={v("specialty")}
            />
            <Field
              name="grade"
              label="Your grade"
              hint="For example, consultant, GP partner, salaried GP, specialist, specialty doctor, ST5"
              error={errors?.grade}
              defaultValue={v("grade")}
              width="20"
            />
            <Radios
              name="nation"
              legend="The nation you work in"
              options={optionsOf(NATIONS)}
              defaultValue={v("nation")}
              error={errors?.nation}
            />
            <Field
              name="region"
              label="Region (optional)"
              hint="For example, North West, Highland, South East Wales, Belfast"
              error={errors?.region}
              defaultValue={v("region")}
              width="20"
            />
            <Field
              name="department"
              label="Department or practice (optional)"
              hint="Doctors who ask not to be mentored by someone from their own department will not be offered you."
              error={errors?.department}
              defaultValue={v("department")}
            />
            <Checkboxes
              name="areas"
              legend="Areas you can help with"
              hint="Choose all that apply."
              options={optionsOf(AREAS)}
              checked={list("areas")}
              error={errors?.areas}
            />
            <Checkboxes
              name="modes"
              legend="How you can meet"
              options={optionsOf(MODES)}
              checked={list("modes")}
              error={errors?.modes}
            />
            <Field
              name="capacity"
              label="How many mentees you can take at once"
              hint={
                profile
                  ? `You have ${profile.taken} now, counting requests waiting for your answer.`
                  : "Think about how many you can support well alongside your other work. If you are new to mentoring, start with 1 or 2."
              }
              inputMode="numeric"
              width="2"
              error={errors?.capacity}
              defaultValue={v("capacity") || "2"}
            />
            <Textarea
              name="note"
              label="A short note for doctors looking for a mentor (optional)"
              hint="What you enjoy helping with, and your background. Doctors who are offered you will read it."
              error={errors?.note}
              defaultValue={v("note")}
            />
            <Button>{profile ? "Save your profile" : "Join the register"}</Button>
          </Form>
        )}
        {profile ? (
          <>
            <h2>Taking new mentees</h2>
            <p>
              {profile.paused
                ? "You are paused: you are not suggested to anyone new."
                : "You can be suggested to doctors asking for a mentor."}{" "}
              Pausing does not end your current mentoring relationships.
            </p>
            <Form method="post">
              <input type="hidden" name="profileId" value={profile.id} />
              <Button name="intent" value={profile.paused ? "resume" : "pause"} variant="secondary">
                {profile.paused ? "Start taking new mentees again" : "Pause: take no new mentees"}
              </Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
