import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { QuizDefinition } from "~/activities/quiz/schema";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import { getInitialSnapshot } from "xstate";
import { offeredChoices } from "~/activities/roleplay/analyse";
import { attemptPasses, machineFor } from "~/activities/roleplay/roleplay.server";
import type { RoleplayContext } from "~/activities/roleplay/scenario.machine";
import { loadCourses, type LoadedCourse } from "~/courses/loader.server";
import { SKILLS } from "~/courses/types";
import { sharedDir } from "../setup/shared";

// the standard the course itself must meet (issue 5), counted from the files

const ROOT = path.resolve(import.meta.dirname, "..", "..");
let course: LoadedCourse;

beforeAll(async () => {
  const { courses, problems } = await loadCourses(path.join(ROOT, "courses"));
  expect(problems).toEqual([]);
  course = courses.find((c) => c.id === "mentoring-for-doctors")!;
  expect(course).toBeDefined();
});

const norm = (s: string) => s.replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim().toLowerCase();

describe("Mentoring for doctors", () => {
  it("starts with the introduction and requires every module", () => {
    expect(course.modules[0]!.id).toBe("introduction");
    expect(course.requiredModules).toEqual(course.modules.map((m) => m.id));
  });

  it("every skill module meets the minimum counts", () => {
    const skillModules = course.modules.filter((m) => m.skill);
    for (const m of skillModules) {
      const where = `module ${m.id}`;
      const kinds = (k: string) => m.activities.filter((a) => a.kind === k);
      expect(m.outcomes.length, `${where}: outcomes`).toBeGreaterThanOrEqual(3);
      expect(m.outcomes.length, `${where}: outcomes`).toBeLessThanOrEqual(5);
      expect(kinds("lesson").length, `${where}: lessons`).toBeGreaterThanOrEqual(3);
      const scenarios = kinds("roleplay").map((a) => ({ id: a.id, s: a.content as ScenarioDefinition }));
      expect(scenarios.length, `${where}: role-plays`).toBeGreaterThanOrEqual(2);
      expect(new Set(scenarios.map((x) => x.s.persona.name)).size, `${where}: different mentees`).toBe(
        scenarios.length,
      );
      for (const { id, s } of scenarios) {
        const nodes = Object.values(s.nodes);
        expect(nodes.filter((n) => n.choices).length, `${id}: decision points`).toBeGreaterThanOrEqual(4);
        expect(nodes.filter((n) => n.ending).length, `${id}: endings`).toBeGreaterThanOrEqual(3);
        expect(s.skills, `${id}: scores the module's skill`).toContain(m.skill);
        const scored = nodes
          .flatMap((n) => n.choices ?? [])
          .filter((c) => (c.scores as Record<string, number>)[m.skill!]);
        expect(scored.length, `${id}: choices scored on ${m.skill}`).toBeGreaterThan(0);
        expect(
          (s.minScores as Record<string, number>)[m.skill!],
          `${id}: threshold on ${m.skill}`,
        ).toBeGreaterThan(0);
      }
      const quiz = kinds("quiz");
      expect(quiz.length, `${where}: quiz`).toBe(1);
      const q = quiz[0]!.content as QuizDefinition;
      expect(q.questions.length, `${where}: quiz items`).toBeGreaterThanOrEqual(8);
      expect(q.passMark).toBe(80);
      for (const question of q.questions) {
        if (question.kind === "single" || question.kind === "multiple") {
          for (const o of question.options)
            expect(o.explanation, `${where} ${question.id}/${o.id}: explanation`).toBeTruthy();
        } else if (question.kind === "true_false" || question.kind === "ordering") {
          expect(question.explanation, `${where} ${question.id}: explanation`).toBeTruthy();
        }
      }
    }
  });

  it("every skill has its own module once the course is complete", () => {
    const covered = course.modules.map((m) => m.skill).filter(Boolean);
    // the six skill modules are being written; until all are in, none may repeat a skill
    expect(new Set(covered).size).toBe(covered.length);
    if (covered.length > 0) expect(SKILLS).toEqual(expect.arrayContaining(covered as string[]));
  });
});

describe("traceability to the BMA guidance", () => {
  const readme = readFileSync(path.join(ROOT, "courses", "README.md"), "utf8");
  const seed = readFileSync(path.join(sharedDir(), "seed", "000_c4623666be3e235f.txt"), "utf8");
  const rows = [...readme.matchAll(/^\| (\d+) \| (.+?) \| `([^`]+)` \| (?:`([^`]+)`|—) \|$/gm)].map((m) => ({
    n: Number(m[1]),
    statement: m[2]!,
    lesson: m[3]!,
    quiz: m[4] ?? null,
  }));

  it("lists the statements, each quoted from the source", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    for (const r of rows) expect(norm(seed), `row ${r.n}`).toContain(norm(r.statement));
  });

  it("lists every bullet and numbered step of the source", () => {
    const items = seed
      .split("\n")
      .map((l) => /^\s*(?:•|\d+\.)\s+(.*\S)\s*$/.exec(l)?.[1])
      .filter((x): x is string => Boolean(x));
    expect(items.length).toBeGreaterThan(20);
    const listed = rows.map((r) => norm(r.statement));
    for (const item of items) expect(listed, item).toContain(norm(item));
  });

  it("points every statement at an existing lesson anchor and quiz item", () => {
    for (const r of rows) {
      const [file, anchor] = r.lesson.split("#");
      const [moduleId, lessonFile] = file!.split("/");
      const mod = course.modules.find((m) => m.id === moduleId);
      expect(mod, `row ${r.n}: module ${moduleId}`).toBeDefined();
      const source = readFileSync(path.join(ROOT, "courses", course.id, file!), "utf8");
      const title = /^title: (.*)$/m.exec(source)?.[1];
      const lesson = mod!.activities.find((a) => a.kind === "lesson" && a.title === title);
      expect(lesson, `row ${r.n}: lesson ${lessonFile}`).toBeDefined();
      expect((lesson!.content as { html: string }).html, `row ${r.n}: anchor #${anchor}`).toContain(
        `id="${anchor}"`,
      );
      if (r.quiz) {
        const [quizFile, questionId] = r.quiz.split("#");
        const quiz = mod!.activities.find((a) => a.kind === "quiz");
        expect(quizFile).toBe(`${moduleId}/quiz.yaml`);
        expect(
          (quiz!.content as QuizDefinition).questions.map((q) => q.id),
          `row ${r.n}`,
        ).toContain(questionId);
      }
    }
  });
});

describe("traceability of what the course teaches beyond the BMA's text", () => {
  const readme = readFileSync(path.join(ROOT, "courses", "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| S(\d+) \| (.+?) \| (.+?) \| `([^`]+)` \|$/gm)].map((m) => ({
    n: `S${m[1]}`,
    statement: m[2]!,
    source: m[3]!,
    where: m[4]!,
  }));

  it("names a source for each statement, and never the BMA alone", () => {
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const r of rows) {
      expect(r.source.trim().length, r.n).toBeGreaterThan(10);
      expect(r.source, r.n).not.toMatch(/^BMA\b/);
    }
  });

  it("points each statement at a lesson section or a file of the course that exists", () => {
    for (const r of rows) {
      const [file, anchor] = r.where.split("#");
      const source = readFileSync(path.join(ROOT, "courses", course.id, file!), "utf8");
      if (!anchor) continue;
      const moduleId = file!.split("/")[0];
      const title = /^title: (.*)$/m.exec(source)?.[1];
      const lesson = course.modules
        .find((m) => m.id === moduleId)
        ?.activities.find((a) => a.kind === "lesson" && a.title === title);
      expect(lesson, `${r.n}: lesson ${file}`).toBeDefined();
      expect((lesson!.content as { html: string }).html, `${r.n}: anchor #${anchor}`).toContain(
        `id="${anchor}"`,
      );
    }
  });
});

// every complete conversation through a scenario, as the server would play it
function allConversations(s: ScenarioDefinition) {
  const machine = machineFor(s);
  const out: { choices: { node: string; choice: string }[]; passes: boolean }[] = [];
  const walk = (
    snap: ReturnType<typeof getInitialSnapshot<typeof machine>>,
    path: { node: string; choice: string }[],
  ) => {
    if (snap.status === "done") {
      out.push({ choices: path, passes: attemptPasses(s, snap.context as RoleplayContext) });
      return;
    }
    for (const o of offeredChoices(machine, s, snap)) {
      walk(o.next, [...path, { node: String(snap.value), choice: o.choice }]);
    }
  };
  walk(getInitialSnapshot(machine, undefined as never), []);
  return out;
}

describe("the first meeting teaches one set of limits of confidentiality", () => {
  const scenario = () =>
    course.modules
      .find((m) => m.id === "introduction")!
      .activities.find((a) => a.id === "first-meeting-roleplay")!.content as ScenarioDefinition;
  const say = (s: ScenarioDefinition, node: string, choice: string) =>
    s.nodes[node]!.choices!.find((c) => c.id === choice)!.say;

  it("promising absolute confidentiality is critical, and no conversation that does it completes", () => {
    const s = scenario();
    const promises = Object.entries(s.nodes).flatMap(([node, n]) =>
      (n.choices ?? [])
        .filter((c) => /completely (confidential|between us)/i.test(c.say))
        .map((c) => ({ node, c })),
    );
    expect(promises.length).toBeGreaterThanOrEqual(1);
    for (const { c } of promises) expect(c.critical?.category, c.id).toBe("confidentiality");
    const conversations = allConversations(s);
    expect(conversations.some((x) => x.passes)).toBe(true);
    for (const x of conversations.filter((x) =>
      x.choices.some((ch) => promises.some((p) => p.c.id === ch.choice)),
    )) {
      expect(x.passes, x.choices.map((ch) => ch.choice).join(" > ")).toBe(false);
    }
  });

  it("the best conversation states every limit, and every passing conversation states them", () => {
    const s = scenario();
    const statesLimits = (text: string) =>
      /\byou\b/.test(text) &&
      /patient/.test(text) &&
      /safeguarding/.test(text) &&
      /probity or criminal/.test(text) &&
      /law|legal/.test(text) &&
      /talk to you first/.test(text);
    expect(s.bestPath!.some((b) => statesLimits(say(s, b.node, b.choice)))).toBe(true);
    for (const x of allConversations(s).filter((x) => x.passes)) {
      // between them, the mentor's replies on the way name every limit
      expect(
        statesLimits(x.choices.map((ch) => say(s, ch.node, ch.choice)).join(" ")),
        x.choices.map((ch) => ch.choice).join(" > "),
      ).toBe(true);
    }
  });
});
