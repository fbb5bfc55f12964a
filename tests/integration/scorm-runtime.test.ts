import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scormKind, type ScormContent } from "~/activities/scorm/scorm.server";
import type { ActivityDefinition } from "~/activities/types";
import { definitionOf, enrol } from "~/courses/courses.server";
import { courseProgress } from "~/courses/progress.server";
import { issueCertificate } from "~/certificates/issue.server";
import { leadsToCertificate } from "~/courses/assessment";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import type { CompletionRule } from "~/scorm/cmi";
import { parseIsoDuration } from "~/scorm/cmi";
import { createContentApp } from "~/scorm/content-app.server";
import { importPackage } from "~/scorm/import.server";
import { contentStore } from "~/scorm/store.server";
import {
  createLaunch,
  createPreviewLaunch,
  initialCmi,
  MAX_COMMIT_SEQ,
  MAX_SEQ_JUMP,
  resolveLaunch,
  type LaunchTarget,
} from "~/scorm/runtime.server";
import { editCourse, FIXTURE_COURSES, syncFolder } from "../setup/courses";
import { createOrganisation, createUser, TEST_PASSWORD } from "../setup/factories";
import { importSharedPackage } from "../setup/scorm";
import { pseudonym } from "~/scorm/learner-identity.server";
import { writeTempZip } from "../setup/zip-writer";
import { NO_READING_RULES, realCourse } from "../setup/scorm-export";
import { exportScormPackage } from "~/scorm/export/package.server";
import { attachPackage } from "~/scorm/attachments.server";
import { loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";

// the env is parsed once (getEnv caches) and db.server reads it on import, so these have to
// be in process.env before any app module loads
const DIRS = await vi.hoisted(async () => {
  const { randomUUID } = await import("node:crypto");
  const { join } = await import("node:path");
  const { TMP } = await import("../setup/paths");
  const run = randomUUID();
  const dirs = { store: join(TMP, `scorm-store-${run}`), courses: join(TMP, `scorm-courses-${run}`) };
  process.env.SCORM_STORE_DIR = dirs.store;
  process.env.COURSES_DIR = dirs.courses;
  process.env.CONTENT_ORIGIN = "http://127.0.0.1:39999";
  return dirs;
});

const GOLF_12 = "moodle/singlescobasic.zip";
const RUNTIME_2004 = "moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip";

type Course = { courseId: string; activityId: string; packageId: string; rule: CompletionRule };

let server: http.Server;
let base: string;
let orgId: string;
let golf: { packageId: string; storagePath: string };
let runtime2004: { packageId: string };
let golfCompleted: Course;
let runtimeCompleted: Course;
let golfScore: Course;
let golfPassed: Course;

/** a course of its own with one module holding just this scorm activity */
async function makeCourse(
  packageId: string,
  completion: "completed" | "passed" | "score",
  minScore?: number,
): Promise<Course> {
  const courseId = `scorm-rt-${randomUUID().slice(0, 8)}`;
  const root = path.join(DIRS.courses, courseId);
  const dir = path.join(root, "course");
  mkdirSync(root, { recursive: true });
  cpSync(path.join(FIXTURE_COURSES, "scorm-course"), dir, { recursive: true });
  const activityId = "package";
  editCourse(dir, {
    "course.yaml": (t) => t.replace("id: scorm-course", `id: ${courseId}`),
    "elearning/module.yaml": (t) =>
      t.replace(
        /activities:[\s\S]*$/,
        [
          "activities:",
          `  - id: ${activityId}`,
          "    kind: scorm",
          `    package: ${packageId}`,
          "    title: Golf explained",
          "    estimatedMinutes: 20",
          `    completion: ${completion}`,
          ...(minScore === undefined ? [] : [`    minScore: ${minScore}`]),
          "",
        ].join("\n"),
      ),
  });
  await syncFolder(root);
  const rule: CompletionRule =
    completion === "score" ? { kind: "score", min: minScore! } : { kind: completion };
  return { courseId, activityId, packageId, rule };
}

/** a new learner enrolled on the course, and the launch target for its package */
async function learner(course: Course) {
  const user = await createUser({ name: "Dr Alex Morgan" });
  const enrolment = await enrol(user.id, course.courseId);
  const target: LaunchTarget = {
    userId: user.id,
    enrolmentId: enrolment.id,
    activityId: course.activityId,
    packageId: course.packageId,
    rule: course.rule,
  };
  return { user, enrolment, target };
}

function attemptOf(token: string) {
  return resolveLaunch(token).then((l) =>
    prisma.scormAttempt.findUniqueOrThrow({ where: { id: l!.attemptId } }),
  );
}

/** a launch made `seconds` ago: the time it may report is bounded by its age */
async function aged(token: string, seconds = 3600) {
  const launch = await resolveLaunch(token);
  await prisma.scormLaunch.update({
    where: { id: launch!.id },
    data: { createdAt: new Date(Date.now() - seconds * 1000) },
  });
  return token;
}

async function post(token: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/commit/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // some refusals are plain text
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** a GET with the path sent exactly as written (fetch would resolve "..") */
function rawGet(
  rawPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

function playerConfig(html: string) {
  const m = /<script type="application\/json" id="scorm-config">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as {
    version: string;
    commitUrl: string;
    scoUrl: string;
    itemId: string;
    seq: number;
    data: Record<string, string>;
  };
}

async function scormStatus(enrolment: { id: string; userId: string; courseVersionId: string }) {
  const version = await prisma.courseVersion.findUniqueOrThrow({ where: { id: enrolment.courseVersionId } });
  const def = definitionOf(version);
  const activities = def.modules
    .flatMap((m) => m.activities)
    .filter((a) => a.kind === "scorm") as ActivityDefinition<ScormContent>[];
  const statuses = await scormKind.statuses(enrolment, activities, def.rules);
  return { status: statuses.get(activities[0]!.id)!, def };
}

const fresh12 = (extra: Record<string, string> = {}) => ({
  "cmi.core.lesson_status": "incomplete",
  "cmi.core.lesson_location": "",
  "cmi.core.exit": "",
  "cmi.core.session_time": "0000:00:00.00",
  "cmi.suspend_data": "",
  ...extra,
});

beforeAll(async () => {
  mkdirSync(DIRS.store, { recursive: true });
  mkdirSync(DIRS.courses, { recursive: true });
  const org = await createOrganisation("royal_college");
  orgId = org.id;
  const g = await importSharedPackage(orgId, GOLF_12);
  const gv = await prisma.scormPackageVersion.findUniqueOrThrow({ where: { id: g.versionId } });
  golf = { packageId: g.packageId, storagePath: gv.storagePath };
  const r = await importSharedPackage(orgId, RUNTIME_2004);
  runtime2004 = { packageId: r.packageId };
  golfCompleted = await makeCourse(golf.packageId, "completed");
  runtimeCompleted = await makeCourse(runtime2004.packageId, "completed");
  golfScore = await makeCourse(golf.packageId, "score", 80);
  golfPassed = await makeCourse(golf.packageId, "passed");
  server = createContentApp().listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // beforeAll may have failed before the server started
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(DIRS.store, { recursive: true, force: true });
  rmSync(DIRS.courses, { recursive: true, force: true });
});

describe("review and preview launches save nothing", () => {
  it("a learner reviews the attempt that finished the part: review mode, no credit, commits refused without harm", async () => {
    const { target } = await learner(golfCompleted);
    // nothing to review before anything was finished
    await expect(createLaunch(target, null, { review: true })).rejects.toThrow("nothing to review");
    const first = await createLaunch(target, null);
    const done = fresh12({ "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "90" });
    expect((await post(first.token, { seq: 1, cmi: done })).json).toMatchObject({ applied: true });
    const finished = await attemptOf(first.token);

    const review = await createLaunch(target, null, { review: true });
    expect(review).toMatchObject({ mode: "review", attemptNumber: 1 });
    const config = playerConfig((await rawGet(`/player/${review.token}`)).body) as ReturnType<
      typeof playerConfig
    > & { mode: string };
    expect(config.mode).toBe("review");
    expect(config.data).toMatchObject({
      "cmi.core.lesson_mode": "review",
      "cmi.core.credit": "no-credit",
      "cmi.core.lesson_status": "completed",
    });
    const res = await post(review.token, {
      seq: 1,
      cmi: fresh12({ "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "0" }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, applied: false, reason: "review", completion: "completed" });
    const after = await prisma.scormAttempt.findUniqueOrThrow({ where: { id: finished.id } });
    expect(after).toEqual(finished);
    // the normal launch stays the attempt's current one: a review in another tab supersedes nothing
    expect((await post(first.token, { seq: 2, cmi: done })).json).toMatchObject({ applied: true });
  });

  it("an administrator's preview is an attempt of no enrolment, in browse mode, that commits never change", async () => {
    const admin = await createUser({ name: "Dr Admin Preview" });
    const preview = await createPreviewLaunch(golf.packageId, admin.id, null);
    expect(preview).toMatchObject({ mode: "preview", itemId: "item_1" });
    const config = playerConfig((await rawGet(`/player/${preview.token}`)).body);
    expect(config.data).toMatchObject({ "cmi.core.lesson_mode": "browse", "cmi.core.credit": "no-credit" });
    const res = await post(preview.token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_status": "passed" }) });
    expect(res.json).toMatchObject({ ok: true, applied: false, reason: "preview" });
    const again = await createPreviewLaunch(golf.packageId, admin.id, "item_1");
    const attempts = await prisma.scormAttempt.findMany({ where: { userId: admin.id } });
    // one preview attempt, reused, never saved to
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ enrolmentId: null, activityId: null, lastCommitAt: null, number: 0 });
    expect((await resolveLaunch(again.token))!.attemptId).toBe(attempts[0]!.id);
    await expect(createPreviewLaunch(golf.packageId, admin.id, "no-such-part")).rejects.toThrow(
      "does not exist",
    );
  });
});

describe("commits", () => {
  it("a valid 1.2 commit stores the columns and the whole cmi", async () => {
    const { user, target } = await learner(golfCompleted);
    const { token, itemId, attemptNumber } = await createLaunch(target, null);
    expect(itemId).toBe("item_1");
    expect(attemptNumber).toBe(1);
    const cmi = {
      "cmi.core.student_id": user.id,
      "cmi.core.lesson_status": "incomplete",
      "cmi.core.score.raw": "40",
      "cmi.core.score.min": "0",
      "cmi.core.score.max": "100",
      "cmi.core.lesson_location": "page-3",
      "cmi.core.exit": "suspend",
      "cmi.core.session_time": "0000:01:30.00",
      "cmi.suspend_data": "visited=1,2,3",
      "cmi.interactions.0.id": "q1",
      "cmi.interactions.0.result": "correct",
    };
    const res = await post(await aged(token), { seq: 1, cmi });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      ok: true,
      applied: true,
      completion: "incomplete",
      success: "unknown",
      satisfied: false,
    });
    const a = await attemptOf(token);
    expect(a).toMatchObject({
      completionStatus: "incomplete",
      successStatus: "unknown",
      scoreRaw: 40,
      scoreMin: 0,
      scoreMax: 100,
      scoreScaled: null,
      location: "page-3",
      suspendData: "visited=1,2,3",
      exit: "suspend",
      totalSeconds: 90,
      totalTime: "0000:01:30.00",
      satisfiedAt: null,
    });
    expect(a.lastCommitAt).not.toBeNull();
    expect(JSON.parse(a.cmi)).toEqual({ ...cmi, "cmi.core.total_time": "0000:01:30.00" });
  });

  it("a replayed or older sequence number changes nothing", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    expect(
      (await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "one" }) })).json,
    ).toMatchObject({ applied: true });
    const replay = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "replayed" }) });
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ ok: true, applied: false, reason: "duplicate" });
    expect((await attemptOf(token)).location).toBe("one");

    expect(
      (await post(token, { seq: 3, cmi: fresh12({ "cmi.core.lesson_location": "three" }) })).json,
    ).toMatchObject({ applied: true });
    const late = await post(token, { seq: 2, cmi: fresh12({ "cmi.core.lesson_location": "two" }) });
    expect(late.status).toBe(200);
    expect(late.json).toMatchObject({ ok: true, applied: false, reason: "out_of_order" });
    const a = await attemptOf(token);
    expect(a.location).toBe("three");
    expect(JSON.parse(a.cmi)["cmi.core.lesson_location"]).toBe("three");
  });

  it("a burst of commits in parallel: the highest seq wins, and each one not applied says it was out of order", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post(token, { seq: i + 1, cmi: fresh12({ "cmi.core.lesson_location": `p${i + 1}` }) }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const refused = replies.filter((r) => r.json.applied === false);
    for (const r of refused) expect(r.json.reason).toBe("out_of_order");
    expect((await attemptOf(token)).location).toBe("p30");
  });

  it("a forged learner id only reaches the token's own attempt", async () => {
    const a = await learner(golfCompleted);
    const b = await learner(golfCompleted);
    const la = await createLaunch(a.target, null);
    const lb = await createLaunch(b.target, null);
    await post(lb.token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "b-page" }) });
    const before = await attemptOf(lb.token);

    const res = await post(la.token, {
      seq: 1,
      cmi: fresh12({ "cmi.core.student_id": b.user.id, "cmi.core.lesson_location": "forged" }),
    });
    expect(res.json).toMatchObject({ applied: true });
    const mine = await attemptOf(la.token);
    expect(mine.userId).toBe(a.user.id);
    expect(mine.location).toBe("forged");
    expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect(await prisma.scormAttempt.count({ where: { userId: b.user.id } })).toBe(1);
    // the next launch tells the content who the learner really is (as the college knows them)
    const again = await createLaunch(a.target, null);
    const told = (await initialCmi((await resolveLaunch(again.token))!))["cmi.core.student_id"];
    expect(told).toMatch(/^learner-/);
    expect(told).not.toBe(b.user.id);
  });

  it("an unknown or expired token is refused and writes nothing", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const before = await attemptOf(token);

    const random = randomBytes(32).toString("base64url");
    const unknown = await post(random, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "x" }) });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ ok: false });
    // not even the shape of a token: no route
    expect((await post("short", { seq: 1, cmi: fresh12() })).status).toBe(404);

    const launch = (await resolveLaunch(token))!;
    await prisma.scormLaunch.update({
      where: { id: launch.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "late" }) });
    expect(expired.status).toBe(401);
    expect(await resolveLaunch(token)).toBeNull();
    expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect((await prisma.scormLaunch.findUniqueOrThrow({ where: { id: launch.id } })).lastSeq).toBe(0);
  });

  it("a player link does not outlive its session: signing out, or changing the password, ends it", async () => {
    const { user, target } = await learner(golfCompleted);
    const { newSessionRow, endSession, changePassword } = await import("~/auth/accounts.server");
    const device = { ip: "127.0.0.1", userAgent: "test" };
    const first = await createLaunch(target, null);
    expect(await resolveLaunch(first.token)).not.toBeNull();
    const session = await prisma.session.create({ data: newSessionRow(user.id, device) });
    await endSession(session.id);
    expect(await resolveLaunch(first.token)).toBeNull();
    expect((await post(first.token, { seq: 1, cmi: fresh12() })).status).toBe(401);

    const second = await createLaunch(target, null);
    await changePassword(user.id, device, TEST_PASSWORD, "a brand new password 2026");
    expect(await resolveLaunch(second.token)).toBeNull();
  });

  it("an attempt the learner has moved on from is closed: its old window gets 409 and changes nothing", async () => {
    const { target } = await learner(golfPassed);
    const { token: first } = await createLaunch(target, null);
    await aged(first, 120);
    await post(first, {
      seq: 1,
      cmi: fresh12({
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "90",
        "cmi.core.session_time": "0000:00:20.00",
      }),
    });
    const before = await attemptOf(first);
    const second = await createLaunch(target, null, { newAttempt: true });
    expect((await attemptOf(second.token)).id).not.toBe(before.id);
    const late = await post(first, {
      seq: 2,
      cmi: fresh12({
        "cmi.core.lesson_status": "failed",
        "cmi.core.score.raw": "0",
        "cmi.core.lesson_location": "HACKED",
      }),
    });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatch(/newer attempt/);
    const after = await prisma.scormAttempt.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({
      scoreRaw: 90,
      totalSeconds: 20,
      location: before.location,
      cmi: before.cmi,
    });
  });

  it("a superseded launch gets 409 and does not write", async () => {
    const { target } = await learner(golfCompleted);
    const first = await createLaunch(target, null);
    await post(first.token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "first" }) });
    const second = await createLaunch(target, null);
    expect(second.attemptNumber).toBe(1);

    const stale = await post(first.token, { seq: 2, cmi: fresh12({ "cmi.core.lesson_location": "stale" }) });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ ok: false });
    expect((await attemptOf(second.token)).location).toBe("first");

    expect(
      (await post(second.token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "second" }) })).status,
    ).toBe(200);
    expect((await attemptOf(second.token)).location).toBe("second");
  });
});

describe("commit limits", () => {
  it("a launch may commit SCORM_COMMITS_PER_MINUTE times a minute; the next gets 429 with Retry-After and changes nothing", async () => {
    const perMinute = getEnv().SCORM_COMMITS_PER_MINUTE;
    expect(perMinute).toBe(120);
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const launch = (await resolveLaunch(token))!;
    // a sco calling Commit in a loop
    for (let seq = 1; seq <= perMinute; seq++) {
      const res = await post(token, { seq, cmi: fresh12({ "cmi.core.lesson_location": `page-${seq}` }) });
      expect(res.status, `commit ${seq}`).toBe(200);
    }
    const before = await attemptOf(token);
    expect(before.location).toBe(`page-${perMinute}`);

    const over = await post(token, {
      seq: perMinute + 1,
      cmi: fresh12({ "cmi.core.lesson_location": "too many" }),
    });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ ok: false, error: expect.stringMatching(/Too many saves/) });
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.json.retryAfterSeconds).toBe(retryAfter);
    expect(await attemptOf(token)).toEqual(before);
    expect((await prisma.scormLaunch.findUniqueOrThrow({ where: { id: launch.id } })).lastSeq).toBe(
      perMinute,
    );

    // another learner's launch has its own allowance
    const other = await createLaunch((await learner(golfCompleted)).target, null);
    expect((await post(other.token, { seq: 1, cmi: fresh12() })).status).toBe(200);

    // a minute on, the refused commit sent again is saved: nothing was lost
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    let later: Awaited<ReturnType<typeof post>>;
    try {
      later = await post(token, {
        seq: perMinute + 1,
        cmi: fresh12({ "cmi.core.lesson_location": "too many" }),
      });
    } finally {
      vi.useRealTimers();
    }
    expect(later.status).toBe(200);
    expect(later.json).toMatchObject({ applied: true });
    expect((await attemptOf(token)).location).toBe("too many");
  });

  it("a seq more than 10,000 past the last applied one is refused with 400 and changes nothing; later commits still apply", async () => {
    expect(MAX_SEQ_JUMP).toBe(10_000);
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const launch = (await resolveLaunch(token))!;
    expect((await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "one" }) })).status).toBe(
      200,
    );
    const before = await attemptOf(token);

    for (const seq of [1 + MAX_SEQ_JUMP + 1, MAX_COMMIT_SEQ, MAX_COMMIT_SEQ + 1, Number.MAX_SAFE_INTEGER]) {
      const res = await post(token, { seq, cmi: fresh12({ "cmi.core.lesson_location": "jumped" }) });
      expect(res.status, String(seq)).toBe(400);
      expect(res.json.ok, String(seq)).toBe(false);
      expect(res.json.error, String(seq)).toEqual(expect.any(String));
    }
    const jump = await post(token, { seq: 1 + MAX_SEQ_JUMP + 1, cmi: fresh12() });
    expect(jump.json.error).toMatch(/too far ahead of the last one saved \(1\).*Nothing was saved/);
    expect(await attemptOf(token)).toEqual(before);
    expect((await prisma.scormLaunch.findUniqueOrThrow({ where: { id: launch.id } })).lastSeq).toBe(1);

    // the next real commits are not "duplicates": the jump took nothing
    const next = await post(token, { seq: 2, cmi: fresh12({ "cmi.core.lesson_location": "two" }) });
    expect(next.json).toMatchObject({ ok: true, applied: true });
    // exactly 10,000 ahead is a gap the player could leave (lost requests), so it is taken
    const edge = await post(token, {
      seq: 2 + MAX_SEQ_JUMP,
      cmi: fresh12({ "cmi.core.lesson_location": "edge" }),
    });
    expect(edge.json).toMatchObject({ ok: true, applied: true });
    expect((await attemptOf(token)).location).toBe("edge");
  });
});

describe("suspend_data bounds", () => {
  it("1.2: 4097 characters are refused with 405, 4096 are kept", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const over = await post(token, { seq: 1, cmi: fresh12({ "cmi.suspend_data": "x".repeat(4097) }) });
    expect(over.status).toBe(422);
    expect((over.json.errors as { code: number; element: string }[])[0]).toMatchObject({
      code: 405,
      element: "cmi.suspend_data",
    });
    let a = await attemptOf(token);
    expect(a.suspendData).toBeNull();
    expect(a.lastCommitAt).toBeNull();
    expect(a.cmi).toBe("{}");

    // the refused commit did not use up its sequence number
    const exact = await post(token, { seq: 1, cmi: fresh12({ "cmi.suspend_data": "y".repeat(4096) }) });
    expect(exact.status).toBe(200);
    expect(exact.json).toMatchObject({ applied: true });
    a = await attemptOf(token);
    expect(a.suspendData).toBe("y".repeat(4096));
  });

  it("2004: 64,000 characters are kept in full, more than the server maximum is refused with 407", async () => {
    const { target } = await learner(runtimeCompleted);
    const { token } = await createLaunch(target, null);
    const big = "z".repeat(64_000);
    const ok = await post(token, {
      seq: 1,
      cmi: { "cmi.completion_status": "incomplete", "cmi.suspend_data": big },
    });
    expect(ok.status).toBe(200);
    let a = await attemptOf(token);
    expect(a.suspendData).toBe(big);
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.suspend_data"]).toBe(big);

    const max = getEnv().SCORM_SUSPEND_DATA_MAX;
    expect(max).toBe(256_000);
    const over = await post(token, {
      seq: 2,
      cmi: { "cmi.completion_status": "completed", "cmi.suspend_data": "w".repeat(max + 1) },
    });
    expect(over.status).toBe(422);
    expect((over.json.errors as { code: number; element: string }[])[0]).toMatchObject({
      code: 407,
      element: "cmi.suspend_data",
    });
    a = await attemptOf(token);
    expect(a.suspendData).toBe(big);
    expect(a.completionStatus).toBe("incomplete");
    expect(a.satisfiedAt).toBeNull();

    const exact = await post(token, { seq: 2, cmi: { "cmi.suspend_data": "v".repeat(max) } });
    expect(exact.status).toBe(200);
    expect((await attemptOf(token)).suspendData).toHaveLength(max);
  });
});

describe("refused requests", () => {
  it("bad bodies get 400, bad types 422, a huge body 413, and nothing is written", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const before = await attemptOf(token);

    const bad = await post(token, "{not json");
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false });
    for (const body of [
      "[]",
      '"text"',
      "null",
      "42",
      "",
      { cmi: fresh12() },
      { seq: 0, cmi: fresh12() },
      { seq: -1, cmi: fresh12() },
      { seq: 1.5, cmi: fresh12() },
      { seq: "1", cmi: fresh12() },
      { seq: 1 },
      { seq: 1, cmi: "cmi.core.lesson_status=passed" },
      { seq: 1, cmi: ["passed"] },
      { seq: 1, cmi: null },
      { seq: 1, cmi: fresh12(), attemptId: before.id },
    ]) {
      const res = await post(token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }

    const types = await post(token, {
      seq: 1,
      cmi: { "cmi.core.lesson_status": "passed", "cmi.core.score.raw": 90 },
    });
    expect(types.status).toBe(422);
    expect(types.json.errors).toEqual([expect.objectContaining({ element: "cmi.core.score.raw" })]);
    const vocabulary = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_status": "done" }) });
    expect(vocabulary.status).toBe(422);
    expect((vocabulary.json.errors as { code: number }[])[0]!.code).toBe(405);

    const huge = await post(token, {
      seq: 1,
      cmi: fresh12({ "cmi.suspend_data": "h".repeat(8 * 1024 * 1024 + 1) }),
    });
    expect(huge.status).toBe(413);

    expect(await prisma.scormAttempt.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect((await prisma.scormLaunch.findFirstOrThrow({ where: { attemptId: before.id } })).lastSeq).toBe(0);
  });

  it("a cross-origin post gets 403; the content origin itself is let through", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const body = { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "evil" }) };
    const cross = await post(token, body, { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.json).toMatchObject({ ok: false });
    const app = await post(token, body, { origin: new URL(getEnv().APP_URL).origin });
    expect(app.status).toBe(403);
    const a = await attemptOf(token);
    expect(a.lastCommitAt).toBeNull();
    expect(a.location).toBeNull();

    const same = await post(token, body, { origin: getEnv().CONTENT_ORIGIN });
    expect(same.status).toBe(200);
    expect((await attemptOf(token)).location).toBe("evil");
  });
});

describe("total time", () => {
  it("1.2: adds each session's time once; the client's total_time is ignored", async () => {
    const { target } = await learner(golfCompleted);
    const one = await createLaunch(target, null);
    await aged(one.token);
    await post(one.token, {
      seq: 1,
      cmi: fresh12({ "cmi.core.session_time": "0000:05:00.00", "cmi.core.total_time": "0100:00:00.00" }),
    });
    expect((await attemptOf(one.token)).totalSeconds).toBe(300);
    // session_time is the whole session so far, not what was added since the last commit
    await post(one.token, {
      seq: 2,
      cmi: fresh12({ "cmi.core.session_time": "0000:10:00.00", "cmi.core.total_time": "0100:00:00.00" }),
    });
    let a = await attemptOf(one.token);
    expect(a.totalSeconds).toBe(600);
    expect(a.totalTime).toBe("0000:10:00.00");

    const two = await createLaunch(target, null);
    await aged(two.token);
    expect((await initialCmi((await resolveLaunch(two.token))!))["cmi.core.total_time"]).toBe(
      "0000:10:00.00",
    );
    const res = await post(two.token, {
      seq: 1,
      cmi: fresh12({ "cmi.core.session_time": "0000:05:30.50", "cmi.core.total_time": "9999:00:00.00" }),
    });
    expect(res.status).toBe(200);
    a = await attemptOf(two.token);
    expect(a.totalSeconds).toBe(930.5);
    expect(a.totalTime).toBe("0000:15:30.50");
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.core.total_time"]).toBe("0000:15:30.50");
  });

  it("2004: ISO durations add up the same way", async () => {
    const { target } = await learner(runtimeCompleted);
    const one = await createLaunch(target, null);
    await aged(one.token);
    await post(one.token, { seq: 1, cmi: { "cmi.session_time": "PT4M", "cmi.total_time": "PT100H" } });
    await post(one.token, { seq: 2, cmi: { "cmi.session_time": "PT10M", "cmi.total_time": "PT100H" } });
    expect((await attemptOf(one.token)).totalSeconds).toBe(600);

    const two = await createLaunch(target, null);
    await aged(two.token);
    await post(two.token, { seq: 1, cmi: { "cmi.session_time": "PT5M30.5S", "cmi.total_time": "P1Y" } });
    const a = await attemptOf(two.token);
    expect(a.totalSeconds).toBe(930.5);
    expect(a.totalTime).toBe("PT15M30.5S");
    expect(parseIsoDuration(a.totalTime)).toBe(930.5);
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.total_time"]).toBe("PT15M30.5S");
  });

  it("a session is never counted as longer than it has lasted: 10,000 hours from a launch an hour old counts as the hour", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    await aged(token, 3600);
    const res = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.session_time": "9999:59:59.99" }) });
    expect(res.json).toMatchObject({ applied: true });
    const a = await attemptOf(token);
    // the launch's age, give or take the test's own seconds
    expect(a.totalSeconds).toBeGreaterThanOrEqual(3600);
    expect(a.totalSeconds).toBeLessThan(3640);
    // relaunching again and again, each claiming an hour, adds only the seconds that passed
    const other = await learner(runtimeCompleted);
    for (let i = 0; i < 5; i++) {
      const { token: again } = await createLaunch(other.target, null);
      await post(again, { seq: 1, cmi: { "cmi.session_time": "PT1H" } });
    }
    const { token: last } = await createLaunch(other.target, null);
    expect((await attemptOf(last)).totalSeconds).toBeLessThan(30);
  });

  it("a later commit without a session time does not take the recorded time away", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    await aged(token, 600);
    await post(token, { seq: 1, cmi: fresh12({ "cmi.core.session_time": "0000:05:00.00" }) });
    const { "cmi.core.session_time": _dropped, ...withoutTime } = fresh12({
      "cmi.core.lesson_location": "p2",
    });
    await post(token, { seq: 2, cmi: withoutTime });
    const a = await attemptOf(token);
    expect(a.location).toBe("p2");
    expect(a.totalSeconds).toBe(300);
  });
});

describe("our own course exported as SCORM and brought back", () => {
  it("a forged pass of the package completes that package only: the course's quiz still needs passing here, and no certificate comes", async () => {
    // the mentoring course's "questioning" module, exported as scorm 1.2 and imported by a
    // college, attached (required) to a copy of the demo course beside its quiz and role-play
    const { dir: _dir, hash, ...definition } = await realCourse();
    const { zip } = await exportScormPackage(
      { definition, hash },
      { version: "1.2", moduleId: "questioning", ...NO_READING_RULES },
    );
    const zipPath = path.join(DIRS.store, `exported-${randomUUID()}.zip`);
    mkdirSync(DIRS.store, { recursive: true });
    writeFileSync(zipPath, zip);
    const imported = await importPackage({
      zipPath,
      originalName: "questioning.zip",
      organisationId: orgId,
      uploadedById: null,
    });
    const courseId = `exported-back-${randomUUID().slice(0, 8)}`;
    const root = path.join(DIRS.courses, courseId);
    cpSync(path.join(FIXTURE_COURSES, "demo-course"), root, { recursive: true });
    editCourse(root, { "course.yaml": (t) => t.replace("id: demo-course", `id: ${courseId}`) });
    // the other tests' courses sit a level deeper (see makeCourse): only this one is synced
    await syncCourses(
      (await loadCourses(DIRS.courses)).courses.filter((c) => c.id === courseId),
      {
        deactivateMissing: false,
      },
    );
    const admin = await createUser({ isAdmin: true });
    const { activityId } = await attachPackage({
      packageId: imported.packageId,
      courseId,
      moduleId: "basics",
      rule: "passed",
      required: true,
      actorId: admin.id,
      organisationId: orgId,
    });
    const user = await createUser({ name: "Dr Bo Tang" });
    const enrolment = await enrol(user.id, courseId);
    const { token } = await createLaunch(
      {
        userId: user.id,
        enrolmentId: enrolment.id,
        activityId,
        packageId: imported.packageId,
        rule: { kind: "passed" },
      },
      null,
    );
    const forged = await post(token, {
      seq: 1,
      cmi: fresh12({
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "100",
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
      }),
    });
    expect(forged.json).toMatchObject({ applied: true, satisfied: true });
    const def = definitionOf(
      await prisma.courseVersion.findUniqueOrThrow({ where: { id: enrolment.courseVersionId } }),
    );
    const progress = await courseProgress(enrolment, def);
    expect(progress.state).not.toBe("completed");
    const basics = progress.modules.find((m) => m.id === "basics")!;
    expect(basics.activities.find((a) => a.id === activityId)?.status.state).toBe("completed");
    expect(basics.activities.find((a) => a.id === "basics-quiz")?.status.state).not.toBe("completed");
    expect(leadsToCertificate(def)).toBe(true);
    expect(await issueCertificate(enrolment.id)).toBeNull();
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(0);
    expect(
      (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt,
    ).toBeNull();
  });
});

describe("completion", () => {
  it("completion is sticky: once the rule is met, a later commit cannot take the results back", async () => {
    const { enrolment, target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    expect((await scormStatus(enrolment)).status.state).toBe("in_progress");

    const done = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_status": "completed" }) });
    expect(done.json).toMatchObject({ applied: true, completion: "completed", satisfied: true });
    let a = await attemptOf(token);
    expect(a.satisfiedAt).not.toBeNull();
    const satisfiedAt = a.satisfiedAt;
    const { status, def } = await scormStatus(enrolment);
    expect(status.state).toBe("completed");
    expect((await courseProgress(enrolment, def)).state).toBe("completed");
    const completedAt = (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } }))
      .completedAt;
    expect(completedAt).not.toBeNull();
    // a SCORM package marks itself in the browser: a course with no quiz or role-play records
    // the completion but never certifies it
    expect(leadsToCertificate(def)).toBe(false);
    expect(await issueCertificate(enrolment.id)).toBeNull();
    expect(await prisma.certificate.count({ where: { enrolmentId: enrolment.id } })).toBe(0);

    // the content saves again after finishing: its bookmark is kept, its results are not undone
    const undo = await post(token, {
      seq: 2,
      cmi: fresh12({ "cmi.core.lesson_status": "not attempted", "cmi.core.lesson_location": "end" }),
    });
    expect(undo.json).toMatchObject({ applied: true, completion: "completed", satisfied: true });
    a = await attemptOf(token);
    expect(a.completionStatus).toBe("completed");
    expect(a.location).toBe("end");
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.core.lesson_status"]).toBe("completed");
    expect(a.satisfiedAt).toEqual(satisfiedAt);
    expect((await scormStatus(enrolment)).status.state).toBe("completed");
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt).toEqual(
      completedAt,
    );
  });

  it("a commit that only saves suspend_data or a bookmark stores it without working out course progress again; a status change does", async () => {
    const { enrolment, target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const snapshot = () =>
      prisma.enrolment.findUniqueOrThrow({
        where: { id: enrolment.id },
        select: { progressAt: true, progressState: true, lastActivityAt: true },
      });
    const first = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_status": "incomplete" }) });
    expect(first.json).toMatchObject({ applied: true });
    const afterFirst = await snapshot();
    expect(afterFirst.progressState).toBe("in_progress");
    expect(afterFirst.progressAt).not.toBeNull();

    // suspend_data and location only: saved, progress left as it was
    const save = await post(token, {
      seq: 2,
      cmi: fresh12({
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": "page-7",
        "cmi.suspend_data": "x".repeat(1500),
      }),
    });
    expect(save.json).toMatchObject({ applied: true, completion: "incomplete" });
    const a = await attemptOf(token);
    expect(a.location).toBe("page-7");
    expect(a.suspendData).toHaveLength(1500);
    expect((await snapshot()).progressAt).toEqual(afterFirst.progressAt);

    // the status moves: progress is worked out, and the course completes
    const done = await post(token, {
      seq: 3,
      cmi: fresh12({ "cmi.core.lesson_status": "completed", "cmi.core.lesson_location": "page-7" }),
    });
    expect(done.json).toMatchObject({ applied: true, satisfied: true });
    const afterDone = await snapshot();
    expect(afterDone.progressState).toBe("completed");
    expect(afterDone.progressAt!.getTime()).toBeGreaterThan(afterFirst.progressAt!.getTime());
  });

  it('rule "score" with minScore 80: 70 of 100 is not enough, 85 is', async () => {
    const { enrolment, target } = await learner(golfScore);
    const { token } = await createLaunch(target, null);
    const low = await post(token, {
      seq: 1,
      cmi: fresh12({
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "70",
        "cmi.core.score.max": "100",
      }),
    });
    expect(low.json).toMatchObject({ applied: true, satisfied: false });
    expect((await attemptOf(token)).satisfiedAt).toBeNull();
    expect((await scormStatus(enrolment)).status).toMatchObject({ state: "in_progress", score: 70 });

    const high = await post(token, {
      seq: 2,
      cmi: fresh12({
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "85",
        "cmi.core.score.max": "100",
      }),
    });
    expect(high.json).toMatchObject({ applied: true, satisfied: true });
    expect((await attemptOf(token)).satisfiedAt).not.toBeNull();
    expect((await scormStatus(enrolment)).status).toMatchObject({ state: "completed", score: 85 });
    expect(
      (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt,
    ).not.toBeNull();

    // a lower score afterwards does not replace the one that met the rule; a higher one does
    const lower = await post(token, {
      seq: 3,
      cmi: fresh12({
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.score.raw": "10",
        "cmi.core.score.max": "100",
      }),
    });
    expect(lower.json).toMatchObject({ applied: true, completion: "completed", satisfied: true });
    let a = await attemptOf(token);
    expect(a.scoreRaw).toBe(85);
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.core.score.raw"]).toBe("85");
    const higher = await post(token, {
      seq: 4,
      cmi: fresh12({
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "95",
        "cmi.core.score.max": "100",
      }),
    });
    expect(higher.json).toMatchObject({ applied: true });
    a = await attemptOf(token);
    expect(a.scoreRaw).toBe(95);
    expect((await scormStatus(enrolment)).status).toMatchObject({ state: "completed", score: 95 });
  });

  it('rule "passed": completed but failed is not enough', async () => {
    const { enrolment, target } = await learner(golfPassed);
    const { token } = await createLaunch(target, null);
    const failed = await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_status": "failed" }) });
    expect(failed.json).toMatchObject({ completion: "completed", success: "failed", satisfied: false });
    expect((await scormStatus(enrolment)).status.state).toBe("in_progress");
    expect(
      (await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).completedAt,
    ).toBeNull();

    const passed = await post(token, { seq: 2, cmi: fresh12({ "cmi.core.lesson_status": "passed" }) });
    expect(passed.json).toMatchObject({ completion: "completed", success: "passed", satisfied: true });
    expect((await scormStatus(enrolment)).status).toMatchObject({ state: "completed", passed: true });

    // the same launch's token cannot turn the pass back into a fail
    const back = await post(token, { seq: 3, cmi: fresh12({ "cmi.core.lesson_status": "failed" }) });
    expect(back.json).toMatchObject({ applied: true, success: "passed", satisfied: true });
    const a = await attemptOf(token);
    expect(a.successStatus).toBe("passed");
    expect((JSON.parse(a.cmi) as Record<string, string>)["cmi.core.lesson_status"]).toBe("passed");
  });

  it("2004: a recorded pass and completion are kept when the content later reports less", async () => {
    const { target } = await learner(runtimeCompleted);
    const { token } = await createLaunch(target, null);
    await post(token, {
      seq: 1,
      cmi: {
        "cmi.completion_status": "completed",
        "cmi.success_status": "passed",
        "cmi.score.scaled": "0.9",
      },
    });
    const back = await post(token, {
      seq: 2,
      cmi: {
        "cmi.completion_status": "incomplete",
        "cmi.success_status": "unknown",
        "cmi.score.scaled": "0.2",
        "cmi.location": "page-2",
      },
    });
    expect(back.json).toMatchObject({ applied: true, completion: "completed", success: "passed" });
    const a = await attemptOf(token);
    expect(a).toMatchObject({
      completionStatus: "completed",
      successStatus: "passed",
      scoreScaled: 0.9,
      location: "page-2",
    });
    const cmi = JSON.parse(a.cmi) as Record<string, string>;
    expect(cmi["cmi.completion_status"]).toBe("completed");
    expect(cmi["cmi.success_status"]).toBe("passed");
    expect(cmi["cmi.score.scaled"]).toBe("0.9");
  });
});

describe("launches", () => {
  it("resumes the attempt with its saved state; newAttempt starts afresh", async () => {
    const { user, target } = await learner(golfCompleted);
    const first = await createLaunch(target, null);
    expect(first.resumed).toBe(false);
    const fresh = await initialCmi((await resolveLaunch(first.token))!);
    expect(fresh["cmi.core.entry"]).toBe("ab-initio");
    await post(await aged(first.token), {
      seq: 1,
      cmi: fresh12({
        "cmi.core.lesson_location": "5",
        "cmi.suspend_data": "abc",
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "0000:02:00.00",
      }),
    });

    const again = await createLaunch(target, null);
    expect(again).toMatchObject({ attemptNumber: 1, resumed: true, itemId: "item_1" });
    expect(again.playerUrl).toBe(`${getEnv().CONTENT_ORIGIN}/player/${again.token}`);
    const data = await initialCmi((await resolveLaunch(again.token))!);
    expect(data).toMatchObject({
      "cmi.core.entry": "resume",
      "cmi.core.lesson_location": "5",
      "cmi.suspend_data": "abc",
      "cmi.core.lesson_status": "incomplete",
      "cmi.core.total_time": "0000:02:00.00",
      "cmi.core.credit": "credit",
      "cmi.core.lesson_mode": "normal",
    });
    // not a member of the package's college: the content is told only the college's pseudonym,
    // so it cannot write the learner's name where the college reads it back
    expect(data["cmi.core.student_name"]).toBe(pseudonym(orgId, user.id));
    expect(data["cmi.core.student_id"]).toMatch(/^learner-[0-9a-f]{16}$/);
    expect(JSON.stringify(data)).not.toContain(user.id);
    expect(JSON.stringify(data)).not.toContain("Morgan");
    // what the last session reported about itself does not carry over
    expect(data["cmi.core.session_time"]).toBeUndefined();
    expect(data["cmi.core.exit"]).toBeUndefined();

    const page = await fetch(`${base}/player/${again.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain(
      `frame-ancestors ${new URL(getEnv().APP_URL).origin}`,
    );
    expect(page.headers.get("cache-control")).toBe("no-store");
    const config = playerConfig(await page.text());
    expect(config).toMatchObject({
      version: "1.2",
      itemId: "item_1",
      commitUrl: `/commit/${again.token}`,
      scoUrl: `/c/${again.token}/shared/launchpage.html`,
    });
    expect(config.data).toEqual(data);

    const restart = await createLaunch(target, null, { newAttempt: true });
    expect(restart).toMatchObject({ attemptNumber: 2, resumed: false });
    const clean = await initialCmi((await resolveLaunch(restart.token))!);
    expect(clean["cmi.core.entry"]).toBe("ab-initio");
    expect(clean["cmi.suspend_data"]).toBeUndefined();
    expect(clean["cmi.core.lesson_location"]).toBeUndefined();
    expect(clean["cmi.core.total_time"]).toBe("0000:00:00.00");
    const restartPage = playerConfig(await (await fetch(`${base}/player/${restart.token}`)).text());
    expect(restartPage.data["cmi.suspend_data"]).toBeUndefined();
    expect(restartPage.data["cmi.core.entry"]).toBe("ab-initio");
    // the old attempt's launch was for attempt 1 and is still its current one
    expect((await attemptOf(again.token)).number).toBe(1);

    // a member of the college: by name
    await prisma.membership.create({ data: { userId: user.id, organisationId: orgId, role: "trainee" } });
    const member = await initialCmi((await resolveLaunch((await createLaunch(target, null)).token))!);
    expect(member).toMatchObject({
      "cmi.core.student_id": user.id,
      "cmi.core.student_name": "Morgan, Dr Alex",
    });
  });

  it("the player page carries the launch's last saved seq, so a reloaded wrapper's next commit is applied", async () => {
    const { target } = await learner(golfCompleted);
    const { token } = await createLaunch(target, null);
    const config = async () => playerConfig(await (await fetch(`${base}/player/${token}`)).text());
    expect((await config()).seq).toBe(0);
    await post(token, { seq: 1, cmi: fresh12({ "cmi.core.lesson_location": "one" }) });
    await post(token, { seq: 2, cmi: fresh12({ "cmi.core.lesson_location": "two" }) });
    const reloaded = await config();
    expect(reloaded.seq).toBe(2);
    const next = await post(token, {
      seq: reloaded.seq + 1,
      cmi: fresh12({ "cmi.core.lesson_location": "after reload" }),
    });
    expect(next.json).toMatchObject({ ok: true, applied: true });
    expect((await attemptOf(token)).location).toBe("after reload");
  });

  it("the player page keeps saved data inert inside its json config", async () => {
    const { target } = await learner(golfCompleted);
    const first = await createLaunch(target, null);
    const hostile = "</script><script>alert(1)</script><!--&";
    await post(first.token, {
      seq: 1,
      cmi: fresh12({ "cmi.suspend_data": hostile, "cmi.core.exit": "suspend" }),
    });
    const again = await createLaunch(target, null);
    const html = await (await fetch(`${base}/player/${again.token}`)).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<!--&");
    expect(playerConfig(html).data["cmi.suspend_data"]).toBe(hostile);
  });

  it("a learner stays on the package version they started; a new learner gets the newest", async () => {
    const imported = await importSharedPackage(orgId, GOLF_12);
    const course = await makeCourse(imported.packageId, "completed");
    const a = await learner(course);
    const first = await createLaunch(a.target, null);
    expect((await attemptOf(first.token)).versionId).toBe(imported.versionId);

    const next = await importSharedPackage(orgId, GOLF_12, imported.packageId);
    expect(next).toMatchObject({ packageId: imported.packageId, versionNumber: 2 });
    expect(next.versionId).not.toBe(imported.versionId);

    const later = await createLaunch(a.target, null);
    expect((await attemptOf(later.token)).versionId).toBe(imported.versionId);
    const newer = await createLaunch(a.target, null, { newAttempt: true });
    expect((await attemptOf(newer.token)).versionId).toBe(imported.versionId);

    const b = await learner(course);
    const theirs = await createLaunch(b.target, null);
    expect((await attemptOf(theirs.token)).versionId).toBe(next.versionId);
  });

  it("refuses an item that is not in the package", async () => {
    const { target } = await learner(golfCompleted);
    await expect(createLaunch(target, "no_such_item")).rejects.toMatchObject({ status: 404 });
    expect(await prisma.scormAttempt.count({ where: { enrolmentId: target.enrolmentId } })).toBe(0);
  });
});

describe("content files", () => {
  let token: string;
  let root: string;

  beforeAll(async () => {
    const { target } = await learner(golfCompleted);
    token = (await createLaunch(target, null)).token;
    root = contentStore().versionDir(golf.storagePath);
    writeFileSync(path.join(root, ".secret"), "dotfile");
    writeFileSync(path.join(root, "shared", ".env"), "SECRET=1");
  });

  it("serves package files with their type and the security headers", async () => {
    const cases: [string, RegExp][] = [
      ["shared/launchpage.html", /^text\/html/],
      ["shared/scormfunctions.js", /^application\/javascript/],
      ["Etiquette/course.jpg", /^image\/jpeg/],
      ["shared/style.css", /^text\/css/],
    ];
    for (const [file, type] of cases) {
      const res = await fetch(`${base}/c/${token}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type"), file).toMatch(type);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, file).toContain(`frame-ancestors 'self' ${new URL(getEnv().APP_URL).origin}`);
      expect(csp, file).toContain("connect-src 'self'");
      expect(res.headers.get("referrer-policy"), file).toBe("no-referrer");
      expect(res.headers.get("x-content-type-options"), file).toBe("nosniff");
      await res.arrayBuffer();
    }
    const html = await (await fetch(`${base}/c/${token}/shared/launchpage.html`)).text();
    expect(html).toContain("<html");
  });

  it("never serves anything outside the package, a directory or a dotfile", async () => {
    for (const p of [
      "../../package.json",
      "shared/../../../package.json",
      "%2e%2e%2f%2e%2e%2fpackage.json",
      "%2e%2e/%2e%2e/package.json",
      "..%2f..%2f..%2f..%2fpackage.json",
      "..%5c..%5cpackage.json",
      "shared%5c..%5c..%5cpackage.json",
      "%252e%252e%252fpackage.json",
      "./imsmanifest.xml/../../package.json",
      "shared/",
      "shared",
      "Etiquette/",
      "missing.html",
      "shared/missing.js",
      ".secret",
      "shared/.env",
      "%2esecret",
      "shared%2f.env",
    ]) {
      const res = await rawGet(`/c/${token}/${p}`);
      expect([400, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('"name"');
      expect(res.body, p).not.toContain("SECRET");
      expect(res.body, p).not.toContain("dotfile");
      expect(res.headers["content-type"] ?? "", p).not.toMatch(/html/);
    }
    // a traversal never reaches the root-level files around the store either
    const up = await rawGet(`/c/${token}/../${token}/shared/launchpage.html`);
    expect(up.status).toBe(404);
  });

  it("an unknown or expired token gets 401 for the player and the files", async () => {
    const random = randomBytes(32).toString("base64url");
    expect((await fetch(`${base}/c/${random}/shared/launchpage.html`)).status).toBe(401);
    expect((await fetch(`${base}/player/${random}`)).status).toBe(401);

    const { target } = await learner(golfCompleted);
    const launch = await createLaunch(target, null);
    const row = (await resolveLaunch(launch.token))!;
    await prisma.scormLaunch.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await fetch(`${base}/c/${launch.token}/shared/launchpage.html`)).status).toBe(401);
    expect((await fetch(`${base}/player/${launch.token}`)).status).toBe(401);
  });

  it("serves the runtime scripts and nothing else under /runtime", async () => {
    const api = await fetch(`${base}/runtime/scorm12.js`);
    expect(api.status).toBe(200);
    expect(api.headers.get("content-type")).toMatch(/^application\/javascript/);
    await api.arrayBuffer();
    expect((await rawGet("/runtime/..%2fpackage.json")).status).toBe(404);
    expect((await rawGet("/runtime/package.json")).status).toBe(404);
  });
});

describe("file names with a percent sign", () => {
  // BUG (content-app.server.ts, GET /c/<token>/<path>): express 4 already decodes regex route
  // params, and the handler calls decodeURIComponent on them again. so a file named "50%.html",
  // linked correctly as "50%25.html" (the import accepts that href), gets 400 "Bad path.", and
  // "%2541.html" serves "A.html" rather than the file "%41.html"
  it("the launch file of a package whose file name holds a % is served", async () => {
    const manifest = `<?xml version="1.0"?>
<manifest identifier="pct" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="o"><organization identifier="o"><title>Percent</title>
    <item identifier="i" identifierref="r"><title>Half way</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="50%25.html">
    <file href="50%25.html"/></resource></resources>
</manifest>`;
    const zip = await writeTempZip([
      { name: "imsmanifest.xml", data: manifest },
      { name: "50%.html", data: "<!doctype html><title>half</title>" },
    ]);
    try {
      const imported = await importPackage({
        zipPath: zip.path,
        originalName: "percent.zip",
        organisationId: orgId,
        uploadedById: null,
      });
      const course = await makeCourse(imported.packageId, "completed");
      const { target } = await learner(course);
      const { token } = await createLaunch(target, null);
      const config = playerConfig(await (await fetch(`${base}/player/${token}`)).text());
      expect(config.scoUrl).toBe(`/c/${token}/50%25.html`);
      const res = await rawGet(config.scoUrl);
      expect(res.status).toBe(200);
      expect(res.body).toContain("<title>half</title>");
    } finally {
      await zip.cleanup();
    }
  });
});
