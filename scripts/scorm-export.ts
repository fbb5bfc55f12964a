// npm run scorm:export -- <course> [--module <id>] --version 1.2|2004 --out <file.zip>
//                         [--reading-wpm N] [--lesson-read-fraction F]
// a course (one sco per module), or one module, as a scorm content package for another LMS,
// made from the course's files in COURSES_DIR as `courses:check` loads them. the reading-time
// rules default to this platform's (ANSWER_READING_WPM, LESSON_MIN_READ_FRACTION). the same
// content and options always give a byte-identical zip.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatProblems, loadCourse } from "~/courses/loader.server";
import { getEnv } from "~/env.server";
import { ExportError, exportScormPackage } from "~/scorm/export/package.server";

const usage =
  "usage: npm run scorm:export -- <course> [--module <id>] --version 1.2|2004 --out <file.zip> [--reading-wpm N] [--lesson-read-fraction F]";

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      module: { type: "string" },
      version: { type: "string" },
      out: { type: "string" },
      "reading-wpm": { type: "string" },
      "lesson-read-fraction": { type: "string" },
    },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const { values, positionals } = parsed;
if (positionals.length !== 1 || !values.version || !values.out) fail(usage);
if (values.version !== "1.2" && values.version !== "2004") {
  fail(`--version must be 1.2 or 2004, not "${values.version}"\n${usage}`);
}
const env = getEnv();
const readingWpm =
  values["reading-wpm"] === undefined ? env.ANSWER_READING_WPM : Number(values["reading-wpm"]);
if (!Number.isInteger(readingWpm) || readingWpm < 0 || readingWpm > 5000) {
  fail("--reading-wpm must be a whole number from 0 (no minimum) to 5000");
}
const fraction =
  values["lesson-read-fraction"] === undefined
    ? env.LESSON_MIN_READ_FRACTION
    : Number(values["lesson-read-fraction"]);
if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
  fail("--lesson-read-fraction must be a number from 0 (no minimum) to 1");
}

const courseId = positionals[0]!;
if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(courseId))
  fail(`"${courseId}" is not a course id (like mentoring-for-doctors)`);
const dir = path.resolve(env.COURSES_DIR, courseId);
if (!existsSync(path.join(dir, "course.yaml")))
  fail(`no course "${courseId}" in ${path.resolve(env.COURSES_DIR)}`);
const problems: Parameters<typeof loadCourse>[1] = [];
const course = await loadCourse(dir, problems, path.resolve("public")).catch(() => undefined);
if (!course) {
  if (problems.length > 0)
    fail(`the course "${courseId}" has problems; fix them first:\n${formatProblems(problems)}`, 1);
  fail(`no course "${courseId}" in ${path.resolve(env.COURSES_DIR)}`);
}
try {
  const { dir: _dir, hash, ...definition } = course;
  const result = await exportScormPackage(
    { definition, hash },
    { version: values.version, moduleId: values.module, readingWpm, lessonReadFraction: fraction },
  );
  const out = path.resolve(values.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, result.zip);
  console.log(
    `${out}: SCORM ${values.version}, ${result.modules.length} ${result.modules.length === 1 ? "module" : "modules"} (${result.modules.join(", ")}), ${result.files.length} files, ${Math.round(result.zip.length / 1024)} KB, course version ${definition.versionLabel} (${hash.slice(0, 12)})`,
  );
  for (const s of result.skipped) {
    console.log(`  left out: "${s.title}" in ${s.moduleId} (another organisation's e-learning package)`);
  }
} catch (error) {
  if (error instanceof ExportError) fail(error.message, 1);
  throw error;
}
