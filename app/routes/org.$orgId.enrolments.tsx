import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgRole } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Field, Notice, SelectField, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { activeCourses } from "~/courses/courses.server";
import {
  enrolOne,
  importEnrolmentCsv,
  InvitationDeliveryError,
  MAX_BYTES,
  MAX_ROWS,
  type EnrolmentCounts,
  type RowError,
  type RowResult,
} from "~/organisations/enrolment-import.server";
import type { FieldErrors } from "~/utils/forms";
import { readForm, unreadableUpload } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Enrol trainees - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  // limits travel as data: the page cannot import from a .server module
  return {
    organisation: { id: organisation.id, name: organisation.name },
    courses: await activeCourses(),
    maxRows: MAX_ROWS,
  };
}

type ActionData =
  | { intent: "one"; errors?: FieldErrors; values?: Record<string, string>; done?: string }
  | {
      intent: "csv";
      rowErrors?: RowError[];
      error?: string;
      counts?: EnrolmentCounts;
      results?: RowResult[];
    };

const FIELDS = ["email", "name", "gmcNumber", "course", "dueDate"] as const;

const OUTCOME_TEXT: Record<RowResult["outcome"], string> = {
  enrolled: "Enrolled",
  invited: "Invited (enrolled when they accept)",
  updated: "Due date changed",
  unchanged: "Already enrolled, nothing changed",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const actor = { id: user.id, name: user.name };
  const org = { id: organisation.id, name: organisation.name };
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return data<ActionData>(
          {
            intent: "csv",
            error: `The file is larger than ${MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
          },
          { status: 413 },
        );
      }
      const unreadable = unreadableUpload(error);
      if (unreadable) return data<ActionData>({ intent: "csv", error: unreadable }, { status: 400 });
      throw error;
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      return data<ActionData>({ intent: "csv", error: "Choose a CSV file to upload." }, { status: 400 });
    }
    const text = await file.text();
    try {
      const result = await importEnrolmentCsv({ organisation: org, actor, text });
      if (!result.ok) return data<ActionData>({ intent: "csv", rowErrors: result.errors }, { status: 400 });
      return data<ActionData>({ intent: "csv", counts: result.counts, results: result.results });
    } catch (error) {
      if (error instanceof InvitationDeliveryError) {
        return data<ActionData>(
          {
            intent: "csv",
            counts: error.counts,
            error: `The enrolments were saved, but invitation emails to ${error.failed.map((f) => f.email).join(", ")} could not be sent. Try again later: those rows will be sent then.`,
          },
          { status: 502 },
        );
      }
      throw error;
    }
  }
  const form = await readForm(request);
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
  try {
    const result = await enrolOne({ organisation: org, actor, values });
    if (!result.ok)
      return data<ActionData>({ intent: "one", errors: result.errors, values }, { status: 400 });
    const outcome = String(result.outcome);
    const done =
      outcome === "invited"
        ? `${values.email} has been sent an invitation to the course, with its due date.`
        : outcome === "unchanged"
          ? `Nothing changed: ${values.email} is already enrolled or invited with that due date.`
          : outcome === "updated"
            ? `The due date of ${values.email}'s enrolment has been changed.`
            : `${values.email} has been enrolled.`;
    return data<ActionData>({ intent: "one", done });
  } catch (error) {
    if (error instanceof InvitationDeliveryError) {
      return data<ActionData>(
        {
          intent: "one",
          errors: { form: "The invitation email could not be sent. Try again later." },
          values,
        },
        { status: 502 },
      );
    }
    throw error;
  }
}

export default function Enrolments() {
  const { organisation, courses, maxRows } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionData | undefined;
  const one = a?.intent === "one" ? a : undefined;
  const csv = a?.intent === "csv" ? a : undefined;
  const courseOptions = [
    { value: "", label: "Choose a course" },
    ...courses.map((c) => ({ value: c.id, label: c.title })),
  ];
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: `/org/${organisation.id}/dashboard`, label: "Training dashboard" },
        ]}
      />
      <h1>Enrol trainees</h1>
      <p className="nhsuk-lede-text">
        Enrol your organisation&apos;s trainees on a course, with a due date if you set one. People who do not
        have an account yet, or are not yet trainees of {organisation.name}, are sent an invitation and are
        enrolled when they accept it.
      </p>
      {one?.done ? <Notice title="Done">{one.done}</Notice> : null}
      {csv?.counts ? (
        <Notice title="File applied">
          {csv.counts.enrolled} enrolled, {csv.counts.invited} invited, {csv.counts.updated} due dates
          changed, {csv.counts.unchanged} unchanged.
        </Notice>
      ) : null}
      {csv?.results?.length ? (
        <Table
          caption="What happened to each row of the file"
          captionVisible
          headers={["Line", "Name", "Email", "Course", "Outcome"]}
          rows={csv.results.map((r) => ({
            key: String(r.line),
            cells: [r.line, r.name, r.email, r.course, OUTCOME_TEXT[r.outcome]],
          }))}
        />
      ) : null}

      <h2>Enrol one person</h2>
      <ErrorSummary errors={one?.errors} order={FIELDS} />
      <Form method="post">
        <input type="hidden" name="intent" value="one" />
        <Field
          name="email"
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={one?.values?.email}
          error={one?.errors?.email}
        />
        <Field name="name" label="Full name" defaultValue={one?.values?.name} error={one?.errors?.name} />
        <Field
          name="gmcNumber"
          label="GMC number (optional)"
          hint="7 digits"
          width="10"
          inputMode="numeric"
          defaultValue={one?.values?.gmcNumber}
          error={one?.errors?.gmcNumber}
        />
        <SelectField
          name="course"
          label="Course"
          options={courseOptions}
          defaultValue={one?.values?.course}
          error={one?.errors?.course}
        />
        <Field
          name="dueDate"
          label="Due date (optional)"
          hint="For example, 2027-03-31 or 31/03/2027"
          width="10"
          defaultValue={one?.values?.dueDate}
          error={one?.errors?.dueDate}
        />
        <Button>Enrol</Button>
      </Form>

      <h2>Enrol from a CSV file</h2>
      <p>
        One row per person, with a header row: <code>email</code>, <code>name</code>, <code>gmc</code>{" "}
        (optional), <code>course</code> (the course id, such as{" "}
        <code>{courses[0]?.id ?? "mentoring-for-doctors"}</code>, or its title) and <code>due date</code>{" "}
        (optional). Up to {maxRows.toLocaleString("en-GB")} rows. Every row is checked first: if any row has a
        problem, nothing is saved and every problem is listed with its line number. Uploading the same file
        again changes nothing.
      </p>
      <p>
        <a href={`/org/${organisation.id}/enrolment-template.csv`} download>
          Download a template CSV
        </a>{" "}
        (its example row must be replaced before the file is uploaded).
      </p>
      <ErrorSummary errors={csv?.error ? { form: csv.error } : undefined} />
      <ErrorSummary
        errors={
          csv?.rowErrors?.length
            ? Object.fromEntries(csv.rowErrors.map((e, i) => [`row-${i}`, e.message]))
            : undefined
        }
        title={`The file has ${csv?.rowErrors?.length ?? 0} ${csv?.rowErrors?.length === 1 ? "problem" : "problems"}. Nothing was saved.`}
        linked={false}
      />
      <Form method="post" encType="multipart/form-data">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="file">
            CSV file
          </label>
          <input className="nhsuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <Button>Upload and enrol</Button>
      </Form>
      <p>
        <Link to={`/org/${organisation.id}/dashboard`}>Back to the training dashboard</Link>
      </p>
    </>
  );
}
