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
    expect(minimumReadSeconds(30, 0.25)).toBe(300);
    expect(minimumReadSeconds(9, 0.5)).toBe(270);
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
      // a reading dates from when the page was opened
      lastReadAt: opened,
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
    expect(row.lastReadAt).toEqual(t0);
    expect(row.state).toBe("completed");
  });

  it("the page shown again after an early click keeps the clock running (no restart)", async () => {
    const enrolment = await enrolled();
    const t0 = new Date("2026-12-04T10:00:00Z");
    await recordLessonOpened(enrolment.id, "first-lesson", t0, { required: true });
    await recordLessonOpened(enrolment.id, "first-lesson", new Date(t0.getTime() + 20_000), {
      required: true,
    });
    expect(
      await markLessonRead(enrolment.id, "first-lesson", {
        minSeconds: 60,
        now: new Date(t0.getTime() + 61_000),
      }),
    ).toEqual({ ok: true });
  });

  it("one required lesson at a time: opening another stops the first one's clock", async () => {
    const enrolment = await enrolled();
    const t0 = new Date("2026-12-04T10:00:00Z");
    // a script opens every lesson at once, waits once, then marks them all
    await recordLessonOpened(enrolment.id, "first-lesson", t0, { required: true });
    await recordLessonOpened(enrolment.id, "closing-lesson", t0, { required: true });
    const later = new Date(t0.getTime() + 600_000);
    expect(await markLessonRead(enrolment.id, "first-lesson", { minSeconds: 60, now: later })).toMatchObject({
      ok: false,
      opened: false,
    });
    expect(await markLessonRead(enrolment.id, "closing-lesson", { minSeconds: 60, now: later })).toEqual({
      ok: true,
    });
    // an optional page (a glossary) opened meanwhile does not stop the clock
    await recordLessonOpened(enrolment.id, "first-lesson", later, { required: true });
    await recordLessonOpened(enrolment.id, "further-reading", new Date(later.getTime() + 10_000), {
      required: false,
    });
    expect(
      await markLessonRead(enrolment.id, "first-lesson", {
        minSeconds: 60,
        now: new Date(later.getTime() + 61_000),
      }),
    ).toEqual({ ok: true });
  });
});
