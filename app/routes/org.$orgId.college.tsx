import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { formatCode } from "~/certificates/code";
import { collegeLearners, verificationLookups } from "~/organisations/college-report.server";
import { requireScormManager } from "~/scorm/access.server";
import { counted, formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Learners and verifications - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

const when = (iso: string) => formatDate(iso, "dateTimeMedium");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireScormManager(request, context, params.orgId!);
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const [learners, verifications] = await Promise.all([
    collegeLearners(organisation.id, page),
    verificationLookups(organisation.id),
  ]);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    learners,
    verifications: {
      ...verifications,
      lookups: verifications.lookups.map((l) => ({ ...l, code: formatCode(l.code) })),
    },
  };
}

export default function College() {
  const { organisation, learners, verifications } = useLoaderData<typeof loader>();
  const scorm = `/org/${organisation.id}/scorm`;
  return (
    <>
      <Breadcrumbs items={[{ to: `/org/${organisation.id}`, label: organisation.name }]} />
      <h1>Learners and verifications</h1>
      <h2>Learners of your e-learning</h2>
      <p className="nhsuk-body-s">
        Learners who hold a role in {organisation.name} are named. Everyone else is shown by a code such as
        &ldquo;Learner 3F9A2C&rdquo;, the same on every page and in the CSV: who they are is theirs and their
        employer&apos;s to know.
      </p>
      {learners.total === 0 ? (
        <p>
          No one has played {organisation.name}&apos;s packages yet.{" "}
          <Link to={scorm}>E-learning library</Link>
        </p>
      ) : (
        <>
          <Table
            caption="Learners and their results, most recent first"
            headers={[
              "Learner",
              "Package",
              { label: "Attempt", numeric: true },
              "Status",
              { label: "Score", numeric: true },
              "Last access",
            ]}
            rows={learners.rows.map((r) => ({
              key: r.id,
              cells: [
                <>
                  <Link to={`${scorm}/${r.packageId}/attempts/${r.id}`}>{r.learner}</Link>
                  <br />
                  <span className="nhsuk-body-s">{r.email}</span>
                </>,
                <Link key="p" to={`${scorm}/${r.packageId}`}>
                  {r.package}
                </Link>,
                r.attempt,
                `${r.completion}${r.success !== "unknown" ? `, ${r.success}` : ""}`,
                r.score === null ? "" : `${Math.round(r.score)}%`,
                when(r.lastAccess),
              ],
            }))}
          />
          <p className="nhsuk-body-s">
            Page {learners.page} of {learners.pages} ({counted(learners.total, "attempt")}).{" "}
            {learners.page > 1 ? <Link to={`?page=${learners.page - 1}`}>Previous page</Link> : null}{" "}
            {learners.page < learners.pages ? <Link to={`?page=${learners.page + 1}`}>Next page</Link> : null}
          </p>
        </>
      )}
      <h2>Certificate verifications</h2>
      {verifications.courses.length === 0 ? (
        <p>
          None of the platform&apos;s courses carries your packages yet, so there are no certificates of yours
          to verify.
        </p>
      ) : (
        <>
          <p>
            Lookups in the last year of certificates for{" "}
            {verifications.courses.map((c) => c.title).join(", ")}: when a certificate was checked and what
            the check showed. Who checked is not recorded here.
          </p>
          <h3>Certificates of {organisation.name}&apos;s trainees</h3>
          {verifications.lookups.length === 0 ? (
            <p>No lookups of your own trainees&apos; certificates yet.</p>
          ) : (
            <Table
              caption="Verification lookups of your trainees' certificates, most recent first"
              headers={["When", "Certificate", "Holder", "Course", "Status now", "Checked on"]}
              rows={verifications.lookups.map((l, i) => ({
                key: `${l.at}-${i}`,
                cells: [
                  when(l.at),
                  <Link key="c" to={`/verify/${l.code}`}>
                    {l.code}
                  </Link>,
                  l.recipient,
                  l.course,
                  l.status,
                  l.via,
                ],
              }))}
            />
          )}
          <h3>Certificates of other organisations&apos; trainees</h3>
          <p>
            Only counted: the holders are not {organisation.name}&apos;s trainees, so who they are, and who is
            checking them, is theirs and their employer&apos;s to know.
          </p>
          {verifications.others.length === 0 ? (
            <p>No lookups.</p>
          ) : (
            <Table
              caption="Verification lookups of other organisations' trainees' certificates, by course"
              headers={["Course", { label: "Lookups in the last year", numeric: true }, "Most recent"]}
              rows={verifications.others.map((o) => ({
                key: o.course,
                cells: [o.course, o.lookups, when(o.last)],
              }))}
            />
          )}
        </>
      )}
    </>
  );
}
