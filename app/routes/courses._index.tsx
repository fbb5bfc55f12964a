import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { listCatalogue } from "~/courses/courses.server";

export const meta: MetaFunction = () => [{ title: `Courses - ${SERVICE_NAME}` }];

export async function loader({ context }: LoaderFunctionArgs) {
  return { courses: await listCatalogue(context.user?.id ?? null), signedIn: Boolean(context.user) };
}

export default function Catalogue() {
  const { courses, signedIn } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("done") === "registered" && signedIn ? (
        <Notice>Your account has been created. Choose a course below to see what it covers and enrol.</Notice>
      ) : null}
      <h1>Courses</h1>
      {courses.length === 0 ? <p>There are no courses yet.</p> : null}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {courses.map((c) => (
          <li className="nhsuk-grid-column-full nhsuk-card-group__item" key={c.id}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m">
                  <Link className="nhsuk-card__link" to={`/courses/${c.id}`}>
                    {c.title}
                  </Link>
                </h2>
                <p className="nhsuk-card__description">{c.summary}</p>
                <p className="nhsuk-body-s">
                  {c.modules} {c.modules === 1 ? "module" : "modules"} · {c.cpdHours} CPD{" "}
                  {c.cpdHours === 1 ? "hour" : "hours"}
                  {c.enrolment === "invitation" ? " · by invitation" : ""}
                  {c.status === "enrolled" ? " · you are enrolled" : ""}
                  {c.status === "completed" ? " · you have completed this course" : ""}
                </p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
