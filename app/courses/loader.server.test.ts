import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblems, loadCourses } from "./loader.server";

const FIXTURE = path.resolve("tests/fixtures/courses/valid");
const scratchRoot = path.resolve("tests/.tmp", `courses-${process.pid}`);
afterAll(() => rmSync(scratchRoot, { recursive: true, force: true }));

/** a copy of the valid fixture with edits applied; returns the load result and a line finder */
async function loadEdited(edits: Record<string, (text: string) => string>) {
  const root = path.join(scratchRoot, crypto.randomUUID());
  mkdirSync(root, { recursive: true });
  const course = path.join(root, "demo-course");
  cpSync(path.join(FIXTURE, "demo-course"), course, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const p = path.join(course, file);
    writeFileSync(p, edit(readFileSync(p, "utf8")));
  }
  const result = await loadCourses(root);
  const lineOf = (file: string, needle: string) => {
    const lines = readFileSync(path.join(course, file), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes(needle));
    if (i === -1) throw new Error(`"${needle}" not in ${file}`);
    return i + 1;
  };
  const fileOf = (file: string) => path.relative(process.cwd(), path.join(course, file));
  return { ...result, lineOf, fileOf };
}

describe("course loader", () => {
  it("loads the valid fixture with every activity and question kind", async () => {
    const { courses, problems } = await loadCourses(FIXTURE);
    expect(problems).toEqual([]);
    const [course] = courses;
    expect(course).toMatchObject({
      id: "demo-course",
      cpdHours: 0.5,
      requiredModules: ["basics", "practice", "conversation"],
    });
    expect(course!.hash).toMatch(/^[0-9a-f]{64}$/);
    const basics = course!.modules[0]!;
    expect(basics.skill).toBe("questioning");
    expect(basics.activities.map((a) => [a.id, a.kind, a.title])).toEqual([
      ["first-lesson", "lesson", "Open and closed questions"],
      ["basics-quiz", "quiz", "Basics quiz"],
    ]);
    expect(basics.estimatedMinutes).toBe(7);
    const quiz = basics.activities[1]!.content as { questions: { kind: string }[]; maxAttempts: number };
    expect(quiz.questions.map((q) => q.kind)).toEqual([
      "single",
      "multiple",
      "true_false",
      "ordering",
      "reflection",
    ]);
    expect(course!.modules[1]!.requiredActivities).toEqual(["closing-lesson"]);
  });

  it("the real courses/ folder is valid", async () => {
    const { problems, courses } = await loadCourses(path.resolve("courses"));
    expect(formatProblems(problems)).toBe("");
    expect(courses.length).toBeGreaterThan(0);
  });

  it("reports an unknown key at its line", async () => {
    const r = await loadEdited({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\ncolour: blue"),
    });
    expect(r.problems).toEqual([
      {
        file: r.fileOf("course.yaml"),
        line: r.lineOf("course.yaml", "colour"),
        column: 1,
        message: 'unknown key "colour" (check the spelling, or remove it)',
      },
    ]);
  });

  it("reports a missing field at the mapping that lacks it", async () => {
    const r = await loadEdited({ "basics/module.yaml": (t) => t.replace("title: Basics\n", "") });
    expect(r.problems).toEqual([
      { file: r.fileOf("basics/module.yaml"), line: 1, column: 1, message: '"title" is required' },
    ]);
  });

  it("reports wrong types and values in plain English", async () => {
    const r = await loadEdited({
      "course.yaml": (t) =>
        t.replace("cpdHours: 0.5", "cpdHours: lots").replace("quizAttempts: best", "quizAttempts: worst"),
    });
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [r.lineOf("course.yaml", "cpdHours"), '"cpdHours" must be a number'],
      [r.lineOf("course.yaml", "quizAttempts"), '"quizAttempts" must be one of: best, last'],
    ]);
  });

  it("keeps course and module titles on one line (they go into emails and certificates)", async () => {
    const r = await loadEdited({
      "basics/module.yaml": (t) => t.replace("title: Basics\n", 'title: "Basics\\nhttps://evil.example"\n'),
    });
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [
        r.lineOf("basics/module.yaml", "title:"),
        '"title" must be on one line, without tabs or other control characters',
      ],
    ]);
  });

  it("reports duplicate activity ids across modules", async () => {
    const r = await loadEdited({
      "practice/module.yaml": (t) => t.replace("id: closing-lesson", "id: first-lesson"),
    });
    expect(r.problems).toEqual([
      {
        file: r.fileOf("practice/module.yaml"),
        line: r.lineOf("practice/module.yaml", "id: first-lesson"),
        column: 9,
        message: 'duplicate activity id "first-lesson" (also in module "basics")',
      },
    ]);
  });

  it("checks a quiz's outcome titles: every outcome named, each pointing at a lesson section of its module", async () => {
    const tag = (t: string) =>
      t
        .replace("  - id: open\n    kind: single", "  - id: open\n    kind: single\n    outcome: asking")
        .replace(
          "questions:",
          "outcomes:\n  asking:\n    title: Asking questions\n    lesson: first-lesson\n    section: examples\nquestions:",
        );
    const ok = await loadEdited({ "basics/quiz.yaml": tag });
    expect(ok.problems).toEqual([]);
    const bad = await loadEdited({
      "basics/quiz.yaml": (t) =>
        tag(t).replace("outcomes:\n", "outcomes:\n  spare:\n    title: Unused\n    lesson: first-lesson\n"),
    });
    expect(bad.problems.map((p) => p.message)).toEqual(['no question has outcome "spare"']);
    const links = await loadEdited({
      "basics/quiz.yaml": (t) => tag(t).replace("section: examples", "section: no-such-heading"),
    });
    expect(links.problems.map((p) => [p.line, p.message])).toEqual([
      [
        links.lineOf("basics/quiz.yaml", "section: no-such-heading"),
        "link ./first-lesson#no-such-heading: the lesson has no section #no-such-heading",
      ],
    ]);
    const notLesson = await loadEdited({
      "basics/quiz.yaml": (t) =>
        tag(t).replace("lesson: first-lesson\n    section: examples", "lesson: basics-quiz"),
    });
    expect(notLesson.problems.map((p) => p.message)).toEqual([
      './basics-quiz: "basics-quiz" is a quiz, not a lesson',
    ]);
  });

  it("reports a reference to a missing file at the line that names it", async () => {
    const r = await loadEdited({
      "basics/module.yaml": (t) => t.replace("file: first-lesson.md", "file: missing.md"),
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      file: r.fileOf("basics/module.yaml"),
      line: r.lineOf("basics/module.yaml", "missing.md"),
      message: expect.stringMatching(/^file "missing.md" does not exist/),
    });
  });

  it("refuses files outside the course folder", async () => {
    const r = await loadEdited({
      "basics/module.yaml": (t) => t.replace("file: first-lesson.md", "file: ../../../../README.md"),
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      '"../../../../README.md" is outside the course folder',
    ]);
  });

  it("reports a module listed in course.yaml without a folder", async () => {
    const r = await loadEdited({
      "course.yaml": (t) => t.replace("  - practice\n", "  - practice\n  - ghost\n"),
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: r.fileOf("course.yaml"),
        line: r.lineOf("course.yaml", "- ghost"),
        message: expect.stringMatching(/^module "ghost" has no .*ghost\/module.yaml$/),
      }),
    ]);
  });

  it("reports completion rules that name missing modules or activities", async () => {
    const r = await loadEdited({
      "course.yaml": (t) => t.replace("modules: all", "modules: [basics, advanced]"),
      "practice/module.yaml": (t) =>
        t + "completion:\n  activities: [closing-lesson, quiz-that-is-not-here]\n",
    });
    expect(r.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      [
        r.fileOf("practice/module.yaml"),
        r.lineOf("practice/module.yaml", "quiz-that-is-not-here"),
        'completion names activity "quiz-that-is-not-here", which is not in this module',
      ],
      [
        r.fileOf("course.yaml"),
        r.lineOf("course.yaml", "advanced"),
        'completion names module "advanced", which is not in "modules"',
      ],
    ]);
  });

  it("reports quiz questions whose correct answer is not among the options", async () => {
    const r = await loadEdited({
      "basics/quiz.yaml": (t) =>
        t
          .replace(
            "        correct: true\n        explanation: It cannot be answered with yes or no.\n",
            "        explanation: It cannot be answered with yes or no.\n",
          )
          .replace(
            "      - id: probing\n        text: Probing\n        correct: true\n",
            "      - id: listening\n        text: Probing\n        correct: true\n",
          ),
    });
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      // reported where the option list starts
      [r.lineOf("basics/quiz.yaml", "- id: what"), "no option is marked correct: true"],
      [r.lineOf("basics/quiz.yaml", "- id: listening"), 'duplicate option id "listening"'],
    ]);
  });

  it("reports a single-choice question with two correct options", async () => {
    const r = await loadEdited({
      "basics/quiz.yaml": (t) =>
        t.replace(
          "        text: Were you on call last night?\n",
          "        text: Were you on call last night?\n        correct: true\n",
        ),
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      "a single-choice question has 2 correct options: use kind: multiple, or mark one",
    ]);
  });

  it("reports unknown activity and question kinds, and yaml syntax errors", async () => {
    const r = await loadEdited({
      "practice/module.yaml": (t) =>
        t.replace("kind: lesson\n    file: further.md", "kind: video\n    file: further.md"),
      "basics/quiz.yaml": (t) => t.replace("kind: true_false", "kind: yes_no"),
      "practice/closing.md": (t) => t.replace("title: Putting it together", "title: [unclosed"),
    });
    const messages = r.problems.map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        `module.yaml:${r.lineOf("practice/module.yaml", "video")} unknown activity kind "video" (known kinds: lesson, quiz, roleplay, scorm)`,
        `quiz.yaml:${r.lineOf("basics/quiz.yaml", "yes_no")} question "kind" must be one of: single, multiple, true_false, ordering, reflection`,
      ]),
    );
    expect(r.problems.find((p) => p.file.endsWith("closing.md"))?.message).toMatch(/^YAML syntax: /);
    expect(r.problems).toHaveLength(3);
  });

  it("reports lesson problems with the markdown file's own line numbers", async () => {
    const r = await loadEdited({
      "basics/first-lesson.md": (t) =>
        t.replace("## Examples", '<div onclick="x()">raw</div>\n\n## Examples'),
      "practice/further.md": (t) => t.replace("estimatedMinutes: 1", "estimatedMinutes: two"),
    });
    expect(r.problems.map((p) => [path.basename(p.file), p.line, p.message])).toEqual([
      [
        "first-lesson.md",
        r.lineOf("basics/first-lesson.md", "onclick"),
        "raw HTML is not allowed in lessons: write it in Markdown",
      ],
      [
        "further.md",
        r.lineOf("practice/further.md", "estimatedMinutes"),
        '"estimatedMinutes" must be a number',
      ],
    ]);
  });

  it("reports every problem at once, across files", async () => {
    const r = await loadEdited({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\nextra: 1"),
      "basics/module.yaml": (t) => t.replace("file: quiz.yaml", "file: nowhere.yaml"),
      "practice/module.yaml": (t) => t.replace("summary: An", "sumary: An"),
    });
    expect(r.problems.length).toBe(4);
    expect(new Set(r.problems.map((p) => path.basename(p.file)))).toEqual(
      new Set(["course.yaml", "module.yaml"]),
    );
    expect(r.courses).toEqual([]);
  });

  it("changes the content hash when any file changes", async () => {
    const a = await loadEdited({});
    const b = await loadEdited({ "practice/closing.md": (t) => t + "\nOne more line.\n" });
    expect(a.courses[0]!.hash).not.toBe(b.courses[0]!.hash);
  });
});
