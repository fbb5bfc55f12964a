import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { coursesWithOwners } from "~/courses/ownership.server";

export const meta: MetaFunction = () => [{ title: `Courses - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  return { courses: await coursesWithOwners() };
}

export default function Courses() {
  const { courses } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Courses</h1>
      <p className="nhsuk-body">
        Courses are deployed with the platform. A course that belongs to an organisation (a royal college or a
        deanery) lets that organisation&apos;s college administrators attach their own e-learning packages to
        it.
      </p>
      <Table
        caption="Courses and who owns them"
        headers={["Course", "Owner", { label: "Enrolments", numeric: true }]}
        rows={courses.map((c) => ({
          key: c.id,
          cells: [
            <Link key="course" to={`/admin/courses/${c.id}`}>
              {c.title}
            </Link>,
            c.owner?.name ?? "The platform",
            c.enrolments,
          ],
        }))}
      />
    </>
  );
}
