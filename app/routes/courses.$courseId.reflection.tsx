import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { requireEnrolment } from "~/courses/guards.server";
import { coursePath } from "~/courses/paths";
import { refreshCompletion } from "~/courses/progress.server";
import { REFLECTION_FIELDS } from "~/courses/reflection";
import { reflectionSchema, saveReflection } from "~/courses/reflection.server";
import { prisma } from "~/db.server";
import { parseForm } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Your reflection - ${SERVICE_NAME}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { enrolment, definition } = await requireEnrolment(request, context, params.courseId!);
  const reflection = await prisma.courseReflection.findUnique({ where: { enrolmentId: enrolment.id } });
  return {
    course: { id: definition.id, title: definition.title, required: definition.reflection === "required" },
    values: reflection
      ? {
          whatHappened: reflection.whatHappened,
          whatLearned: reflection.whatLearned,
          changePractice: reflection.changePractice,
          furtherNeeds: reflection.furtherNeeds,
        }
      : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { enrolment, definition } = await requireEnrolment(request, context, params.courseId!);
  const parsed = parseForm(reflectionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveReflection(enrolment.id, parsed.data);
  await refreshCompletion(enrolment, definition);
  throw redirect(`${coursePath(definition.id)}?done=reflection`);
}

export default function Reflection() {
  const { course, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const current = (actionData?.values ?? values ?? {}) as Record<string, string | undefined>;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={REFLECTION_FIELDS.map((f) => f.name)} />
        <span className="nhsuk-caption-l">{course.title}</span>
        <h1>Your reflection</h1>
        <p>
          Reflecting on what you learned helps it stick, and counts as evidence of reflective practice for
          your appraisal.
          {course.required ? " This course asks for a reflection before it is complete." : ""} Only you can
          see it; it appears in your CPD record.
        </p>
        <Form method="post" noValidate>
          {REFLECTION_FIELDS.map((f) => (
            <div
              className={`nhsuk-form-group${errors?.[f.name] ? " nhsuk-form-group--error" : ""}`}
              key={f.name}
            >
              <label className="nhsuk-label nhsuk-label--s" htmlFor={f.name}>
                {f.label}
              </label>
              <div className="nhsuk-hint" id={`${f.name}-hint`}>
                {f.hint}
              </div>
              {errors?.[f.name] ? (
                <span className="nhsuk-error-message" id={`${f.name}-error`}>
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {errors[f.name]}
                </span>
              ) : null}
              <textarea
                className={`nhsuk-textarea${errors?.[f.name] ? " nhsuk-textarea--error" : ""}`}
                id={f.name}
                name={f.name}
                rows={5}
                maxLength={4000}
                defaultValue={current[f.name] ?? ""}
                aria-describedby={`${f.name}-hint${errors?.[f.name] ? ` ${f.name}-error` : ""}`}
              />
            </div>
          ))}
          <Button>Save reflection</Button>
        </Form>
        <p>
          <Link to={coursePath(course.id)}>Back to the course</Link>
        </p>
      </div>
    </div>
  );
}
