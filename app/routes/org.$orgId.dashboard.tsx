import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgRole } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Pagination } from "~/components/pagination";
import { BarChart } from "~/components/charts";
import { Button, Field, SelectField } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { activeCourses } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import {
  completionsByMonth,
  ensureSnapshots,
  moduleFunnel,
  summary,
  traineeTable,
} from "~/organisations/reporting.server";
import {
  filtersQuery,
  parseFilters,
  STATUS_LABELS,
  STATUSES,
  type Filters,
  type Sort,
} from "~/organisations/reporting";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Training dashboard - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

const date = (iso: string | null) => (iso ? formatDate(iso, "medium") : "");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrgRole(request, context, params.orgId!, ["hr"]);
  const url = new URL(request.url);
  const filters = parseFilters(url.searchParams);
  const now = new Date();
  await ensureSnapshots(organisation.id);
  const courses = await activeCourses();
  // the funnel shows the filtered course, else the course most of the organisation takes
  const funnelCourse =
    filters.course ??
    (
      await prisma.enrolment.groupBy({
        by: ["courseId"],
        where: { organisationId: organisation.id },
        _count: { _all: true },
        orderBy: { _count: { courseId: "desc" } },
        take: 1,
      })
    )[0]?.courseId ??
    courses[0]?.id;
  const [stats, months, funnel, table] = await Promise.all([
    summary(organisation.id, now),
    completionsByMonth(organisation.id, now),
    funnelCourse ? moduleFunnel(organisation.id, funnelCourse) : Promise.resolve(null),
    traineeTable(organisation.id, filters, now),
  ]);
  const modules = funnel?.modules.map((m) => ({ id: m.id, title: m.title })) ?? [];
  return {
    organisation: { id: organisation.id, name: organisation.name },
    filters: {
      ...filters,
      from: filters.from?.toISOString().slice(0, 10) ?? "",
      to: filters.to?.toISOString().slice(0, 10) ?? "",
    },
    courses,
    modules,
    stats,
    months,
    funnel,
    table,
  };
}

type LoaderFilters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

function asFilters(f: LoaderFilters): Partial<Filters> {
  const { from, to, ...rest } = f;
  return {
    ...rest,
    from: from ? new Date(`${from}T00:00:00Z`) : undefined,
    to: to ? new Date(`${to}T00:00:00Z`) : undefined,
  };
}

const ANY = { value: "", label: "Any" };

const SORT_COLUMNS: { key: Sort; label: string }[] = [
  { key: "name", label: "Trainee" },
  { key: "course", label: "Course" },
  { key: "progress", label: "Progress" },
  { key: "lastActivity", label: "Last activity" },
  { key: "due", label: "Due" },
];

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const base = `/org/${d.organisation.id}/dashboard`;
  const f = asFilters(d.filters);
  const sortLink = (key: Sort) =>
    `${base}?${filtersQuery(f, { sort: key, dir: d.filters.sort === key && d.filters.dir === "asc" ? "desc" : "asc", page: null })}`;
  const exportQuery = filtersQuery(f, { page: null });
  const stats = [
    { label: "Trainees enrolled", value: d.stats.trainees },
    { label: "Not started", value: d.stats.notStarted },
    { label: "In progress", value: d.stats.inProgress },
    { label: "Completed", value: d.stats.completed },
    { label: "Certified", value: d.stats.certified },
    { label: "Overdue", value: d.stats.overdue, warning: d.stats.overdue > 0 },
    {
      label: "Certificates expiring in 90 days",
      value: d.stats.expiringSoon,
      warning: d.stats.expiringSoon > 0,
    },
  ];
  return (
    <>
      <Breadcrumbs items={[{ to: `/org/${d.organisation.id}`, label: d.organisation.name }]} />
      <h1>Training dashboard</h1>
      <p className="nhsuk-lede-text">
        Mentor training of {d.organisation.name}&apos;s trainees.{" "}
        <Link to={`/org/${d.organisation.id}/enrolments`}>Enrol trainees</Link>
      </p>
      <h2 className="nhsuk-u-visually-hidden">Summary</h2>
      <ul className="app-stats">
        {stats.map((s) => (
          <li key={s.label} className={s.warning ? "app-stats--warning" : undefined}>
            <span className="app-stats__value">{s.value.toLocaleString("en-GB")}</span>
            <span className="nhsuk-body-s">{s.label}</span>
          </li>
        ))}
      </ul>

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <BarChart
            id="completions"
            title="Courses completed per month"
            unit="Completions"
            bars={d.months.map((m) => ({ label: m.label, value: m.count }))}
          />
        </div>
        <div className="nhsuk-grid-column-one-half">
          {d.funnel ? (
            <BarChart
              id="funnel"
              title={`Modules completed: ${d.funnel.course.title} (${d.funnel.total} enrolled)`}
              unit="Trainees who completed the module"
              max={d.funnel.total}
              bars={d.funnel.modules.map((m) => ({ label: m.title, value: m.completed }))}
            />
          ) : null}
        </div>
      </div>

      <h2 id="trainees">Trainees</h2>
      <Form method="get" className="app-filters" aria-label="Filter trainees">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <Field
              name="q"
              label="Search by name, email or GMC number"
              type="search"
              defaultValue={d.filters.q ?? ""}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              name="status"
              label="Status"
              options={[ANY, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
              defaultValue={d.filters.status ?? ""}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              name="course"
              label="Course"
              options={[ANY, ...d.courses.map((c) => ({ value: c.id, label: c.title }))]}
              defaultValue={d.filters.course ?? ""}
            />
          </div>
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <SelectField
              name="module"
              label="Module"
              options={[ANY, ...d.modules.map((m) => ({ value: m.id, label: m.title }))]}
              defaultValue={d.filters.module ?? ""}
            />
            <SelectField
              name="moduleState"
              label="Module status"
              options={[
                { value: "", label: "Completed" },
                { value: "not_completed", label: "Not completed" },
              ]}
              defaultValue={d.filters.moduleState ?? ""}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <Field name="from" label="Enrolled from" type="date" width="10" defaultValue={d.filters.from} />
            <Field name="to" label="Enrolled to" type="date" width="10" defaultValue={d.filters.to} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
              <div className="nhsuk-checkboxes__item">
                <input
                  className="nhsuk-checkboxes__input"
                  id="overdue"
                  name="overdue"
                  type="checkbox"
                  value="1"
                  defaultChecked={d.filters.overdue}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="overdue">
                  Overdue only
                </label>
              </div>
            </div>
            {d.filters.sort !== "name" ? <input type="hidden" name="sort" value={d.filters.sort} /> : null}
            {d.filters.dir !== "asc" ? <input type="hidden" name="dir" value={d.filters.dir} /> : null}
            <Button>Apply filters</Button>{" "}
            <Link to={base} className="nhsuk-body-s">
              Clear filters
            </Link>
          </div>
        </div>
      </Form>

      <p>
        {d.table.total.toLocaleString("en-GB")} {d.table.total === 1 ? "enrolment" : "enrolments"} match.{" "}
        <a href={`/org/${d.organisation.id}/dashboard.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
          Download these as CSV
        </a>
      </p>
      {d.table.rows.length === 0 ? (
        <p>No trainees match these filters.</p>
      ) : (
        <div className="app-table-wrap">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
              Trainees and their progress
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {SORT_COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    className="nhsuk-table__header"
                    aria-sort={
                      d.filters.sort === c.key
                        ? d.filters.dir === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    <Link to={sortLink(c.key)}>{c.label}</Link>
                  </th>
                ))}
                <th scope="col" className="nhsuk-table__header">
                  Modules
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Certificate
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {d.table.rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.enrolmentId}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/org/${d.organisation.id}/trainees/${r.userId}`}>{r.name}</Link>
                    <br />
                    <span className="nhsuk-body-s">
                      {r.email}
                      {r.gmcNumber ? ` · GMC ${r.gmcNumber}` : ""}
                    </span>
                  </td>
                  <td className="nhsuk-table__cell">{r.course}</td>
                  <td className="nhsuk-table__cell">
                    <progress value={r.percent} max={100} aria-label={`${r.name}: ${r.percent}% complete`} />{" "}
                    {r.percent}%
                    <br />
                    <span className="nhsuk-body-s">{STATUS_LABELS[r.status]}</span>
                  </td>
                  <td className="nhsuk-table__cell">{date(r.lastActivityAt) || "None yet"}</td>
                  <td className="nhsuk-table__cell">
                    {date(r.dueAt)}
                    {r.overdue ? (
                      <>
                        {" "}
                        <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell">
                    <ul className="nhsuk-list app-modules">
                      {r.modules.map((m) => (
                        <li key={m.id}>
                          <span
                            className={`nhsuk-tag ${m.state === "completed" ? "nhsuk-tag--green" : m.state === "in_progress" ? "nhsuk-tag--blue" : "nhsuk-tag--grey"}`}
                          >
                            <span className="nhsuk-u-visually-hidden">{m.title}: </span>
                            {m.title.split(" ")[0]}{" "}
                            {m.state === "completed"
                              ? "done"
                              : m.state === "in_progress"
                                ? "started"
                                : "to do"}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="nhsuk-table__cell">
                    {r.certificate ? (
                      <>
                        <Link to={`/verify/${r.certificate.code}`}>{r.certificate.code}</Link>
                        {r.certificate.revoked ? " (revoked)" : ""}
                      </>
                    ) : (
                      ""
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        label="Pages of trainees"
        previous={
          d.table.page > 1
            ? {
                href: `${base}?${filtersQuery(f, { page: d.table.page - 1 })}`,
                title: `Page ${d.table.page - 1} of ${d.table.pages}`,
              }
            : null
        }
        next={
          d.table.page < d.table.pages
            ? {
                href: `${base}?${filtersQuery(f, { page: d.table.page + 1 })}`,
                title: `Page ${d.table.page + 1} of ${d.table.pages}`,
              }
            : null
        }
      />
    </>
  );
}
