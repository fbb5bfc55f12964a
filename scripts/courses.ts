// npm run courses:check  — validate every course in COURSES_DIR and print every problem, then
//                          the warnings (content that loads but should be looked at again) and
//                          the reports (per scenario: how many complete paths pass)
// npm run courses:sync   — the same, then store new versions in the database
// exits 1 (after printing the report) when any content is invalid. `--strict` also exits 1
// when a warning is not kept with a reason written in its file.
import path from "node:path";
import { formatFindings, formatProblems, loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { getEnv } from "~/env.server";

const command = process.argv[2];
const strict = process.argv.includes("--strict");
const quiet = process.argv.includes("--quiet");
if (command !== "check" && command !== "sync") {
  console.error("usage: tsx scripts/courses.ts check|sync [--strict] [--quiet]");
  process.exit(2);
}

const started = performance.now();
const dir = path.resolve(getEnv().COURSES_DIR);
const { courses, problems, findings } = await loadCourses(dir);
const reports = findings.filter((f) => f.severity === "report");
const warnings = findings.filter((f) => f.severity === "warning");
const open = warnings.filter((w) => !w.waived);
if (!quiet && reports.length > 0) {
  console.log(`\nReports:\n`);
  console.log(reports.map((r) => `${r.file}  ${r.message}`).join("\n"));
}
if (!quiet && warnings.length > 0) {
  console.log(
    `\nWarnings: ${open.length} open, ${warnings.length - open.length} kept with a reason:\n`,
  );
  console.log(formatFindings([...open, ...warnings.filter((w) => w.waived)]));
}
if (problems.length > 0) {
  console.error(`\nCourse content has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n`);
  console.error(formatProblems(problems));
  console.error("\nFix them and run `npm run courses:check` again.\n");
  process.exit(1);
}
const checked = performance.now();
let summary = `\n  courses: ${courses.length} valid (${courses.map((c) => c.id).join(", ") || "none"}) in ${Math.round(checked - started)} ms; ${open.length} open warning${open.length === 1 ? "" : "s"}`;
if (command === "sync") {
  const { prisma } = await import("~/db.server");
  const report = await syncCourses(courses);
  const created = report.filter((r) => r.created);
  summary += `; synced in ${Math.round(performance.now() - checked)} ms${created.length ? `, new versions: ${created.map((r) => `${r.course} ${r.version}`).join(", ")}` : ", no changes"}`;
  await prisma.$disconnect();
}
console.log(summary);
if (strict && open.length > 0) {
  console.error(
    `\n${open.length} warning${open.length === 1 ? " is" : "s are"} open. Fix the content, or keep a warning by adding it to the file's "waivers:" list with the reason.`,
  );
  process.exit(1);
}
