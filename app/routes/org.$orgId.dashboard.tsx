import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { formatCode } from "~/certificates/code";
import { requireOrgRole } from "~/auth/guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Pagination } from "~/components/pagination";
import { BarChart } from "~/components/charts";
import { Button, Field, SelectField } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { activeCourses } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { countPendingInvitations } from "~/organisations/invitations.server";
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
  EXPIRING_DAYS,
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
  const pendingInvitations = await countPendingInvitations(organisation.id);
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
    pendingInvitations,
    // the course shows beside each trainee only when the organisation uses more than one
    multipleCourses: new Set(table.rows.map((r) => r.courseId)).size > 1,
    table: {
      ...table,
      rows: table.rows.map((r) => ({
        ...r,
        certificate: r.certificate ? { ...r.certificate, code: formatCode(r.certificate.code) } : null,
      })),
    },
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

const SORT_OPTIONS: { value: Sort; label: string }[] = [
  { value: "name", label: "Trainee name" },
  { value: "course", label: "Course" },
  { value: "progress", label: "Progress" },
  { value: "lastActivity", label: "Last activity" },
  { value: "due", label: "Due date" },
  { value: "enrolled", label: "Date enrolled" },
];

const MODULE_STATE_TEXT: Record<string, string> = {
  completed: "done",
  in_progress: "started",
  not_started: "not started",
};

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { search } = useLocation();
  // after filters, a sort or a page change (not on arrival), focus goes to the count of
  // matches, which says what the table now holds
  const count = useRef<HTMLParagraphElement>(null);
  const shown = useRef(search);
  useEffect(() => {
    if (search === shown.current) return;
    shown.current = search;
    count.current?.focus();
  }, [search]);
  const base = `/org/${d.organisation.id}/dashboard`;
  const f = asFilters(d.filters);
  const sortLink = (key: Sort) =>
    `${base}?${filtersQuery(f, { sort: key, dir: d.filters.sort === key && d.filters.dir === "asc" ? "desc" : "asc", page: null })}`;
  const exportQuery = filtersQuery(f, { page: null });
  // each tile applies its filter (and only it)
  const tile = (q: Partial<Filters>) => `${base}?${filtersQuery(q)}#trainees`;
  const stats = [
    { label: "Trainees enrolled", value: d.stats.trainees, to: `${base}#trainees` },
    { label: "Not started", value: d.stats.notStarted, to: tile({ status: "not_started" }) },
    { label: "In progress", value: d.stats.inProgress, to: tile({ status: "in_progress" }) },
    { label: "Completed", value: d.stats.completed, to: tile({ status: "completed" }) },
    { label: "Certified", value: d.stats.certified, to: tile({ status: "certified" }) },
    { label: "Overdue", value: d.stats.overdue, warning: d.stats.overdue > 0, to: tile({ overdue: true }) },
    {
      label: `Certificates expiring in ${EXPIRING_DAYS} days`,
      value: d.stats.expiringSoon,
      warning: d.stats.expiringSoon > 0,
      to: tile({ expiring: true }),
    },
  ];
  const matches = `${d.table.total.toLocaleString("en-GB")} ${d.table.total === 1 ? "enrolment matches" : "enrolments match"}`;
  return (
    <>
      <Breadcrumbs items={[{ to: `/org/${d.organisation.id}`, label: d.organisation.name }]} />
      <h1>Training dashboard</h1>
      <p className="nhsuk-lede-text">
        Mentor training of {d.organisation.name}&apos;s trainees.{" "}
        <Link to={`/org/${d.organisation.id}/enrolments`}>Enrol trainees</Link>
      </p>
      {d.pendingInvitations > 0 ? (
        <p>
          <Link to={`/org/${d.organisation.id}#invitations`}>
            {d.pendingInvitations} {d.pendingInvitations === 1 ? "invitation has" : "invitations have"} not
            been accepted yet
          </Link>
          .
        </p>
      ) : null}
      <h2 className="nhsuk-u-visually-hidden">Summary</h2>
      <ul className="app-stats">
        {stats.map((s) => (
          <li key={s.label} className={s.warning ? "app-stats--warning" : undefined}>
            <Link to={s.to} className="app-stats__link">
              <span className="app-stats__value">{s.value.toLocaleString("en-GB")}</span>
              <span className="nhsuk-body-s">{s.label}</span>
            </Link>
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
      {/* keyed on the query: "Clear filters" and the tiles remount the form, so no control
          keeps a value the address no longer has */}
      <Form method="get" className="app-filters" aria-label="Filter trainees" key={search}>
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
            <ModuleFilter
              modules={d.modules}
              module={d.filters.module ?? ""}
              state={d.filters.moduleState ?? "completed"}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <Field name="from" label="Enrolled from" type="date" width="10" defaultValue={d.filters.from} />
            <Field name="to" label="Enrolled to" type="date" width="10" defaultValue={d.filters.to} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
              {[
                { name: "overdue", label: "Overdue only", checked: d.filters.overdue },
                {
                  name: "expiring",
                  label: `Certificate expiring in ${EXPIRING_DAYS} days`,
                  checked: d.filters.expiring,
                },
              ].map((c) => (
                <div className="nhsuk-checkboxes__item" key={c.name}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={c.name}
                    name={c.name}
                    type="checkbox"
                    value="1"
                    defaultChecked={c.checked}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={c.name}>
                    {c.label}
                  </label>
                </div>
              ))}
            </div>
            <SelectField name="sort" label="Sort by" options={SORT_OPTIONS} defaultValue={d.filters.sort} />
            <SelectField
              name="dir"
              label="Order"
              options={[
                { value: "asc", label: "A to Z, lowest or earliest first" },
                { value: "desc", label: "Z to A, highest or latest first" },
              ]}
              defaultValue={d.filters.dir}
            />
          </div>
        </div>
        <Button>Apply filters</Button>{" "}
        <Link to={`${base}#trainees`} className="app-filters__clear">
          Clear filters
        </Link>
      </Form>

      <p id="trainee-count" tabIndex={-1} role="status" ref={count}>
        {matches}.{" "}
        <a href={`/org/${d.organisation.id}/dashboard.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
          Download these as CSV
        </a>
      </p>
      {d.table.rows.length === 0 ? (
        <p>No trainees match these filters.</p>
      ) : (
        <table className="nhsuk-table-responsive app-trainees">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
            Trainees and their progress
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              {(
                [
                  { key: "name", label: "Trainee" },
                  { key: "progress", label: "Progress" },
                  { key: null, label: "Modules" },
                  { key: "lastActivity", label: "Last activity" },
                  { key: "due", label: "Due" },
                  { key: null, label: "Certificate" },
                ] as { key: Sort | null; label: string }[]
              ).map((c) => (
                <th
                  key={c.label}

                  scope="col"
                  aria-sort={
                    c.key && d.filters.sort === c.key
                      ? d.filters.dir === "asc"
                        ? "ascending"
                        : "descending"
                      : undefined
                  }
                >
                  {c.key ? <Link to={sortLink(c.key)}>{c.label}</Link> : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {d.table.rows.map((r) => {
              const done = r.modules.filter((m) => m.state === "completed").length;
              return (
                <tr className="nhsuk-table__row" key={r.enrolmentId}>
                  <Cell heading="Trainee">
                    <span>
                      <Link to={`/org/${d.organisation.id}/trainees/${r.userId}`}>{r.name}</Link>
                      <span className="app-trainees__detail">
                        {r.email}
                        {r.gmcNumber ? ` · GMC ${r.gmcNumber}` : ""}
                        {d.multipleCourses ? ` · ${r.course}` : ""}
                      </span>
                    </span>
                  </Cell>
                  <Cell heading="Progress">
                    <span>
                      {r.percent}% <span className="app-trainees__detail">{STATUS_LABELS[r.status]}</span>
                    </span>
                  </Cell>
                  <Cell heading="Modules">
                    <span>
                      <span className="app-trainees__count">
                        {done} of {r.modules.length}
                      </span>
                      <span className="app-marks">
                        {r.modules.map((m) => (
                          <span
                            key={m.id}
                            className={`app-mark app-mark--${m.state}`}
                            title={`${m.title}: ${MODULE_STATE_TEXT[m.state] ?? m.state}`}
                          >
                            <span className="nhsuk-u-visually-hidden">
                              {m.title}: {MODULE_STATE_TEXT[m.state] ?? m.state}.
                            </span>
                          </span>
                        ))}
                      </span>
                    </span>
                  </Cell>
                  <Cell heading="Last activity">
                    <span>{date(r.lastActivityAt) || "None yet"}</span>
                  </Cell>
                  <Cell heading="Due">
                    <span>
                      {date(r.dueAt) || "No due date"}
                      {r.overdue ? (
                        <>
                          {" "}
                          <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>
                        </>
                      ) : null}
                    </span>
                  </Cell>
                  <Cell heading="Certificate">
                    <span>
                      {r.certificate ? (
                        <>
                          <Link className="app-code" to={`/verify/${r.certificate.code}`}>
                            {r.certificate.code}
                          </Link>
                          {r.certificate.revoked ? (
                            <>
                              {" "}
                              <strong className="nhsuk-tag nhsuk-tag--red">Revoked</strong>
                            </>
                          ) : null}
                        </>
                      ) : (
                        "None"
                      )}
                    </span>
                  </Cell>
                </tr>
              );
            })}
          </tbody>
        </table>
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

/** a module and its status; the status has no value until a module is chosen */
function ModuleFilter({
  modules,
  module,
  state,
}: {
  modules: { id: string; title: string }[];
  module: string;
  state: string;
}) {
  const [moduleChosen, setModuleChosen] = useState(module !== "");
  return (
    <>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="module">
          Module
        </label>
        <select
          className="nhsuk-select"
          id="module"
          name="module"
          defaultValue={module}
          onChange={(e) => setModuleChosen(e.currentTarget.value !== "")}
        >
          {[ANY, ...modules.map((m) => ({ value: m.id, label: m.title }))].map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="moduleState">
          Module status
        </label>
        <div className="nhsuk-hint" id="moduleState-hint">
          Choose a module first
        </div>
        <select
          className="nhsuk-select"
          id="moduleState"
          name="moduleState"
          aria-describedby="moduleState-hint"
          disabled={!moduleChosen}
          defaultValue={module ? state : ""}
        >
          {moduleChosen ? null : <option value="">No module chosen</option>}
          <option value="completed">Completed</option>
          <option value="not_completed">Not completed</option>
        </select>
      </div>
    </>
  );
}

/** a cell of the responsive trainee table: below 40em it shows its column's name beside it */
function Cell({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <td className="nhsuk-table__cell">
      <span className="nhsuk-table-responsive__heading" aria-hidden="true">
        {heading}{" "}
      </span>
      {children}
    </td>
  );
}
