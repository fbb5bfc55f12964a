import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ActionLink } from "~/components/action-link";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Button, ErrorSummary, Field, Notice, Radios, Table } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { ScormUploadForm } from "~/components/scorm-upload";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { requirePackage } from "~/scorm/access.server";
import { AttachError, attachableCourses, attachPackage, attachSchema } from "~/scorm/attachments.server";
import {
  flattenItems,
  manifestForVersion,
  PACKAGE_TITLE_MAX,
  renamePackage,
  setPackageArchived,
} from "~/scorm/packages.server";
import { packageReport } from "~/scorm/report.server";
import { receivePackageUpload } from "~/scorm/upload.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { readForm } from "~/utils/http.server";
import { counted, formatDate, formatDuration } from "~/utils/dates";
import { WarningCallout } from "~/components/warning-callout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pkg.title ?? "Package"} - ${SERVICE_NAME}` },
];

const dateTime = (iso: string) => formatDate(iso, "dateTimeMedium");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, organisation, pkg } = await requirePackage(
    request,
    context,
    params.orgId!,
    params.packageId!,
  );
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get("page")) || 1));
  const versions = await prisma.scormPackageVersion.findMany({
    where: { packageId: pkg.id },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      scormVersion: true,
      createdAt: true,
      fileCount: true,
      totalBytes: true,
      warnings: true,
      originalName: true,
    },
  });
  const latest = versions[0];
  const manifest = latest ? await manifestForVersion(latest.id) : null;
  const [report, attachments, courses] = await Promise.all([
    packageReport(pkg.id, page),
    prisma.scormAttachment.findMany({ where: { packageId: pkg.id }, orderBy: { createdAt: "asc" } }),
    // a platform administrator attaches to any course; a college administrator to the courses
    // their organisation owns
    attachableCourses(user.isAdmin ? undefined : organisation.id),
  ]);
  return {
    organisation: { id: organisation.id, name: organisation.name },
    pkg: { id: pkg.id, title: pkg.title, archived: pkg.archivedAt !== null },
    isAdmin: user.isAdmin,
    maxBytes: getEnv().SCORM_MAX_UPLOAD_BYTES,
    versions: versions.map((v) => ({
      ...v,
      createdAt: v.createdAt.toISOString(),
      warnings: JSON.parse(v.warnings) as string[],
    })),
    items: manifest
      ? flattenItems(manifest.organization.items).map(({ item, depth }) => ({
          id: item.identifier,
          title: item.title,
          depth,
          launch: item.launch,
          type: item.scormType,
          visible: item.visible,
        }))
      : [],
    controlMode: manifest?.organization.controlMode ?? null,
    attachments: attachments.map((a) => ({
      id: a.id,
      course: courses.find((c) => c.id === a.courseId)?.title ?? a.courseId,
      module:
        courses.find((c) => c.id === a.courseId)?.modules.find((m) => m.id === a.moduleId)?.title ??
        a.moduleId,
      rule: a.rule === "score" ? `score at least ${a.minScore}%` : a.rule,
      required: a.required,
      title: a.title ?? pkg.title,
    })),
    courses,
    report,
    titleMax: PACKAGE_TITLE_MAX,
  };
}

const DONE: Record<string, string> = {
  renamed: "The package has been renamed.",
  archived:
    "The package has been archived: it cannot be attached to more courses. Learners who have it keep playing it, and its results stay here.",
  restored: "The package has been restored: it can be attached to courses again.",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation, pkg } = await requirePackage(
    request,
    context,
    params.orgId!,
    params.packageId!,
  );
  const here = `/org/${organisation.id}/scorm/${pkg.id}`;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const outcome = await receivePackageUpload(request, {
      organisationId: organisation.id,
      userId: user.id,
      packageId: pkg.id,
    });
    if (!outcome.ok)
      return data({ intent: "upload", error: outcome.error, errors: undefined }, { status: outcome.status });
    throw redirect(`${here}?imported=${outcome.result.versionNumber}`);
  }
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "rename") {
    const renamed = await renamePackage(
      organisation.id,
      pkg.id,
      String(form.get("packageTitle") ?? ""),
      user.id,
    );
    if (!renamed.ok)
      return data(
        { intent: "rename", error: undefined, errors: { packageTitle: renamed.message } as FieldErrors },
        { status: 400 },
      );
    throw redirect(`${here}?done=renamed`);
  }
  if (intent === "archive" || intent === "restore") {
    await setPackageArchived(organisation.id, pkg.id, intent === "archive", user.id);
    throw redirect(`${here}?done=${intent === "archive" ? "archived" : "restored"}`);
  }
  if (intent !== "attach")
    return data({ intent: "unknown", error: "Unknown action.", errors: undefined }, { status: 400 });
  // a platform administrator may attach to any course, a college administrator only to one
  // their organisation owns (checked again in attachPackage)
  const [courseId, moduleId] = String(form.get("target") ?? "").split("/");
  const parsed = parseForm(attachSchema, form, { course: courseId ?? "", module: moduleId ?? "" });
  if (!parsed.ok) {
    // the course and module are one control on the form
    const { course, module, ...rest } = parsed.errors;
    const target = course ?? module;
    return data(
      {
        intent: "attach",
        error: undefined,
        errors: { ...(target ? { target } : {}), ...rest } as FieldErrors,
      },
      { status: 400 },
    );
  }
  try {
    await attachPackage({
      packageId: pkg.id,
      courseId: parsed.data.course,
      moduleId: parsed.data.module,
      rule: parsed.data.rule,
      minScore: parsed.data.minScore,
      required: parsed.data.required === "yes",
      estimatedMinutes: parsed.data.estimatedMinutes,
      title: parsed.data.title,
      actorId: user.id,
      organisationId: organisation.id,
      ownedBy: user.isAdmin ? undefined : organisation.id,
    });
  } catch (error) {
    if (error instanceof AttachError) {
      const field = error.field === "course" || error.field === "module" ? "target" : error.field;
      return data(
        { intent: "attach", error: undefined, errors: { [field]: error.message } },
        { status: 400 },
      );
    }
    throw error;
  }
  throw redirect(`${here}?attached=1`);
}

export default function ScormPackage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const imported = Number(params.get("imported")) || null;
  const importedVersion = imported ? d.versions.find((v) => v.number === imported) : undefined;
  const base = `/org/${d.organisation.id}/scorm`;
  const here = `${base}/${d.pkg.id}`;
  const attachErrors = actionData?.intent === "attach" ? actionData.errors : undefined;
  // attaching makes a new version of the course, which takes a few seconds: say so
  const navigation = useNavigation();
  const attaching = navigation.state === "submitting" && navigation.formData?.get("intent") === "attach";
  return (
    <>
      <Breadcrumbs
        items={[
          { to: `/org/${d.organisation.id}`, label: d.organisation.name },
          { to: base, label: "E-learning library" },
        ]}
      />
      {importedVersion ? (
        <Notice title="Package imported">
          Version {importedVersion.number} of {d.pkg.title} was imported (
          {counted(importedVersion.fileCount, "file")}).
        </Notice>
      ) : null}
      {params.get("attached") ? (
        <Notice title="Package attached">
          The course has a new version that includes it. Trainees who enrol from now on get it; trainees
          already enrolled keep the version of the course they started.
        </Notice>
      ) : null}
      {DONE[params.get("done") ?? ""] && !actionData ? <Notice>{DONE[params.get("done")!]}</Notice> : null}
      <ErrorSummary errors={actionData?.intent === "rename" ? actionData.errors : undefined} />
      {importedVersion && importedVersion.warnings.length > 0 ? (
        <WarningCallout heading="Things to check in this package">
          <ul>
            {importedVersion.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </WarningCallout>
      ) : null}
      <span className="nhsuk-caption-l">E-learning package{d.pkg.archived ? " (archived)" : ""}</span>
      <h1>{d.pkg.title}</h1>
      {d.pkg.archived ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            This package is archived: it cannot be attached to more courses. Learners who have it keep playing
            it.
          </p>
        </div>
      ) : null}
      {d.versions.length > 0 ? (
        <ActionLink to={`/org/${d.organisation.id}/scorm/${d.pkg.id}/preview`}>
          Preview this package
        </ActionLink>
      ) : null}

      <h2>Learners and results</h2>
      <p className="nhsuk-body-s">
        Learners who hold a role in {d.organisation.name} are named. Everyone else is shown by a code such as
        &ldquo;Learner 3F9A2C&rdquo;, the same on every page and in the CSV: who they are is theirs and their
        employer&apos;s to know.
      </p>
      {d.report.total === 0 ? (
        <p>No one has played this package yet.</p>
      ) : (
        <>
          <p>
            <a href={`${here}/results.csv`} download>
              Download all results as CSV
            </a>
          </p>
          <Table
            caption={`Attempts at ${d.pkg.title}`}
            captionVisible={false}
            headers={["Learner", "Part", "Attempt", "Status", "Score", "Time", "Last access"]}
            rows={d.report.rows.map((r) => ({
              key: r.id,
              cells: [
                <>
                  <Link to={`${here}/attempts/${r.id}`}>{r.learner}</Link>
                  <br />
                  <span className="nhsuk-body-s">{r.email}</span>
                </>,
                `${r.item} (v${r.version})`,
                r.attempt,
                `${r.completion}${r.success !== "unknown" ? `, ${r.success}` : ""}`,
                r.score === null ? "" : `${Math.round(r.score)}%`,
                formatDuration(Math.round(r.totalSeconds / 60) * 60) || "Under a minute",
                dateTime(r.lastAccess),
              ],
            }))}
          />
          <p className="nhsuk-body-s">
            Page {d.report.page} of {d.report.pages} ({counted(d.report.total, "attempt")}).{" "}
            {d.report.page > 1 ? <Link to={`?page=${d.report.page - 1}`}>Previous page</Link> : null}{" "}
            {d.report.page < d.report.pages ? <Link to={`?page=${d.report.page + 1}`}>Next page</Link> : null}
          </p>
        </>
      )}

      <h2>Manage this package</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="rename" />
        <Field
          name="packageTitle"
          label="Title"
          hint="What learners, reports and the library call it."
          defaultValue={actionData?.intent === "rename" ? undefined : d.pkg.title}
          maxLength={d.titleMax + 50}
          error={actionData?.intent === "rename" ? actionData.errors?.packageTitle : undefined}
        />
        <Button variant="secondary">Rename</Button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value={d.pkg.archived ? "restore" : "archive"} />
        <p>
          {d.pkg.archived
            ? "Restoring the package lets it be attached to courses again."
            : "Archiving hides the package from new course attachments. Learners who have it keep playing it and its results stay here."}
        </p>
        <Button variant="secondary">{d.pkg.archived ? "Restore package" : "Archive package"}</Button>
      </Form>

      <h2>Contents</h2>
      {d.controlMode ? (
        <p className="nhsuk-body-s">
          Navigation: {d.controlMode.choice ? "learners may choose any part" : "no free choice"}
          {d.controlMode.flow ? "; next and previous in order" : ""}.
        </p>
      ) : null}
      <ol className="nhsuk-list">
        {d.items.map((i) => (
          <li key={i.id} className={`app-depth-${Math.min(i.depth, 5)}`}>
            {i.title}{" "}
            <span className="nhsuk-body-s">
              {i.launch ? (i.type === "asset" ? "(page)" : "(tracked part)") : "(section)"}
              {i.visible ? "" : " hidden"}
            </span>
          </li>
        ))}
      </ol>

      <h2>Versions</h2>
      <Table
        caption="Versions"
        headers={["Version", "Standard", "File", "Files", "Uploaded", "Warnings"]}
        rows={d.versions.map((v) => ({
          key: v.id,
          cells: [
            v.number,
            `SCORM ${v.scormVersion}`,
            v.originalName,
            v.fileCount,
            dateTime(v.createdAt),
            v.warnings.length === 0 ? "None" : `${v.warnings.length} to check`,
          ],
        }))}
      />
      {d.versions
        .filter((v) => v.warnings.length > 0)
        .map((v) => (
          <details className="nhsuk-details" key={v.id}>
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Things to check in version {v.number} ({v.warnings.length})
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <ul>
                {v.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
              <p>Preview the package to see whether learners can play it before you attach it to a course.</p>
            </div>
          </details>
        ))}
      <p className="nhsuk-body-s">
        Learners who have started keep the version they started; new learners get the newest.
      </p>
      <h3>Upload a new version</h3>
      <ScormUploadForm
        action={here}
        uploadUrl={`${base}/upload?package=${d.pkg.id}`}
        maxBytes={d.maxBytes}
        error={actionData?.intent === "upload" ? actionData.error : undefined}
        label="New version of this package"
      />

      <h2>Courses using this package</h2>
      {d.attachments.length === 0 ? (
        <p>This package is not attached to a course from these pages.</p>
      ) : (
        <ul>
          {d.attachments.map((a) => (
            <li key={a.id}>
              {a.course}, {a.module}: &ldquo;{a.title}&rdquo;, {a.required ? "required" : "optional"}, done
              when {a.rule}
            </li>
          ))}
        </ul>
      )}
      {d.isAdmin ? (
        <p className="nhsuk-body-s">
          For course authors: the package id is <code>{d.pkg.id}</code>.
        </p>
      ) : null}
      {!d.isAdmin && d.courses.length === 0 && !d.pkg.archived ? (
        <p className="nhsuk-body">
          You can attach this package to a course your organisation owns. {d.organisation.name} does not own a
          course yet: a platform administrator records which courses belong to your organisation.
        </p>
      ) : null}
      {d.courses.length > 0 && !d.pkg.archived ? (
        <>
          <h3>Attach to a course module</h3>
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              A SCORM package marks itself in the learner&apos;s browser and reports the result, so a learner
              who knows how can forge a pass. Attach packages as learning that adds to a course: a course
              leads to a certificate only through its quizzes and role-plays, which the server marks, and a
              course whose only assessment is e-learning records completion without a certificate.
            </p>
          </div>
          <ErrorSummary
            errors={attachErrors}
            order={["target", "title", "rule", "minScore", "estimatedMinutes", "required"]}
          />
          <Form method="post">
            <input type="hidden" name="intent" value="attach" />
            <div className={`nhsuk-form-group${attachErrors?.target ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="target">
                Module
              </label>
              {attachErrors?.target ? (
                <span className="nhsuk-error-message" id="target-error">
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {attachErrors.target}
                </span>
              ) : null}
              <select
                className="nhsuk-select"
                id="target"
                name="target"
                aria-describedby={attachErrors?.target ? "target-error" : undefined}
                defaultValue=""
              >
                <option value="">Select a module</option>
                {d.courses.map((c) => (
                  <optgroup key={c.id} label={c.title}>
                    {c.modules.map((m) => (
                      <option key={m.id} value={`${c.id}/${m.id}`}>
                        {m.title}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <Field
              name="title"
              label="Title learners see in the module"
              hint="Leave it as it is to use the package's title."
              defaultValue={d.pkg.title}
              error={attachErrors?.title}
            />
            <Radios
              name="rule"
              legend="When does it count as done?"
              options={[
                { value: "completed", label: "When every part is completed" },
                { value: "passed", label: "When every part is passed" },
                { value: "score", label: "When every part reaches a minimum score" },
              ]}
              defaultValue="completed"
              error={attachErrors?.rule}
            />
            <Field
              name="minScore"
              label="Minimum score (%), for the last option"
              width="3"
              inputMode="numeric"
              error={attachErrors?.minScore}
            />
            <Field
              name="estimatedMinutes"
              label="About how many minutes does it take?"
              width="3"
              inputMode="numeric"
              defaultValue="30"
              error={attachErrors?.estimatedMinutes}
            />
            <Radios
              name="required"
              legend="Must trainees complete it to finish the module?"
              options={[
                { value: "yes", label: "Yes, it is required" },
                { value: "no", label: "No, it is optional" },
              ]}
              defaultValue="yes"
              inline
            />
            <Button disabled={attaching} aria-disabled={attaching || undefined}>
              {attaching ? "Attaching…" : "Attach package"}
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
