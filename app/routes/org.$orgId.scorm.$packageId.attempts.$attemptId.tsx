import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { requirePackage } from "~/scorm/access.server";
import { attemptDetail } from "~/scorm/report.server";
import { notFound } from "~/utils/http.server";
import { formatDate, formatDuration } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.attempt.learner ?? "Attempt"} - ${data?.pkg.title ?? "Package"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation, pkg } = await requirePackage(request, context, params.orgId!, params.packageId!);
  const attempt = await attemptDetail(pkg.id, params.attemptId!);
  if (!attempt) notFound();
  return {
    organisation: { id: organisation.id, name: organisation.name },
    pkg: { id: pkg.id, title: pkg.title },
    attempt,
  };
}

export default function ScormAttempt() {
  const { organisation, pkg, attempt: a } = useLoaderData<typeof loader>();
  const base = `/org/${organisation.id}/scorm`;
  const facts: [string, string][] = [
    ["Learner", a.email ? `${a.learner} (${a.email})` : a.learner],
    ["Part", `${a.item} (package version ${a.version}, SCORM ${a.scormVersion})`],
    ["Attempt", String(a.attempt)],
    ["Completion", a.completion],
    ["Success", a.success],
    ["Score", a.score === null ? "none reported" : `${Math.round(a.score * 10) / 10}%`],
    ["Total time", formatDuration(a.totalSeconds) || "None recorded"],
    ["Bookmark", a.location ?? "none"],
    [
      "Saved state",
      a.suspendDataLength ? `${a.suspendDataLength.toLocaleString("en-GB")} characters` : "none",
    ],
    ["Last access", formatDate(a.lastAccess, "dateTimeMedium")],
    [
      "Counted for the course",
      a.satisfiedAt
        ? new Date(a.satisfiedAt).toLocaleString("en-GB", { timeZone: "Europe/London" })
        : "not yet",
    ],
  ];
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${organisation.id}`, label: organisation.name },
          { to: base, label: "E-learning library" },
          { to: `${base}/${pkg.id}`, label: pkg.title },
        ]}
      />
      <span className="nhsuk-caption-l">{pkg.title}</span>
      <h1>Attempt by {a.learner}</h1>
      <dl className="nhsuk-summary-list">
        {facts.map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <h2>Interactions</h2>
      {a.interactions.length === 0 ? (
        <p>The package reported no interactions.</p>
      ) : (
        <Table
          caption="Interactions"
          headers={["Id", "Type", "Response", "Correct response", "Result", "Latency"]}
          rows={a.interactions.map((i, n) => ({
            key: `${n}-${i.id}`,
            cells: [
              i.description ? `${i.id}: ${i.description}` : i.id,
              i.type ?? "",
              i.learnerResponse ?? "",
              i.correctResponses.join("; "),
              i.result ?? "",
              i.latency ?? "",
            ],
          }))}
        />
      )}
      <h2>Objectives</h2>
      {a.objectives.length === 0 ? (
        <p>The package reported no objectives.</p>
      ) : (
        <Table
          caption="Objectives"
          headers={["Id", "Success", "Completion", "Score"]}
          rows={a.objectives.map((o, n) => ({
            key: `${n}-${o.id}`,
            cells: [
              o.id,
              o.successStatus ?? o.status12 ?? "",
              o.completionStatus ?? "",
              o.scoreScaled !== null
                ? `${Math.round(o.scoreScaled * 100)}%`
                : o.scoreRaw !== null
                  ? String(o.scoreRaw)
                  : "",
            ],
          }))}
        />
      )}
    </>
  );
}
