import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Field, optionsOf, Radios, Textarea } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { attempt, formValues, one, requireLeadPage } from "~/mentoring/http.server";
import { saveScheme, schemeOf } from "~/mentoring/schemes.server";
import { MATCHING_MODES, MENTOR_ENTRY } from "~/mentoring/vocabulary";
import type { FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Mentoring scheme settings - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

const ORDER = ["name", "description", "mentorEntry", "matchingMode", "defaultMonths", "open"];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireLeadPage(request, context, params.orgId!, { adminToo: true });
  const scheme = await schemeOf(organisation.id);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    scheme: scheme && {
      name: scheme.name,
      description: scheme.description,
      mentorEntry: scheme.mentorEntry,
      matchingMode: scheme.matchingMode,
      defaultMonths: String(scheme.defaultMonths),
      open: scheme.open ? "yes" : "no",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireLeadPage(request, context, params.orgId!, { adminToo: true });
  const form = await readForm(request);
  const open = one(form, "open");
  if (open !== "yes" && open !== "no") {
    return data(
      {
        errors: { open: "Choose whether the scheme is taking new mentors and requests" } as FieldErrors,
        values: formValues(form),
      },
      { status: 400 },
    );
  }
  const result = await attempt(form, () =>
    saveScheme(user, organisation.id, {
      name: one(form, "name"),
      description: one(form, "description"),
      mentorEntry: one(form, "mentorEntry") as "certificate",
      matchingMode: one(form, "matchingMode") as "mentee_chooses",
      defaultMonths: one(form, "defaultMonths"),
      open: open === "yes",
    }),
  );
  if (!result.ok) return result.response;
  throw redirect(`/org/${organisation.id}/mentoring?done=saved`);
}

export default function SchemeSettings() {
  const { organisation, scheme } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const typed = actionData?.values as Record<string, string | undefined> | undefined;
  const v = (name: keyof NonNullable<typeof scheme>, fallback = "") =>
    typed ? (typed[name] ?? "") : (scheme?.[name] ?? fallback);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Breadcrumbs
          items={[
            { to: `/org/${organisation.id}`, label: organisation.name },
            { to: `/org/${organisation.id}/mentoring`, label: "Mentoring scheme" },
          ]}
        />
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="nhsuk-caption-l">{organisation.name}</span>
        <h1>{scheme ? "The scheme's settings" : "Set up a mentoring scheme"}</h1>
        <Form method="post" noValidate>
          <Field
            name="name"
            label="The scheme's name"
            error={errors?.name}
            defaultValue={v("name", `${organisation.name} mentoring scheme`)}
          />
          <Textarea
            name="description"
            label="A short description (optional)"
            hint="Shown to members when they look for a mentor or offer to be one. Say who the scheme is for and how to contact its leads. Do not promise complete confidentiality: each pair agrees its limits at the first meeting."
            error={errors?.description}
            defaultValue={v("description")}
          />
          <Radios
            name="mentorEntry"
            legend="Who may join the register as a mentor"
            options={optionsOf(MENTOR_ENTRY)}
            defaultValue={v("mentorEntry", "certificate")}
            error={errors?.mentorEntry}
          />
          <Radios
            name="matchingMode"
            legend="How mentees are matched with mentors"
            options={optionsOf(MATCHING_MODES)}
            defaultValue={v("matchingMode", "mentee_chooses")}
            error={errors?.matchingMode}
          />
          <Field
            name="defaultMonths"
            label="How long a mentoring relationship usually runs, in months"
            hint="The pair can end it sooner, or carry on."
            inputMode="numeric"
            width="3"
            error={errors?.defaultMonths}
            defaultValue={v("defaultMonths", "12")}
          />
          <Radios
            name="open"
            legend="Taking new mentors and requests"
            options={[
              { value: "yes", label: "Yes, the scheme is open" },
              { value: "no", label: "No, closed for now (current pairs carry on)" },
            ]}
            defaultValue={v("open", "yes")}
            error={errors?.open}
          />
          <Button>{scheme ? "Save the settings" : "Set up the scheme"}</Button>
        </Form>
      </div>
    </div>
  );
}
