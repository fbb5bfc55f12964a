import { definitionFor } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";
import { audit } from "~/organisations/audit.server";
import { ExportError, exportScormPackage, type ScormExportVersion } from "./package.server";

// the export pages (a college's e-learning library, a platform administrator's course page):
// which courses may be taken out, the form, and the zip. a package is made from the version
// of the course new trainees get now, with the platform's reading-time rules.

export type ExportableCourse = {
  id: string;
  title: string;
  versionLabel: string;
  hash: string;
  modules: { id: string; title: string }[];
};

/**
 * the courses an organisation may export: the platform's own and its own, never another
 * organisation's. null: a platform administrator (every active course).
 */
export async function exportableCourses(organisationId: string | null): Promise<ExportableCourse[]> {
  const courses = await prisma.course.findMany({
    where: {
      active: true,
      currentVersionId: { not: null },
      ...(organisationId === null
        ? {}
        : { OR: [{ ownerOrganisationId: null }, { ownerOrganisationId: organisationId }] }),
    },
    orderBy: { title: "asc" },
    select: { id: true, title: true, currentVersionId: true },
  });
  const out: ExportableCourse[] = [];
  for (const c of courses) {
    const version = await prisma.courseVersion.findUniqueOrThrow({
      where: { id: c.currentVersionId! },
      select: { id: true, hash: true, label: true },
    });
    const def = await definitionFor(version.id);
    const modules = def.modules
      .filter((m) =>
        m.activities.some((a) => a.kind === "lesson" || a.kind === "quiz" || a.kind === "roleplay"),
      )
      .map((m) => ({ id: m.id, title: m.title }));
    if (modules.length > 0) {
      out.push({ id: c.id, title: c.title, versionLabel: version.label, hash: version.hash, modules });
    }
  }
  return out;
}

export type ExportFormErrors = Partial<Record<"what" | "version-1.2", string>>;

export type ExportFormValues = { what: string; version: string };

/** what was wrong with an export form, field by field; empty when nothing was */
export async function checkExportForm(
  values: ExportFormValues,
  scope: { organisationId: string | null; courseId?: string },
): Promise<
  | { ok: true; course: ExportableCourse; moduleId: string | undefined; version: ScormExportVersion }
  | { ok: false; errors: ExportFormErrors }
> {
  const errors: ExportFormErrors = {};
  const [courseId = "", moduleId, ...rest] = values.what.split("/");
  const courses = await exportableCourses(scope.organisationId);
  const course = courses.find((c) => c.id === courseId && (!scope.courseId || c.id === scope.courseId));
  if (
    !course ||
    rest.length > 0 ||
    (moduleId !== undefined && !course.modules.some((m) => m.id === moduleId))
  ) {
    errors.what = "Select a course, or one module of it, from the list";
  }
  if (values.version !== "1.2" && values.version !== "2004")
    errors["version-1.2"] = "Select SCORM 1.2 or SCORM 2004";
  if (!course || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, course, moduleId, version: values.version as ScormExportVersion };
}

export function exportFormValues(source: FormData | URLSearchParams): ExportFormValues {
  return {
    what: String(source.get("what") ?? "").slice(0, 200),
    version: String(source.get("version") ?? "").slice(0, 10),
  };
}

/**
 * the zip for a valid form, or what was wrong with it. the file is made in memory (a whole
 * course is under a megabyte) and never stored; each export is audited.
 */
export async function exportFromForm(
  form: FormData,
  scope: { organisationId: string | null; actorId: string; courseId?: string },
): Promise<
  | { ok: true; zip: Buffer; filename: string }
  | { ok: false; errors: ExportFormErrors; values: ExportFormValues }
> {
  const values = exportFormValues(form);
  const checked = await checkExportForm(values, scope);
  if (!checked.ok) return { ok: false, errors: checked.errors, values };
  const { course, moduleId, version } = checked;
  const row = await prisma.course.findUniqueOrThrow({
    where: { id: course.id },
    select: { currentVersionId: true },
  });
  const definition = await definitionFor(row.currentVersionId!);
  const env = getEnv();
  try {
    const result = await exportScormPackage(
      { definition, hash: course.hash },
      {
        version,
        moduleId,
        readingWpm: env.ANSWER_READING_WPM,
        lessonReadFraction: env.LESSON_MIN_READ_FRACTION,
      },
    );
    await audit(prisma, {
      actorId: scope.actorId,
      organisationId: scope.organisationId,
      action: "scorm.course_exported",
      detail: {
        courseId: course.id,
        moduleId: moduleId ?? null,
        version,
        hash: course.hash,
        bytes: result.zip.length,
      },
    });
    logger.info({ courseId: course.id, moduleId, version }, "course exported as scorm");
    return { ok: true, zip: result.zip, filename: result.filename };
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, errors: { what: error.message }, values };
    throw error;
  }
}

export function zipResponse(zip: Buffer, filename: string) {
  return new Response(new Uint8Array(zip), {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Content-Length": String(zip.length),
      "Cache-Control": "no-store",
    },
  });
}

/**
 * the answer to an export form: the zip, or back to the form's page with what was chosen, where
 * the page says what was wrong (the form posts as a document, so the browser saves the file)
 */
export async function exportResponse(
  form: FormData,
  scope: { organisationId: string | null; actorId: string; courseId?: string },
  page: string,
) {
  const result = await exportFromForm(form, scope);
  if (result.ok) return zipResponse(result.zip, result.filename);
  const back = new URLSearchParams({ ...result.values, invalid: "1" });
  return new Response(null, { status: 302, headers: { Location: `${page}?${back.toString()}` } });
}

/** the form's errors and values again, when the page was reached back from a refused export */
export async function formAgain(url: URL, scope: { organisationId: string | null; courseId?: string }) {
  if (url.searchParams.get("invalid") !== "1") return { errors: undefined, values: undefined };
  const values = exportFormValues(url.searchParams);
  const checked = await checkExportForm(values, scope);
  return { errors: checked.ok ? undefined : checked.errors, values };
}

/**
 * the download's answers to anything but the form's POST: a GET (a bookmarked or signed-in-again
 * address) goes to the form, and other methods are refused
 */
export function exportGet(page: string) {
  return new Response(null, { status: 302, headers: { Location: page } });
}

export function onlyPost(request: Request) {
  if (request.method === "POST") return null;
  return new Response("Send the export form to download a package.", {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}
