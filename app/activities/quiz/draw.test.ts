import { describe, expect, it } from "vitest";
import { loadCourses } from "~/courses/loader.server";
import { courseForUser, enrol, locateActivity } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { copyFixtureCourse, retryQuizIn, syncFixtureCourse } from "../../../tests/setup/courses";
import { createUser } from "../../../tests/setup/factories";
import { attemptQuestions, drawQuestions } from "./draw";
import { standingFor } from "./page.server";
import { presentQuestions } from "./present";
import { attemptContext, questionsOf, startAttempt, submitAttempt } from "./quiz.server";
import type { Question, QuizDefinition } from "./schema";

const OUTCOMES = ["limits", "separation", "agreement"];
/** a pool of true/false items: 4 per outcome, the statement "true" when the index is even */
const pool: Question[] = OUTCOMES.flatMap((o) =>
  [0, 1, 2, 3].map((i): Question => ({
    id: `${o}-${i}`,
    kind: "true_false",
    outcome: o,
    prompt: `Statement ${i} about ${o}.`,
    answer: i % 2 === 0,
  })),
);
const outcomeOf = (id: string) => pool.find((q) => q.id === id)!.outcome;

describe("drawing questions from a pool", () => {
  it("covers every outcome with exactly N questions, never repeats one, and keeps the authored order", () => {
    for (let s = 0; s < 200; s++) {
      const ids = drawQuestions(pool, { perOutcome: 2 }, `seed-${s}`);
      expect(new Set(ids).size).toBe(ids.length);
      for (const o of OUTCOMES) expect(ids.filter((id) => outcomeOf(id) === o)).toHaveLength(2);
      const order = pool.map((q) => q.id).filter((id) => ids.includes(id));
      expect(ids).toEqual(order);
    }
  });

  it("is stable for one attempt's seed and varies between attempts", () => {
    expect(drawQuestions(pool, { perOutcome: 2 }, "abc")).toEqual(
      drawQuestions(pool, { perOutcome: 2 }, "abc"),
    );
    const draws = new Set(
      Array.from({ length: 50 }, (_, s) => drawQuestions(pool, { perOutcome: 2 }, `s${s}`).join()),
    );
    expect(draws.size).toBeGreaterThan(10);
    // every question of the pool turns up in some attempt
    const asked = new Set([...draws].flatMap((d) => d.split(",")));
    expect(asked.size).toBe(pool.length);
  });

  it("asks first the questions the trainee has seen least", () => {
    const first = drawQuestions(pool, { perOutcome: 2 }, "one");
    const seen = new Map(first.map((id) => [id, 1]));
    const second = drawQuestions(pool, { perOutcome: 2 }, "two", seen);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    // the pool is used up: a third attempt repeats, still two per outcome
    for (const id of second) seen.set(id, 1);
    const third = drawQuestions(pool, { perOutcome: 2 }, "three", seen);
    for (const o of OUTCOMES) expect(third.filter((id) => outcomeOf(id) === o)).toHaveLength(2);
  });

  it("without a draw every question is asked; attempts from before pools ask them all", () => {
    expect(drawQuestions(pool, undefined, "x")).toEqual(pool.map((q) => q.id));
    expect(attemptQuestions(pool, undefined)).toHaveLength(pool.length);
    expect(attemptQuestions(pool, ["agreement-1", "limits-0"]).map((q) => q.id)).toEqual([
      "agreement-1",
      "limits-0",
    ]);
  });
});

// the same pool as a quiz file of the fixture course
const poolYaml = [
  "title: Pooled quiz",
  "passMark: 80",
  "estimatedMinutes: 5",
  "draw:",
  "  perOutcome: 2",
  "questions:",
  ...pool.flatMap((q) => [
    `  - id: ${q.id}`,
    "    kind: true_false",
    `    outcome: ${q.outcome}`,
    `    prompt: ${q.prompt}`,
    `    answer: ${(q as { answer: boolean }).answer}`,
  ]),
  "",
].join("\n");

describe("a quiz file with a pool", () => {
  it("loads, and courses:check reports how much each attempt draws", async () => {
    const { root } = copyFixtureCourse({ "basics/quiz.yaml": () => poolYaml });
    const { problems, findings } = await loadCourses(root);
    expect(problems).toEqual([]);
    expect(findings.find((f) => f.check === "pool")?.message).toBe(
      "each attempt draws 6 of 12 questions: limits 2 of 4, separation 2 of 4, agreement 2 of 4",
    );
  });

  it("is refused when a question has no outcome, or an outcome has fewer questions than it draws", async () => {
    const untagged = copyFixtureCourse({
      "basics/quiz.yaml": () => poolYaml.replace("    outcome: separation\n", ""),
    });
    const a = await loadCourses(untagged.root);
    expect(a.problems.map((p) => p.message)).toContain(
      'question "separation-0" has no "outcome": a quiz that draws 2 per outcome needs every question tagged',
    );
    const small = copyFixtureCourse({
      "basics/quiz.yaml": () => poolYaml.replace("perOutcome: 2", "perOutcome: 5"),
    });
    const b = await loadCourses(small.root);
    expect(b.problems.map((p) => `${p.line}: ${p.message}`)).toContain(
      '5: outcome "limits" has 4 questions: fewer than the 5 each attempt draws',
    );
  });
});

describe("attempts at a pooled quiz", () => {
  async function pooled() {
    const { courseId } = await syncFixtureCourse({ "basics/quiz.yaml": () => poolYaml });
    const user = await createUser();
    const enrolment = await enrol(user.id, courseId);
    const def = (await courseForUser(courseId, user.id))!.definition;
    const quiz = locateActivity(def, "basics", "basics-quiz")!.activity.content as QuizDefinition;
    return { enrolment, def, quiz };
  }
  const answer = (attempt: { id: string; version: number }, ids: string[], right: boolean) => {
    const fd = new FormData();
    for (const id of ids) {
      const q = pool.find((p) => p.id === id) as { answer: boolean };
      fd.set(`q.${id}`, String(right ? q.answer : !q.answer));
    }
    fd.set("attemptId", attempt.id);
    fd.set("version", String(attempt.version));
    return fd;
  };

  it("stores the drawn questions with the attempt: a reload shows the same ones, in the same order", async () => {
    const { enrolment, quiz } = await pooled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const drawn = attemptContext(attempt).questionIds!;
    expect(drawn).toHaveLength(6);
    // "reload": the row read again gives the same questions and the same presentation
    const again = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(questionsOf(quiz, again).map((q) => q.id)).toEqual(drawn);
    expect(presentQuestions(questionsOf(quiz, again), again.seed, quiz.shuffle)).toEqual(
      presentQuestions(questionsOf(quiz, attempt), attempt.seed, quiz.shuffle),
    );
    // starting again while it is open gives the same attempt
    expect((await startAttempt(enrolment, "basics-quiz", quiz)).id).toBe(attempt.id);
  });

  it("grades only the drawn questions; an answer to another is ignored", async () => {
    const { enrolment, quiz } = await pooled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const drawn = attemptContext(attempt).questionIds!;
    const others = pool.map((q) => q.id).filter((id) => !drawn.includes(id));
    // right answers to the questions not asked and nothing for those asked: every asked one is missing
    const missing = await submitAttempt(enrolment, "basics-quiz", quiz, answer(attempt, others, true));
    expect(missing.ok).toBe(false);
    const fd = answer(attempt, drawn, true);
    for (const id of others) fd.set(`q.${id}`, "nonsense");
    expect(await submitAttempt(enrolment, "basics-quiz", quiz, fd)).toMatchObject({
      ok: true,
      passed: true,
      scorePercent: 100,
    });
    const graded = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(attemptContext(graded).result!.questions.map((q) => q.questionId)).toEqual(drawn);
  });

  it("a retake draws the questions the first attempt did not ask", async () => {
    const { enrolment, def, quiz } = await pooled();
    const first = await startAttempt(enrolment, "basics-quiz", quiz);
    const firstIds = attemptContext(first).questionIds!;
    await submitAttempt(enrolment, "basics-quiz", quiz, answer(first, firstIds, false));
    const second = await retryQuizIn(enrolment, def, "basics", "basics-quiz");
    const secondIds = attemptContext(second).questionIds!;
    expect(secondIds).toHaveLength(6);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    // the page shows the second attempt's questions
    const s = standingFor({
      enrolment: { ...enrolment, courseVersionId: "" },
      definition: def,
      location: locateActivity(def, "basics", "basics-quiz")!,
    });
    const open = (await s.standing()).attempts.find((a) => a.state === "answering")!;
    expect(questionsOf(quiz, open).map((q) => q.id)).toEqual(secondIds);
  });
});
