// npm run courses:check  — validate every course in COURSES_DIR and print every problem
// npm run courses:sync   — the same, then store new versions in the database
// exits 1 (after printing the report) when any content is invalid.
import path from "node:path";
import { formatProblems, loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { getEnv } from "~/env.server";

const command = process.argv[2];
if (command !== "check" && command !== "sync") {
  console.error("usage: tsx scripts/courses.ts check|sync");
  process.exit(2);
}

const started = performance.now();
const dir = path.resolve(getEnv().COURSES_DIR);
const { courses, problems } = await loadCourses(dir);
if (problems.length > 0) {
  console.error(`\nCourse content has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n`);
  console.error(formatProblems(problems));
  console.error("\nFix them and run `npm run courses:check` again.\n");
  process.exit(1);
}
const checked = performance.now();
let summary = `  courses: ${courses.length} valid (${courses.map((c) => c.id).join(", ") || "none"}) in ${Math.round(checked - started)} ms`;
if (command === "sync") {
  const { prisma } = await import("~/db.server");
  const report = await syncCourses(courses);
  const created = report.filter((r) => r.created);
  summary += `; synced in ${Math.round(performance.now() - checked)} ms${created.length ? `, new versions: ${created.map((r) => `${r.course} ${r.version}`).join(", ")}` : ", no changes"}`;
  await prisma.$disconnect();
}
console.log(summary);
