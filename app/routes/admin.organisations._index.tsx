import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { ORG_KIND_LABELS, ORG_KINDS, type OrgKind } from "~/auth/roles";
import { Button, ErrorSummary, Field, SelectField, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import {
  createOrganisation,
  listOrganisations,
  organisationSchema,
} from "~/organisations/organisations.server";
import { parseForm } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Organisations - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const organisations = await listOrganisations();
  return {
    organisations: organisations.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      members: o._count.memberships,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(organisationSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createOrganisation(parsed.data, admin.id);
  if (!result.ok)
    return data({ errors: result.errors, values: parsed.data as Record<string, string> }, { status: 400 });
  throw redirect(`/org/${result.id}?done=created`);
}

const KIND_OPTIONS = [
  { value: "", label: "Select a kind" },
  ...ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] })),
];

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  return (
    <>
      <ErrorSummary errors={errors} order={["name", "kind"]} />
      <h1>Organisations</h1>
      <Table
        caption="All organisations"
        headers={["Name", "Kind", { label: "Role holders", numeric: true }]}
        rows={organisations.map((o) => ({
          key: o.id,
          cells: [
            <Link key="name" to={`/org/${o.id}`}>
              {o.name}
            </Link>,
            ORG_KIND_LABELS[o.kind as OrgKind] ?? o.kind,
            o.members,
          ],
        }))}
      />

      <h2>Add an organisation</h2>
      <Form method="post" noValidate>
        <Field name="name" label="Name" defaultValue={values.name} error={errors?.name} />
        <SelectField
          name="kind"
          label="Kind"
          options={KIND_OPTIONS}
          defaultValue={values.kind ?? ""}
          error={errors?.kind}
        />
        <Button>Add organisation</Button>
      </Form>
    </>
  );
}
