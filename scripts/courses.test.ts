import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { prisma } from "~/db.server";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const scratch = path.join(root, "tests", ".tmp", `courses-cli-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: "check" | "sync", coursesDir: string) {
  return spawnSync(tsx, ["scripts/courses.ts", command], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, COURSES_DIR: coursesDir },
  });
}

it("courses:check passes on valid content and names the courses", () => {
  const r = run("check", "tests/fixtures/courses/valid");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/courses: 2 valid \(demo-course, scorm-course\)/);
});

it("invalid content: the report lists every problem with file, line and column, exits 1, and nothing is synced", async () => {
  const dir = path.join(scratch, "broken");
  mkdirSync(dir, { recursive: true });
  cpSync("tests/fixtures/courses/valid/demo-course", path.join(dir, "cli-broken"), { recursive: true });
  const course = path.join(dir, "cli-broken", "course.yaml");
  writeFileSync(
    course,
    readFileSync(course, "utf8").replace("id: demo-course", "id: cli-broken\ncolour: blue"),
  );
  const quiz = path.join(dir, "cli-broken", "basics", "quiz.yaml");
  writeFileSync(quiz, readFileSync(quiz, "utf8").replace("answer: false", "answer: maybe"));

  const r = run("sync", dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("Course content has 2 problems:");
  expect(r.stderr).toMatch(/cli-broken\/course\.yaml:3:1 {2}unknown key "colour"/);
  expect(r.stderr).toMatch(/cli-broken\/basics\/quiz\.yaml:\d+:\d+ {2}"answer" must be true or false/);
  expect(await prisma.course.count({ where: { id: "cli-broken" } })).toBe(0);
});
