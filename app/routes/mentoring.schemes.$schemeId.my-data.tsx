import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, formValues, orErrorPage, ticked } from "~/mentoring/http.server";
import { leaveScheme } from "~/mentoring/personal.server";
import { schemeById } from "~/mentoring/schemes.server";
import type { FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";
import { prisma } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Your data in ${data?.scheme.name ?? "the scheme"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireUser(request, context);
  const scheme = await orErrorPage(() => schemeById(params.schemeId!));
  const organisation = await prisma.organisation.findUnique({
    where: { id: scheme.organisationId },
    select: { name: true },
  });
  return {
    scheme: { id: scheme.id, name: scheme.name, organisation: organisation?.name ?? "the organisation" },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  if (!ticked(form, "sure")) {
    return data(
      {
        errors: { sure: "Tick the box to confirm you want to leave the scheme" } as FieldErrors,
        values: formValues(form),
      },
      { status: 400 },
    );
  }
  const result = await attempt(form, () => leaveScheme(user.id, params.schemeId!));
  if (!result.ok) return result.response;
  throw redirect("/mentoring?done=left");
}

export default function MyData() {
  const { scheme } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/mentoring", label: "Mentoring" }]} />
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">{scheme.name}</span>
        <h1>Your data, and leaving the scheme</h1>
        <h2>Download your data</h2>
        <p>
          One file with everything the scheme holds about you: your place on the register, your requests and
          the people you named as not to be your mentor, and each of your mentoring relationships with its
          agreement, meetings, goals, action points, your own notes and your own evaluation. The other
          person&apos;s private notes and evaluation are theirs, and are not in it.
        </p>
        <p>
          <a href={`/mentoring/schemes/${scheme.id}/my-data.json`} download>
            Download your data (a JSON file, which a computer can read)
          </a>
        </p>
        <h2>Leave the scheme</h2>
        <p>If you leave:</p>
        <ul>
          <li>
            you come off the register of mentors, and requests waiting for your answer go back to the scheme;
          </li>
          <li>your own request for a mentor is withdrawn;</li>
          <li>
            your mentoring relationships end, without blame. The other person in each is told by email that it
            has ended, not why. What you wrote together stays readable to you both, as after any ending.
          </li>
        </ul>
        <p>
          Leaving does not delete your data. To ask for it to be deleted, contact {scheme.organisation}, which
          runs the scheme.
        </p>
        <Form method="post" noValidate>
          <div className={`nhsuk-form-group${errors?.sure ? " nhsuk-form-group--error" : ""}`}>
            {errors?.sure ? (
              <span className="nhsuk-error-message" id="sure-error">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {errors.sure}
              </span>
            ) : errors?.form ? (
              <span className="nhsuk-error-message" id="sure-error">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {errors.form}
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
                  aria-describedby={errors?.sure || errors?.form ? "sure-error" : undefined}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="sure">
                  I want to leave {scheme.name}
                </label>
              </div>
            </div>
          </div>
          <Button variant="warning">Leave the scheme</Button>
        </Form>
      </div>
    </div>
  );
}
