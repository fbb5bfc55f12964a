import { describe, expect, it } from "vitest";
import { markLessonRead } from "~/activities/lesson/lesson.server";
import { courseForUser, enrol, locateActivity } from "~/courses/courses.server";
import { loadCourses } from "~/courses/loader.server";
import { prisma } from "~/db.server";
import {
  copyFixtureCourse,
  fixtureQuizAnswers,
  retryQuizIn,
  syncFixtureCourse,
} from "../../../tests/setup/courses";
import { createUser } from "../../../tests/setup/factories";
import { optionKey } from "./present";
import { attemptReadingSeconds, startAttempt, submitAttempt } from "./quiz.server";
import {
  answersRevealed,
  courseRetake,
  DEFAULT_RETAKE,
  describeRetake,
  quizRetake,
  retakeState,
  type AttemptFact,
  type RetakePolicy,
} from "./retake";
import type { QuizDefinition } from "./schema";

const t0 = new Date("2026-12-01T09:00:00Z");
const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const failed = (number: number, at: Date): AttemptFact => ({
  number,
  state: "retried",
  passed: false,
  submittedAt: at,
});
const policy = (p: Partial<RetakePolicy> = {}): RetakePolicy => ({ ...DEFAULT_RETAKE, ...p });
const noLessons = new Map<string, Date | null>();

describe("retake rules", () => {
  it("the platform default: two attempts, then read the module's lessons again", () => {
    const lessons = new Map<string, Date | null>([
      ["l1", hours(-5)],
      ["l2", null],
    ]);
    // an assessment comes after its lessons: l2 has not been read yet
    expect(retakeState(policy(), [], lessons, t0)).toEqual({ kind: "read-first", lessons: ["l2"] });
    expect(retakeState(policy(), [], new Map([["l1", hours(-5)]]), t0)).toEqual({ kind: "first" });
    expect(retakeState(policy(), [failed(1, hours(1))], lessons, hours(1))).toEqual({
      kind: "available",
      attemptsLeft: null,
    });
    const two = [failed(1, hours(1)), { ...failed(2, hours(2)), state: "graded" }];
    expect(retakeState(policy(), two, lessons, hours(3))).toEqual({
      kind: "revisit",
      lessons: ["l1", "l2"],
      since: hours(2),
    });
    // reading one lesson is not enough; a reading from before the attempt does not count
    const oneRead = new Map<string, Date | null>([
      ["l1", hours(2.5)],
      ["l2", hours(1.5)],
    ]);
    expect(retakeState(policy(), two, oneRead, hours(3))).toMatchObject({ kind: "revisit", lessons: ["l2"] });
    const bothRead = new Map<string, Date | null>([
      ["l1", hours(2.5)],
      ["l2", hours(2.6)],
    ]);
    expect(retakeState(policy(), two, bothRead, hours(3))).toMatchObject({ kind: "available" });
    // attempts 3 fails: one more may follow at once; after attempt 4 the lessons again
    const three = [...two.map((a) => ({ ...a, state: "retried" })), failed(3, hours(4))];
    expect(retakeState(policy(), three, bothRead, hours(4))).toMatchObject({ kind: "available" });
    const four = [...three, failed(4, hours(5))];
    expect(retakeState(policy(), four, bothRead, hours(5))).toMatchObject({
      kind: "revisit",
      lessons: ["l1", "l2"],
    });
  });

  it("an open attempt, a passed quiz and the attempt limit", () => {
    expect(
      retakeState(
        policy(),
        [{ number: 1, state: "answering", passed: null, submittedAt: null }],
        noLessons,
        t0,
      ),
    ).toEqual({
      kind: "open",
    });
    const passed = [failed(1, hours(1)), { number: 2, state: "graded", passed: true, submittedAt: hours(2) }];
    expect(retakeState(policy(), passed, noLessons, hours(3))).toEqual({ kind: "passed" });
    const limited = policy({ maxAttempts: 3, pause: "none" });
    expect(retakeState(limited, [failed(1, hours(1)), failed(2, hours(2))], noLessons, hours(3))).toEqual({
      kind: "available",
      attemptsLeft: 1,
    });
    expect(
      retakeState(
        limited,
        [failed(1, hours(1)), failed(2, hours(2)), failed(3, hours(3))],
        noLessons,
        hours(4),
      ),
    ).toEqual({ kind: "exhausted", maxAttempts: 3 });
  });

  it("a cool-down, and a module with no lessons to revisit cools down instead", () => {
    const cool = policy({ backToBack: 1, pause: "cool-down", coolDownHours: 24 });
    expect(retakeState(cool, [failed(1, hours(1))], noLessons, hours(2))).toEqual({
      kind: "cool-down",
      until: hours(25),
    });
    expect(retakeState(cool, [failed(1, hours(1))], noLessons, hours(25))).toMatchObject({
      kind: "available",
    });
    expect(
      retakeState(
        policy({ coolDownHours: 12 }),
        [failed(1, hours(1)), failed(2, hours(2))],
        noLessons,
        hours(3),
      ),
    ).toEqual({
      kind: "cool-down",
      until: hours(14),
    });
  });

  it("a run of failures is followed by a cool-down as well as the re-reads", () => {
    const run = policy({ coolDownAfter: 4, coolDownHours: 24 });
    const read = new Map<string, Date | null>([["l1", hours(2.5)]]);
    const fails = (n: number) => Array.from({ length: n }, (_, i) => failed(i + 1, hours(i + 1)));
    // the 2nd failure asks for the lessons (read here), the 3rd lets the next follow at once
    expect(retakeState(run, fails(2), read, hours(3))).toMatchObject({ kind: "available" });
    expect(retakeState(run, fails(3), read, hours(4))).toMatchObject({ kind: "available" });
    // the 4th: a day's wait, whatever has been read; then the lessons again
    expect(retakeState(run, fails(4), read, hours(5))).toEqual({ kind: "cool-down", until: hours(28) });
    expect(retakeState(run, fails(4), read, hours(28))).toMatchObject({ kind: "revisit" });
    expect(retakeState(run, fails(4), new Map([["l1", hours(29)]]), hours(29))).toMatchObject({
      kind: "available",
    });
    expect(describeRetake(run)).toBe(
      "after every 2 attempts that do not pass, read the module's lessons again before the next; after every 4 attempts that do not pass, wait 24 hours before the next; no limit on attempts",
    );
  });

  it("answers are shown only once passed or when no attempt can follow", () => {
    expect(answersRevealed({ kind: "passed" })).toBe(true);
    expect(answersRevealed({ kind: "exhausted", maxAttempts: 3 })).toBe(true);
    expect(answersRevealed({ kind: "available", attemptsLeft: 1 })).toBe(false);
    expect(answersRevealed({ kind: "revisit", lessons: ["l1"], since: t0 })).toBe(false);
    expect(answersRevealed({ kind: "cool-down", until: t0 })).toBe(false);
  });

  it("a quiz's own rules override the course's; course versions from before retake rules keep theirs", () => {
    const course = courseRetake({ backToBack: 3 }, "best");
    expect(course).toEqual({ ...DEFAULT_RETAKE, backToBack: 3, counts: "best" });
    expect(
      quizRetake(
        { quizAttempts: "best", retake: course },
        { retake: { pause: "cool-down" }, maxAttempts: 4 },
      ),
    ).toEqual({
      ...course,
      pause: "cool-down",
      maxAttempts: 4,
    });
    // an old stored version: no retake rules, unlimited, its own quizAttempts rule
    expect(quizRetake({ quizAttempts: "best" }, {})).toMatchObject({
      pause: "none",
      maxAttempts: null,
      counts: "best",
    });
    expect(describeRetake(DEFAULT_RETAKE)).toBe(
      "after every 2 attempts that do not pass, read the module's lessons again before the next; no limit on attempts",
    );
  });
});

describe("retake rules in course files", () => {
  it("course.yaml completion.retake and a quiz's retake: are checked with their line", async () => {
    const { root } = copyFixtureCourse({
      "course.yaml": (t) => t.replace("quizAttempts: best", "retake:\n    pause: later"),
      "basics/quiz.yaml": (t) => t.replace("maxAttempts: 2", "retake:\n  backToBack: 0"),
    });
    const { problems } = await loadCourses(root);
    const messages = problems.map((p) => `${p.file.split("/").slice(-2).join("/")}:${p.line} ${p.message}`);
    expect(messages.some((m) => /course\.yaml:\d+ .*pause.*revisit-lessons, cool-down, none/.test(m))).toBe(
      true,
    );
    expect(messages.some((m) => /basics\/quiz\.yaml:5 .*backToBack/.test(m))).toBe(true);
  });
});

describe("retaking a quiz", () => {
  async function enrolled(edits: Record<string, (t: string) => string> = {}) {
    const { courseId } = await syncFixtureCourse(edits);
    const user = await createUser();
    const enrolment = await enrol(user.id, courseId);
    const def = (await courseForUser(courseId, user.id))!.definition;
    const quiz = locateActivity(def, "basics", "basics-quiz")!.activity.content as QuizDefinition;
    const fail = async (attempt: { id: string; version: number; seed: string }) => {
      const fd = fixtureQuizAnswers(attempt.seed);
      fd.set("q.open", optionKey(attempt.seed, "open", "were"));
      fd.set("q.manager", "true");
      fd.set("attemptId", attempt.id);
      fd.set("version", String(attempt.version));
      return submitAttempt(enrolment, "basics-quiz", quiz, fd);
    };
    return { enrolment, def, quiz, fail };
  }

  it("after two failed attempts the next waits until the module's lesson is read again", async () => {
    const { enrolment, def, quiz, fail } = await enrolled({
      "basics/quiz.yaml": (t) => t.replace("maxAttempts: 2\n", ""),
    });
    await markLessonRead(enrolment.id, "first-lesson");
    await fail(await startAttempt(enrolment, "basics-quiz", quiz));
    await fail(await retryQuizIn(enrolment, def, "basics", "basics-quiz"));
    await expect(retryQuizIn(enrolment, def, "basics", "basics-quiz")).rejects.toThrow(
      "Read the module's lessons again before your next attempt: Open and closed questions.",
    );
    expect(await prisma.quizAttempt.count({ where: { enrolmentId: enrolment.id } })).toBe(2);
    await markLessonRead(enrolment.id, "first-lesson");
    const third = await retryQuizIn(enrolment, def, "basics", "basics-quiz");
    expect(third.attemptNumber).toBe(3);
  });

  it("the attempt limit ends the quiz; a course with a cool-down makes the trainee wait", async () => {
    const limited = await enrolled({
      "course.yaml": (t) =>
        t.replace(
          "quizAttempts: best",
          "retake:\n    backToBack: 1\n    pause: cool-down\n    coolDownHours: 12",
        ),
    });
    await limited.fail(await startAttempt(limited.enrolment, "basics-quiz", limited.quiz));
    await expect(retryQuizIn(limited.enrolment, limited.def, "basics", "basics-quiz")).rejects.toThrow(
      /^You can try again from \d{1,2} \w+ 20\d\d at \d\d:\d\d\.$/,
    );
    // twelve hours later (the attempt's submission moved back) it opens
    await prisma.quizAttempt.updateMany({
      where: { enrolmentId: limited.enrolment.id },
      data: { submittedAt: new Date(Date.now() - 13 * 3_600_000) },
    });
    const second = await retryQuizIn(limited.enrolment, limited.def, "basics", "basics-quiz");
    await limited.fail(second);
    // the fixture quiz allows 2 attempts
    await prisma.quizAttempt.updateMany({
      where: { enrolmentId: limited.enrolment.id },
      data: { submittedAt: new Date(Date.now() - 13 * 3_600_000) },
    });
    await expect(retryQuizIn(limited.enrolment, limited.def, "basics", "basics-quiz")).rejects.toThrow(
      "You have used all 2 attempts at this quiz. Contact your organisation if you need another.",
    );
  });

  it("answers sent sooner than the questions can be read are refused, kept and not marked", async () => {
    const { enrolment, quiz } = await enrolled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const floor = attemptReadingSeconds(quiz, attempt, 500);
    // the fixture's five questions: dozens of words, so some seconds at a fast reader's pace
    expect(floor).toBeGreaterThan(5);
    const fd = fixtureQuizAnswers(attempt.seed);
    fd.set("attemptId", attempt.id);
    fd.set("version", String(attempt.version));
    const at = (s: number) => new Date(attempt.startedAt.getTime() + s * 1000);
    const early = await submitAttempt(enrolment, "basics-quiz", quiz, fd, {
      readingWpm: 500,
      now: at(floor - 3),
    });
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.errors.form).toMatch(/sooner than its questions can be read.*submit again in 3 seconds/);
    // what was chosen comes back to the page
    expect(early.values["q.reflect"]).toEqual(["A sounding board."]);
    const row = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect([row.state, row.scorePercent, row.version]).toEqual(["answering", null, attempt.version]);
    // at the floor the same answers are marked
    const onTime = await submitAttempt(enrolment, "basics-quiz", quiz, fd, {
      readingWpm: 500,
      now: at(floor),
    });
    expect(onTime).toMatchObject({ ok: true, passed: true });
    // a slower pace asks for longer
    expect(attemptReadingSeconds(quiz, attempt, 250)).toBeGreaterThanOrEqual(2 * floor - 1);
  });
});
