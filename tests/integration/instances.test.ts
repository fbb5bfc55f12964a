import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { buildIsStale } from "../../scripts/build-state.mjs";
import { knownMigrations } from "../../scripts/migrate-postgres.mjs";
import { FIXTURE_COURSES } from "../setup/courses";
import { ROOT, TMP } from "../setup/paths";
import type * as Lessons from "~/activities/lesson/lesson.server";
import type * as CourseServer from "~/courses/courses.server";
import type * as Db from "~/db.server";
import type * as Courses from "../setup/courses";
import type * as Factories from "../setup/factories";

// two app instances, each started as production starts (`node scripts/start.mjs`: migrate,
// sync the courses, serve), on one new postgresql database, behind an imagined load balancer:
// both answer for the same public name (APP_URL, X-Forwarded-Host) and share the volumes a
// deployment shares (scorm store, signing keys, outbox). this test process works on the same
// database through the app's own modules, switched to it once the instances have migrated it.
//
// the postgresql pass only (vitest.config.ts): it needs a server.

const PUBLIC = "mentor.test";
const APP_URL = `http://${PUBLIC}`;
const run = crypto.randomUUID().slice(0, 8);
const dir = path.join(TMP, `instances-${run}`);
const shared = {
  SCORM_STORE_DIR: path.join(dir, "scorm"),
  ISSUER_KEYS_DIR: path.join(dir, "keys"),
  OUTBOX_DIR: path.join(dir, "outbox"),
  COURSES_DIR: path.join(dir, "courses"),
};
const COURSE = `instances-${run}`;

type Instance = { name: string; url: string; content: string; proc: ChildProcess; output: string[] };
let a: Instance;
let b: Instance;
let databaseUrl: string;
let previousUrl: string | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const contentPort = await freePort();
  const output: string[] = [];
  const proc = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...shared,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      CONTENT_PORT: String(contentPort),
      APP_URL,
      CONTENT_ORIGIN: "http://mentor-content.test",
      TRUST_PROXY: "true",
      DEMO_DATA: "false",
      WEB_CONCURRENCY: "1",
      // both check for due jobs every second, so each check is a race between them
      JOB_CHECK_SECONDS: "1",
      LOG_LEVEL: "warn",
      ANSWER_READING_WPM: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`instance ${name} stopped:\n${output.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`instance ${name} did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name, url, content: `http://127.0.0.1:${contentPort}`, proc, output };
}

function stop(instance: Instance | undefined) {
  if (!instance || instance.proc.exitCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    instance.proc.once("exit", () => resolve());
    instance.proc.kill("SIGTERM");
  });
}

/** a request as the load balancer forwards it: the public name, the visitor's address */
function request(
  instance: Instance,
  pathname: string,
  init: RequestInit & { ip?: string; cookie?: string } = {},
) {
  const headers = new Headers(init.headers);
  headers.set("x-forwarded-host", PUBLIC);
  headers.set("x-forwarded-proto", "http");
  headers.set("x-forwarded-for", init.ip ?? "198.51.100.7");
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.method && init.method !== "GET") headers.set("origin", APP_URL);
  return fetch(`${instance.url}${pathname}`, { ...init, headers, redirect: "manual" });
}

function form(fields: Record<string, string>) {
  return { method: "POST", body: new URLSearchParams(fields) };
}

// the app's modules, loaded once this process is pointed at the instances' database
let app: {
  prisma: typeof Db.prisma;
  factories: typeof Factories;
  courses: typeof Courses;
  courseServer: typeof CourseServer;
  lessons: typeof Lessons;
};

beforeAll(async () => {
  // one build for both (start.mjs would build when stale, and two at once would collide)
  if (buildIsStale(ROOT)) {
    for (const [cmd, args] of [
      [process.execPath, ["scripts/vendor-assets.mjs"]],
      [path.join(ROOT, "node_modules", ".bin", "remix"), ["build"]],
    ] as const) {
      // production, as start.mjs builds (vitest's NODE_ENV=test would make a development build)
      const r = spawnSync(cmd, args, {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    }
  }
  // a new, empty database: the instances migrate it
  const { server } = inject("postgres");
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "instances_${run}"`);
  await admin.end();
  databaseUrl = `${server}/instances_${run}`;
  // the course both instances sync at start: the demo fixture under this run's id
  mkdirSync(shared.COURSES_DIR, { recursive: true });
  const courseDir = path.join(shared.COURSES_DIR, COURSE);
  cpSync(path.join(FIXTURE_COURSES, "demo-course"), courseDir, { recursive: true });
  const yaml = path.join(courseDir, "course.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8").replace("id: demo-course", `id: ${COURSE}`));

  [a, b] = await Promise.all([startInstance("A"), startInstance("B")]);

  // this process joins the same database: a new client, and the app's modules loaded afresh
  previousUrl = process.env.DATABASE_URL;
  const { prisma: previous } = await import("~/db.server");
  await previous.$disconnect();
  globalThis.__prisma = undefined;
  process.env.DATABASE_URL = databaseUrl;
  Object.assign(process.env, shared);
  vi.resetModules();
  app = {
    prisma: (await import("~/db.server")).prisma,
    factories: await import("../setup/factories"),
    courses: await import("../setup/courses"),
    courseServer: await import("~/courses/courses.server"),
    lessons: await import("~/activities/lesson/lesson.server"),
  };
}, 300_000);

afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  // what the instances said, for a failure's diagnosis
  for (const i of [a, b]) if (i) writeFileSync(path.join(dir, `instance-${i.name}.log`), i.output.join(""));
  await app?.prisma.$disconnect();
  // leave this process as the setup made it, for any file that runs in it after this one
  globalThis.__prisma = undefined;
  process.env.DATABASE_URL = previousUrl;
  vi.resetModules();
});

// two servers and the rest of the suite share the machine: each step may wait its turn
describe("two instances on one postgresql database", { timeout: 90_000 }, () => {
  it("both started at once, and the database was migrated once: one applied every migration, the other found none to apply", async () => {
    const said = [a, b].map((i) => i.output.join(""));
    const applied = said.filter((o) =>
      /database migrations: done in \d+ ms \(\d+ migrations have been applied\)/.test(o),
    );
    const nothing = said.filter((o) =>
      /database migrations: done in \d+ ms \(No pending migrations to apply\.\)/.test(o),
    );
    expect(applied).toHaveLength(1);
    expect(nothing).toHaveLength(1);
    const ledger = await app.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT "name" FROM "_app_migrations" ORDER BY "name"`,
    );
    expect(ledger.map((r) => r.name)).toEqual(knownMigrations().map((m: { name: string }) => m.name));
    // both synced the same course: one version of it
    expect(await app.prisma.courseVersion.count({ where: { courseId: COURSE } })).toBe(1);
  });

  it("a session made on one instance works on the other, and signing out on the other ends it on both", async () => {
    const user = await app.factories.createUser({ name: "Dr Two Instances" });
    const signIn = await request(
      a,
      "/sign-in",
      form({ email: user.email, password: app.factories.TEST_PASSWORD }),
    );
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    for (const instance of [a, b]) {
      const page = await request(instance, "/account", { cookie });
      expect(page.status, instance.name).toBe(200);
      expect(await page.text()).toContain("Dr Two Instances");
    }
    expect((await request(b, "/sign-out", { ...form({}), cookie })).status).toBe(302);
    const after = await request(a, "/account", { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/\/sign-in/);
  });

  it("the sign-in limit is shared: ten wrong passwords spread over both lock the account on both", async () => {
    const user = await app.factories.createUser();
    const wrong = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(i % 2 ? a : b, "/sign-in", {
          ...form({ email: user.email, password: `wrong password ${i}` }),
          ip: `203.0.113.${i + 1}`,
        }),
      ),
    );
    expect(wrong.map((r) => r.status)).toEqual(Array(10).fill(401));
    for (const instance of [a, b]) {
      const right = await request(instance, "/sign-in", {
        ...form({ email: user.email, password: app.factories.TEST_PASSWORD }),
        ip: "203.0.113.99",
      });
      expect(right.status, instance.name).toBe(429);
      expect(right.headers.get("set-cookie")).toBeNull();
    }
  });

  it("the course's last step sent to both instances at once issues exactly one certificate", async () => {
    const { prisma, factories, courses, courseServer, lessons } = app;
    const user = await factories.createUser({ name: "Dr Raced Completion" });
    const enrolment = await courseServer.enrol(user.id, COURSE);
    const def = (await courseServer.courseForUser(COURSE, user.id))!.definition;
    // everything but the closing lesson, through the real services
    const { startAttempt, submitAttempt } = await import("~/activities/quiz/quiz.server");
    const { startRoleplay, playReplies } = await import("~/activities/roleplay/roleplay.server");
    await lessons.markLessonRead(enrolment.id, "first-lesson");
    const quiz = courseServer.locateActivity(def, "basics", "basics-quiz")!.activity.content as Parameters<
      typeof startAttempt
    >[2];
    const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
    const answers = courses.fixtureQuizAnswers(attempt.seed);
    answers.set("attemptId", attempt.id);
    answers.set("version", String(attempt.version));
    await submitAttempt(enrolment, "basics-quiz", quiz, answers);
    const scenario = courseServer.locateActivity(def, "conversation", "first-meeting")!.activity
      .content as Parameters<typeof startRoleplay>[2];
    const play = await startRoleplay(enrolment, "first-meeting", scenario);
    await playReplies(enrolment, "first-meeting", scenario, play.id, ["open", "deepen"]);
    // the closing lesson was opened long enough ago to count as read
    await prisma.activityProgress.create({
      data: {
        enrolmentId: enrolment.id,
        activityId: "closing-lesson",
        state: "in_progress",
        openedAt: new Date(Date.now() - 3_600_000),
      },
    });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0);
    const signIn = await request(
      a,
      "/sign-in",
      form({ email: user.email, password: factories.TEST_PASSWORD }),
    );
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const lesson = `/courses/${COURSE}/modules/practice/closing-lesson`;
    const replies = await Promise.all(
      [a, b, a, b].map((i) => request(i, lesson, { ...form({ intent: "complete" }), cookie })),
    );
    expect(replies.map((r) => r.status)).toEqual([302, 302, 302, 302]);
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1);
    expect(
      readdirSync(shared.OUTBOX_DIR).filter(
        (f) =>
          f.includes(user.email.replace(/[^a-z0-9]+/gi, "_").slice(0, 60)) &&
          /certificate/i.test(readFileSync(path.join(shared.OUTBOX_DIR, f), "utf8").split("\r\n\r\n")[0]!),
      ),
    ).toHaveLength(1);
    // both instances show it, and its credential verifies against the key set either publishes
    const certificate = await prisma.certificate.findFirstOrThrow({ where: { userId: user.id } });
    for (const instance of [a, b]) {
      const res = await request(instance, `/api/certificates/${certificate.code}`);
      expect(res.status, instance.name).toBe(200);
      expect(await res.json()).toMatchObject({ status: "valid" });
    }
  });

  it("two commits of one scorm attempt sent to both instances at once apply in sequence order", async () => {
    const { prisma, factories, courses, courseServer } = app;
    const { importSharedPackage } = await import("../setup/scorm");
    const { createLaunch } = await import("~/scorm/runtime.server");
    const org = await factories.createOrganisation("royal_college");
    // imported through this process, into the store both instances read
    const pkg = await importSharedPackage(org.id, "moodle/singlescobasic.zip");
    const courseId = `instances-scorm-${run}`;
    const root = path.join(dir, "scorm-course");
    const courseDir = path.join(root, courseId);
    cpSync(path.join(FIXTURE_COURSES, "scorm-course"), courseDir, { recursive: true });
    courses.editCourse(courseDir, {
      "course.yaml": (t) => t.replace("id: scorm-course", `id: ${courseId}`),
      "elearning/module.yaml": (t) =>
        t.replace(
          /activities:[\s\S]*$/,
          `activities:\n  - id: package\n    kind: scorm\n    package: ${pkg.packageId}\n    title: Golf\n    estimatedMinutes: 20\n    completion: completed\n`,
        ),
    });
    await courses.syncFolder(root);
    const user = await factories.createUser();
    const enrolment = await courseServer.enrol(user.id, courseId);
    const { token } = await createLaunch(
      {
        userId: user.id,
        enrolmentId: enrolment.id,
        activityId: "package",
        packageId: pkg.packageId,
        rule: { kind: "completed" },
      },
      null,
    );
    // the files are there for either instance
    for (const instance of [a, b]) {
      expect(
        (await fetch(`${instance.content}/c/${token}/shared/launchpage.html`)).status,
        instance.name,
      ).toBe(200);
    }
    const commit = (instance: Instance, seq: number) =>
      fetch(`${instance.content}/commit/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          seq,
          cmi: {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": `page-${seq}`,
            "cmi.core.exit": "",
            "cmi.core.session_time": "0000:00:00.00",
            "cmi.suspend_data": `state-${seq}`,
          },
        }),
      }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as { applied?: boolean; reason?: string },
      }));
    for (let round = 0; round < 10; round++) {
      const seq = round * 2 + 1;
      // the later commit to one instance, the earlier to the other, at the same moment
      const [later, earlier] = await Promise.all(
        round % 2 ? [commit(a, seq + 1), commit(b, seq)] : [commit(b, seq + 1), commit(a, seq)],
      );
      expect(later).toEqual({ status: 200, json: expect.objectContaining({ applied: true }) });
      // the earlier one applied before the later arrived, or was refused as out of order
      expect(earlier.status).toBe(200);
      if (!earlier.json.applied) expect(earlier.json.reason).toBe("out_of_order");
      const attempt = await prisma.scormAttempt.findFirstOrThrow({ where: { enrolmentId: enrolment.id } });
      expect([attempt.location, attempt.suspendData]).toEqual([`page-${seq + 1}`, `state-${seq + 1}`]);
    }
    const launch = await prisma.scormLaunch.findFirstOrThrow({
      where: { attempt: { enrolmentId: enrolment.id } },
    });
    expect(launch.lastSeq).toBe(20);
  });

  it("the reminder job, due while both instances check every second, sends each reminder once", async () => {
    const { prisma, factories, courseServer } = app;
    // the run each instance's first check made at start (nothing was overdue then)
    await until(async () => (await prisma.jobLease.findUnique({ where: { name: "reminders" } }))?.lastRunAt);
    const people = await Promise.all([1, 2, 3].map(() => factories.createUser()));
    const enrolments = [];
    for (const person of people) {
      const e = await courseServer.enrol(person.id, COURSE);
      enrolments.push(
        await prisma.enrolment.update({
          where: { id: e.id },
          data: { dueAt: new Date(Date.now() - 3 * 86_400_000) },
        }),
      );
    }
    // a day passes: the job is due again, and both instances are asking every second
    const dueFrom = new Date();
    await prisma.jobLease.update({
      where: { name: "reminders" },
      data: { lastRunAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    const lease = await until(async () => {
      const row = await prisma.jobLease.findUniqueOrThrow({ where: { name: "reminders" } });
      return row.lastRunAt! >= dueFrom ? row : null;
    });
    expect(JSON.parse(lease.lastResult!)).toMatchObject({ failed: 0 });
    // several more checks by both: it is not due again
    await new Promise((r) => setTimeout(r, 3_000));
    for (const e of enrolments) {
      expect(await prisma.reminderLog.count({ where: { enrolmentId: e.id } })).toBe(1);
    }
    for (const person of people) {
      const slug = person.email.replace(/[^a-z0-9]+/gi, "_").slice(0, 60);
      expect(readdirSync(shared.OUTBOX_DIR).filter((f) => f.includes(slug))).toHaveLength(1);
    }
    const after = await prisma.jobLease.findUniqueOrThrow({ where: { name: "reminders" } });
    expect(after.lastRunAt).toEqual(lease.lastRunAt);
  });
});

/** polls until `check` gives something truthy (60 s at most: the full suite loads the machine) */
async function until<T>(check: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}
