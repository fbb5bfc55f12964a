import { describe, expect, it } from "vitest";
import { markLessonRead } from "~/activities/lesson/lesson.server";
import { listAttempts, QuizError, startAttempt, submitAttempt } from "~/activities/quiz/quiz.server";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { optionKey } from "~/activities/quiz/present";
import { playReplies, startRoleplay } from "~/activities/roleplay/roleplay.server";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import { prisma } from "~/db.server";
import {
  editCourse,
  fixtureQuizAnswers,
  retryQuizIn,
  syncFixtureCourse,
  syncFolder,
} from "../../tests/setup/courses";
import { createUser } from "../../tests/setup/factories";
import { courseForUser, enrol, EnrolmentError, listCatalogue, locateActivity } from "./courses.server";
import { continueTarget, courseProgress, refreshCompletion, touchActivity } from "./progress.server";
import path from "node:path";

async function enrolled() {
  const { courseId, dir } = await syncFixtureCourse();
  const user = await createUser();
  const enrolment = await enrol(user.id, courseId);
  const view = (await courseForUser(courseId, user.id))!;
  const quiz = locateActivity(view.definition, "basics", "basics-quiz")!.activity.content as QuizDefinition;
  return { courseId, dir, user, enrolment, def: view.definition, quiz };
}

function rightAnswers(_quiz: QuizDefinition, seed: string) {
  return fixtureQuizAnswers(seed);
}

function wrongAnswers(seed: string) {
  const fd = rightAnswers({} as QuizDefinition, seed);
  fd.set("q.open", optionKey(seed, "open", "were"));
  fd.set("q.manager", "true");
  return fd;
}

describe("sync and versioning", () => {
  it("is idempotent: the same files make no new version", async () => {
    const { courseId, dir } = await syncFixtureCourse();
    const again = await syncFolder(path.dirname(dir));
    expect(again.report).toEqual([expect.objectContaining({ course: courseId, created: false })]);
    expect(await prisma.courseVersion.count({ where: { courseId } })).toBe(1);
  });

  it("pins an enrolment to the version it started; a new enrolment gets the new version", async () => {
    const { courseId, dir, user, enrolment } = await enrolled();
    const attempt = await startAttempt(
      enrolment,
      "basics-quiz",
      (await courseForUser(courseId, user.id))!.definition.modules[0]!.activities[1]!
        .content as QuizDefinition,
    );

    // the author edits the lesson title and removes the whole practice module
    editCourse(dir, {
      "basics/first-lesson.md": (t) =>
        t.replace("title: Open and closed questions", "title: Asking good questions"),
      "course.yaml": (t) => t.replace("  - practice\n", ""),
    });
    const { report } = await syncFolder(path.dirname(dir));
    expect(report[0]!.created).toBe(true);
    expect(await prisma.courseVersion.count({ where: { courseId } })).toBe(2);

    const mine = (await courseForUser(courseId, user.id))!;
    expect(mine.versionId).toBe(enrolment.courseVersionId);
    expect(mine.definition.modules.map((m) => m.id)).toEqual(["basics", "practice", "conversation"]);
    expect(mine.definition.modules[0]!.activities[0]!.title).toBe("Open and closed questions");
    // the attempt still opens on its own version
    const again = await startAttempt(
      enrolment,
      "basics-quiz",
      mine.definition.modules[0]!.activities[1]!.content as QuizDefinition,
    );
    expect(again.id).toBe(attempt.id);

    const newcomer = await createUser();
    await enrol(newcomer.id, courseId);
    const theirs = (await courseForUser(courseId, newcomer.id))!;
    expect(theirs.versionId).not.toBe(enrolment.courseVersionId);
    expect(theirs.definition.modules.map((m) => m.id)).toEqual(["basics", "conversation"]);
    expect(theirs.definition.modules[0]!.activities[0]!.title).toBe("Asking good questions");
  });

  it("a removed course leaves the catalogue but its enrolments stay readable", async () => {
    const { courseId, user } = await enrolled();
    const { syncCourses } = await import("./sync.server");
    await syncCourses([]); // as if every course folder were gone
    expect((await listCatalogue(null)).map((c) => c.id)).not.toContain(courseId);
    expect((await courseForUser(courseId, user.id))?.definition.id).toBe(courseId);
    const stranger = await createUser();
    expect(await courseForUser(courseId, stranger.id)).toBeNull();
    await expect(enrol(stranger.id, courseId)).rejects.toThrow(EnrolmentError);
  });
});

describe("enrolment and progress", () => {
  it("enrolling twice gives one enrolment", async () => {
    const { courseId, user, enrolment } = await enrolled();
    const again = await enrol(user.id, courseId);
    expect(again.id).toBe(enrolment.id);
    expect(await prisma.enrolment.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses self-enrolment on an invitation-only course", async () => {
    const { courseId } = await syncFixtureCourse({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\nenrolment: invitation"),
    });
    const user = await createUser();
    await expect(enrol(user.id, courseId)).rejects.toThrow(/invitation only/);
  });

  it("continue never leads to an optional page, and goes back to what is unfinished", async () => {
    const { enrolment, def } = await enrolled();
    // the last thing done is the practice module's lesson; what follows it is optional reading,
    // and the basics are still unfinished
    await markLessonRead(enrolment.id, "closing-lesson");
    const progress = await courseProgress(enrolment, def);
    expect(continueTarget(progress)).toMatchObject({
      moduleId: "basics",
      activityId: "first-lesson",
      started: true,
    });
  });

  it("a step that changes no status keeps the last activity to the minute, and nothing else", async () => {
    const { enrolment } = await enrolled();
    const before = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } });
    const t0 = new Date("2026-06-01T10:00:00Z");
    await touchActivity(enrolment.id, t0);
    await touchActivity(enrolment.id, new Date(t0.getTime() + 30_000)); // within the minute: kept
    let row = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } });
    expect(row.lastActivityAt).toEqual(t0);
    await touchActivity(enrolment.id, new Date(t0.getTime() + 61_000));
    row = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } });
    expect(row.lastActivityAt).toEqual(new Date(t0.getTime() + 61_000));
    expect({ state: row.progressState, percent: row.progressPercent, at: row.progressAt }).toEqual({
      state: before.progressState,
      percent: before.progressPercent,
      at: before.progressAt,
    });
  });

  it("moves from not started through in progress to completed, once", async () => {
    const { enrolment, def, quiz } = await enrolled();
    let progress = await courseProgress(enrolment, def);
    expect(progress).toMatchObject({ state: "not_started", percent: 0, requiredModulesTotal: 3 });
    expect(continueTarget(progress)).toMatchObject({
      moduleId: "basics",
      activityId: "first-lesson",
      started: false,
    });

    await markLessonRead(enrolment.id, "first-lesson");
    await markLessonRead(enrolment.id, "first-lesson");
    progress = await courseProgress(enrolment, def);
    expect(progress.modules[0]).toMatchObject({ state: "in_progress", requiredDone: 1, requiredTotal: 2 });
    expect(progress.percent).toBe(25);
    expect(continueTarget(progress)).toMatchObject({ activityId: "basics-quiz" });

    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const fd = rightAnswers(quiz, attempt.seed);
    fd.set("attemptId", attempt.id);
    fd.set("version", String(attempt.version));
    const result = await submitAttempt(enrolment, "basics-quiz", quiz, fd);
    expect(result).toMatchObject({ ok: true, passed: true, scorePercent: 100 });
    progress = await refreshCompletion(enrolment, def);
    expect(progress.modules[0]!.state).toBe("completed");
    expect(progress.state).toBe("in_progress");

    await markLessonRead(enrolment.id, "closing-lesson");
    progress = await refreshCompletion(enrolment, def);
    expect(progress).toMatchObject({ state: "in_progress", percent: 75 });
    expect(
      (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt,
    ).toBeNull();

    // the role-play completes at an ending with questioning of at least 2
    const scenario = locateActivity(def, "conversation", "first-meeting")!.activity
      .content as ScenarioDefinition;
    const play = await startRoleplay(enrolment, "first-meeting", scenario);
    await playReplies(enrolment, "first-meeting", scenario, play.id, ["open", "deepen"]);
    progress = await refreshCompletion(enrolment, def);
    expect(progress).toMatchObject({ state: "completed", percent: 100 });
    // the optional lesson is still there to read, but not needed
    expect(progress.modules[1]!.activities.find((a) => a.id === "further-reading")!.status.state).toBe(
      "not_started",
    );
    const first = (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt;
    expect(first).not.toBeNull();
    await refreshCompletion(enrolment, def);
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt).toEqual(
      first,
    );
  });
});

describe("quiz attempts", () => {
  async function submit(
    enrolment: { id: string; userId: string },
    quiz: QuizDefinition,
    make: (seed: string) => FormData,
    attempt: { id: string; seed: string; version: number },
  ) {
    const fd = make(attempt.seed);
    fd.set("attemptId", attempt.id);
    fd.set("version", String(attempt.version));
    return submitAttempt(enrolment, "basics-quiz", quiz, fd);
  }

  it("a failed attempt can be retried, and a passed quiz is not taken again", async () => {
    const { enrolment, def, quiz } = await enrolled();
    expect(quiz.maxAttempts).toBe(2);
    const first = await startAttempt(enrolment, "basics-quiz", quiz);
    expect(await submit(enrolment, quiz, wrongAnswers, first)).toMatchObject({
      ok: true,
      passed: false,
      scorePercent: 50,
    });
    let status = (await courseProgress(enrolment, def)).modules[0]!.activities[1]!.status;
    expect(status).toEqual({
      state: "in_progress",
      passed: false,
      score: 50,
      lastWorkedAt: expect.any(Date),
    });

    const second = await retryQuizIn(enrolment, def, "basics", "basics-quiz");
    expect(second.attemptNumber).toBe(2);
    expect(second.seed).not.toBe(first.seed);
    expect(await submit(enrolment, quiz, (s) => rightAnswers(quiz, s), second)).toMatchObject({
      passed: true,
    });
    status = (await courseProgress(enrolment, def)).modules[0]!.activities[1]!.status;
    expect(status).toEqual({ state: "completed", passed: true, score: 100, lastWorkedAt: expect.any(Date) });

    // a passed quiz is done: the attempt that passed is the evidence
    await expect(retryQuizIn(enrolment, def, "basics", "basics-quiz")).rejects.toThrow(
      "You have passed this quiz.",
    );
    const attempts = await listAttempts(enrolment.id, "basics-quiz");
    expect(attempts.map((a) => [a.attemptNumber, a.state])).toEqual([
      [1, "retried"],
      [2, "graded"],
    ]);
  });

  it("a replayed or stale submission changes nothing", async () => {
    const { enrolment, quiz } = await enrolled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    await submit(enrolment, quiz, wrongAnswers, attempt);
    const before = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    await expect(submit(enrolment, quiz, (s) => rightAnswers(quiz, s), attempt)).rejects.toThrow(
      "This attempt has already been submitted. Your answers were not changed.",
    );
    const after = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(after).toEqual(before);
  });

  it("two tabs submitting the same attempt: one wins, the other is told", async () => {
    const { enrolment, quiz } = await enrolled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const results = await Promise.allSettled([
      submit(enrolment, quiz, (s) => rightAnswers(quiz, s), attempt),
      submit(enrolment, quiz, wrongAnswers, attempt),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(QuizError);
    expect(await prisma.quizAttempt.count({ where: { enrolmentId: enrolment.id, state: "graded" } })).toBe(1);
  });

  it("an incomplete submission returns messages and keeps the attempt open", async () => {
    const { enrolment, quiz } = await enrolled();
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const r = await submit(enrolment, quiz, () => new FormData(), attempt);
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.errors)).toEqual(["open", "skills", "manager", "steps", "reflect"]);
    expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).state).toBe(
      "answering",
    );
  });

  it("another trainee's attempt cannot be submitted", async () => {
    const a = await enrolled();
    const attempt = await startAttempt(a.enrolment, "basics-quiz", a.quiz);
    const other = await createUser();
    const theirs = await enrol(other.id, a.courseId);
    await expect(submit(theirs, a.quiz, (s) => rightAnswers(a.quiz, s), attempt)).rejects.toThrow(
      /not found/,
    );
  });

  it("starting twice opens one attempt", async () => {
    const { enrolment, quiz } = await enrolled();
    const [a, b] = await Promise.all([
      startAttempt(enrolment, "basics-quiz", quiz),
      startAttempt(enrolment, "basics-quiz", quiz),
    ]);
    expect(a.id).toBe(b.id);
  });
});
