import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { ORG_KIND_LABELS, type OrgKind } from "~/auth/roles";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Notice, SelectField } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { coursesWithOwners, setCourseOwner } from "~/courses/ownership.server";
import { prisma } from "~/db.server";
import { notFound, readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.course.title ?? "Course"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const course = (await coursesWithOwners()).find((c) => c.id === params.courseId);
  if (!course) notFound();
  const organisations = await prisma.organisation.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true },
  });
  return { course, organisations };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const form = await readForm(request);
  const owner = String(form.get("owner") ?? "");
  const result = await setCourseOwner(params.courseId!, owner === "platform" ? null : owner, admin.id);
  if (!result.ok) {
    if (result.field === "course") notFound();
    return data({ errors: { owner: result.message } }, { status: 400 });
  }
  throw redirect(`/admin/courses/${params.courseId}?done=${result.changed ? "saved" : "unchanged"}`);
}

export default function CourseOwner() {
  const { course, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <Breadcrumbs items={[{ to: "/admin/courses", label: "Courses" }]} />
      {done && !actionData ? (
        <Notice>
          {done === "saved"
            ? `The owner has been saved: ${course.owner?.name ?? "the platform"}.`
            : "Nothing changed: that was already the owner."}
        </Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} />
      <span className="nhsuk-caption-l">Course</span>
      <h1>{course.title}</h1>
      <p className="nhsuk-body">
        {course.enrolments} {course.enrolments === 1 ? "enrolment" : "enrolments"}. Owned by{" "}
        {course.owner?.name ?? "the platform"}.
      </p>
      <Form method="post" noValidate>
        <SelectField
          name="owner"
          label="Owner"
          options={[
            { value: "platform", label: "The platform (no organisation)" },
            ...organisations.map((o) => ({
              value: o.id,
              label: `${o.name} (${ORG_KIND_LABELS[o.kind as OrgKind] ?? o.kind})`,
            })),
          ]}
          defaultValue={course.owner?.id ?? "platform"}
          error={actionData?.errors.owner}
        />
        <p className="nhsuk-body-s">
          The owner&apos;s college administrators can attach their organisation&apos;s e-learning packages to
          this course. Attaching makes a new version of the course; trainees already enrolled keep theirs.
        </p>
        <Button>Save owner</Button>
      </Form>
      <h2>Take the course into another LMS</h2>
      <p className="nhsuk-body">
        <Link to={`/admin/courses/${course.id}/export`}>Export the course, or one module, as a SCORM package</Link>
      </p>
    </>
  );
}
