// npm run scorm:import -- <zip> [<zip>...] --org <organisation id> [--package <package id>]
// imports scorm packages in bulk through the same pipeline as the upload page. each zip is
// reported on its own line; the exit code is 1 when any was refused.
import path from "node:path";
import { parseArgs } from "node:util";
import { prisma } from "~/db.server";
import { ImportError, importPackage } from "~/scorm/import.server";

const usage =
  "usage: npm run scorm:import -- <zip> [<zip>...] --org <organisation id> [--package <package id>]";
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { org: { type: "string" }, package: { type: "string" } },
  });
} catch (error) {
  console.error((error as Error).message);
  console.error(usage);
  process.exit(2);
}
const { values, positionals } = parsed;
if (!values.org || positionals.length === 0 || (values.package && positionals.length > 1)) {
  console.error(usage);
  if (values.package && positionals.length > 1) console.error("--package takes one zip (the new version)");
  process.exit(2);
}
const org = await prisma.organisation.findUnique({ where: { id: values.org } });
if (!org) {
  console.error(`no organisation has the id ${values.org}`);
  process.exit(2);
}
let failed = 0;
for (const zip of positionals) {
  const name = path.basename(zip);
  try {
    const r = await importPackage({
      zipPath: path.resolve(zip),
      originalName: name,
      organisationId: org.id,
      uploadedById: null,
      packageId: values.package,
    });
    console.log(
      `ok      ${name}: "${r.title}" SCORM ${r.scormVersion}, ${r.fileCount} files -> package ${r.packageId} version ${r.versionNumber}`,
    );
    for (const w of r.warnings) console.log(`        warning: ${w}`);
  } catch (error) {
    failed += 1;
    if (error instanceof ImportError) console.log(`refused ${name}: ${error.message}`);
    else if ((error as NodeJS.ErrnoException).code === "ENOENT")
      console.log(`refused ${name}: the file does not exist`);
    else throw error;
  }
}
console.log(`${positionals.length - failed} imported, ${failed} refused`);
await prisma.$disconnect();
process.exit(failed > 0 ? 1 : 0);
