import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { ScormUploadForm } from "~/components/scorm-upload";
import { getEnv } from "~/env.server";
import { listPackages } from "~/scorm/packages.server";
import { requireScormManager } from "~/scorm/access.server";
import { receivePackageUpload } from "~/scorm/upload.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `E-learning library - ${data?.organisation.name ?? "Organisation"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireScormManager(request, context, params.orgId!);
  const packages = await listPackages(organisation.id);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    maxBytes: getEnv().SCORM_MAX_UPLOAD_BYTES,
    packages: packages.map((p) => ({
      id: p.id,
      title: p.title,
      version: p.latest?.number ?? null,
      scormVersion: p.latest?.scormVersion ?? null,
      updatedAt: (p.latest?.createdAt ?? p.createdAt).toISOString(),
      archived: p.archivedAt !== null,
    })),
  };
}

/** the no-javascript upload: the same import, answered with a page */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireScormManager(request, context, params.orgId!);
  const outcome = await receivePackageUpload(request, { organisationId: organisation.id, userId: user.id });
  if (!outcome.ok) return data({ error: outcome.error }, { status: outcome.status });
  throw redirect(
    `/org/${organisation.id}/scorm/${outcome.result.packageId}?imported=${outcome.result.versionNumber}`,
  );
}

export default function ScormPackages() {
  const { organisation, packages, maxBytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/org/${organisation.id}/scorm`;
  return (
    <>
      <Breadcrumbs items={[{ to: `/org/${organisation.id}`, label: organisation.name }]} />
      <h1>E-learning library</h1>
      <p className="nhsuk-lede-text">
        Upload your SCORM e-learning here. Once a package is attached to a course module, trainees play it in
        the browser and their results appear on the package&apos;s page.
      </p>
      {packages.length === 0 ? (
        <p>{organisation.name} has not uploaded any packages yet.</p>
      ) : (
        <>
          <PackageTable
            caption={`Packages of ${organisation.name}`}
            base={base}
            packages={packages.filter((p) => !p.archived)}
          />
          {packages.some((p) => p.archived) ? (
            <>
              <h2>Archived packages</h2>
              <p>Not offered for new courses. Learners who have them keep playing them.</p>
              <PackageTable
                caption={`Archived packages of ${organisation.name}`}
                base={base}
                packages={packages.filter((p) => p.archived)}
              />
            </>
          ) : null}
        </>
      )}
      <h2>Take our courses into your own LMS</h2>
      <p>
        <Link to={`${base}/export`}>Export a course, or one module of it, as a SCORM package</Link> for Moodle,
        Totara, Learning Pool, ESR or any other learning management system.
      </p>
      <h2>Upload a new package</h2>
      <ScormUploadForm
        action={base}
        uploadUrl={`${base}/upload`}
        maxBytes={maxBytes}
        error={actionData?.error}
        label="SCORM package"
      />
    </>
  );
}

function PackageTable({
  caption,
  base,
  packages,
}: {
  caption: string;
  base: string;
  packages: {
    id: string;
    title: string;
    scormVersion: string | null;
    version: number | null;
    updatedAt: string;
  }[];
}) {
  if (packages.length === 0) return <p>No packages in use: all are archived.</p>;
  return (
    <Table
      caption={caption}
      headers={["Package", "Standard", "Version", "Last uploaded"]}
      rows={packages.map((p) => ({
        key: p.id,
        cells: [
          <Link key="t" to={`${base}/${p.id}`}>
            {p.title}
          </Link>,
          p.scormVersion ? `SCORM ${p.scormVersion}` : "",
          p.version ?? "",
          formatDate(p.updatedAt, "long"),
        ],
      }))}
    />
  );
}
