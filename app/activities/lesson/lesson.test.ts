import { describe, expect, it } from "vitest";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { syncFixtureCourse } from "../../../tests/setup/courses";
import { createUser } from "../../../tests/setup/factories";
import { markLessonRead, minimumReadSeconds, recordLessonOpened } from "./lesson.server";

// a lesson's reading counts only when the page was served to the trainee a while before: a
// script that posts "complete" for every lesson (the adversary's 40 lessons in 1.5 s) is refused

async function enrolled() {
  const { courseId } = await syncFixtureCourse();
  const user = await createUser();
  return enrol(user.id, courseId);
}

describe("reading a lesson takes time", () => {
  it("the minimum is a quarter of the estimate, at most two minutes", () => {
    expect(minimumReadSeconds(1, 0.25)).toBe(15);
    expect(minimumReadSeconds(4, 0.25)).toBe(60);
    expect(minimumReadSeconds(30, 0.25)).toBe(120);
    expect(minimumReadSeconds(10, 0)).toBe(0);
  });

  it("a lesson never opened cannot be marked read", async () => {
    const enrolment = await enrolled();
    expect(await markLessonRead(enrolment.id, "first-lesson", { minSeconds: 30 })).toMatchObject({
      ok: false,
      opened: false,
    });
    expect(
      await prisma.activityProgress.count({ where: { enrolmentId: enrolment.id, state: "completed" } }),
    ).toBe(0);
  });

  it("opened, then marked read too soon: refused with the wait; after the minimum: completed", async () => {
    const enrolment = await enrolled();
    const opened = new Date("2026-12-04T10:00:00Z");
    await recordLessonOpened(enrolment.id, "first-lesson", opened);
    const row = await prisma.activityProgress.findFirstOrThrow({ where: { enrolmentId: enrolment.id } });
    // opening starts the lesson, it does not complete it
    expect(row).toMatchObject({ state: "in_progress", completedAt: null });

    const early = await markLessonRead(enrolment.id, "first-lesson", {
      minSeconds: 60,
      now: new Date(opened.getTime() + 20_000),
    });
    expect(early).toEqual({ ok: false, opened: true, waitSeconds: 40 });
    expect(
      (await prisma.activityProgress.findFirstOrThrow({ where: { enrolmentId: enrolment.id } })).state,
    ).toBe("in_progress");

    const later = new Date(opened.getTime() + 61_000);
    expect(await markLessonRead(enrolment.id, "first-lesson", { minSeconds: 60, now: later })).toEqual({
      ok: true,
    });
    expect(
      await prisma.activityProgress.findFirstOrThrow({ where: { enrolmentId: enrolment.id } }),
    ).toMatchObject({
      state: "completed",
      completedAt: later,
      lastReadAt: later,
    });
  });

  it("opening it again restarts the clock, so a re-reading (which a retake may need) takes time too", async () => {
    const enrolment = await enrolled();
    const t0 = new Date("2026-12-04T10:00:00Z");
    await recordLessonOpened(enrolment.id, "first-lesson", t0);
    await markLessonRead(enrolment.id, "first-lesson", {
      minSeconds: 60,
      now: new Date(t0.getTime() + 90_000),
    });
    const reopened = new Date(t0.getTime() + 3_600_000);
    await recordLessonOpened(enrolment.id, "first-lesson", reopened);
    const soon = await markLessonRead(enrolment.id, "first-lesson", {
      minSeconds: 60,
      now: new Date(reopened.getTime() + 5_000),
    });
    expect(soon).toMatchObject({ ok: false, waitSeconds: 55 });
    const row = await prisma.activityProgress.findFirstOrThrow({ where: { enrolmentId: enrolment.id } });
    // the first reading stands; the quick second one was not recorded
    expect(row.lastReadAt).toEqual(new Date(t0.getTime() + 90_000));
    expect(row.state).toBe("completed");
  });
});
