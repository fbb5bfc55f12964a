import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { prisma } from "~/db.server";
import { attachPackage } from "~/scorm/attachments.server";
import { importPackage } from "~/scorm/import.server";
import { buildZip } from "~/utils/zip-writer.server";

// the demo royal college's scorm package (prisma/demo-scorm/), imported through the real
// pipeline and attached, as optional, to the introduction of the main course. idempotent.

export const DEMO_PACKAGE_DIR = path.resolve(import.meta.dirname, "demo-scorm", "mentoring-self-check");
const COURSE = "mentoring-for-doctors";
const MODULE = "introduction";

function filesIn(dir: string, prefix = ""): { name: string; data: Buffer }[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory()
      ? filesIn(full, `${prefix}${entry}/`)
      : [{ name: `${prefix}${entry}`, data: readFileSync(full) }];
  });
}

/** the demo package as a zip on disk; the caller removes the folder */
export async function demoPackageZip(): Promise<{ zip: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "demo-scorm-"));
  const zip = path.join(dir, "mentoring-self-check.zip");
  await writeFile(zip, buildZip(filesIn(DEMO_PACKAGE_DIR)));
  return { zip, dir };
}

export async function seedDemoScorm(collegeId: string, adminId: string): Promise<boolean> {
  if (await prisma.scormPackage.findFirst({ where: { organisationId: collegeId } })) return false;
  if (!(await prisma.course.findUnique({ where: { id: COURSE } }))) return false;
  const { zip, dir } = await demoPackageZip();
  try {
    const imported = await importPackage({
      zipPath: zip,
      originalName: "mentoring-self-check.zip",
      organisationId: collegeId,
      uploadedById: adminId,
    });
    await attachPackage({
      packageId: imported.packageId,
      courseId: COURSE,
      moduleId: MODULE,
      rule: "passed",
      required: false,
      estimatedMinutes: 10,
      actorId: adminId,
      organisationId: collegeId,
    });
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
