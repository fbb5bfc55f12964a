// what the http load bench and the soak test share: a fresh database seeded with trusts of
// trainees (progress, certificates), signed-in sessions, role-plays under way and a college's
// scorm package launched by learners; and the production server started on it, exactly as
// `npm run serve` starts it. everything lives under tests/.tmp/<name>/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { buildIsStale } from "./build-state.mjs";
import { freshBenchDatabase, root } from "./bench-lib";
import { createSeeder, mulberry32 } from "./bench-seed";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";

export const COURSE_ID = "mentoring-for-doctors";
const SCORM_COURSE_ID = "scorm-course";

export type LoadSizes = {
  /** trainees in the big trust (four more trusts get `others` each) */
  big: number;
  others: number;
  /** signed-in learners for the dashboard */
  sessions: number;
  roleplayers: number;
  scormLearners: number;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** seeds a fresh database under tests/.tmp/<name>/ and returns what the load needs */
export async function prepareLoad(name: string, sizes: LoadSizes, options: { sqlite?: boolean } = {}) {
  // ---------------------------------------------------------------------------------------------
  // environment: everything the server and this process share lives under tests/.tmp/<name>/

  const database = await freshBenchDatabase(name, options);
  const dbFile = database.file;
  const tmp = database.dir;
  const PORT = await freePort();
  const CONTENT_PORT = await freePort();
  const APP_URL = `http://localhost:${PORT}`;
  const coursesDir = path.join(tmp, "courses");
  cpSync(path.join(root, "courses"), coursesDir, { recursive: true });
  cpSync(
    path.join(root, "tests", "fixtures", "courses", "valid", SCORM_COURSE_ID),
    path.join(coursesDir, SCORM_COURSE_ID),
    {
      recursive: true,
    },
  );
  const serverEnv: Record<string, string> = {
    DATABASE_URL: database.url,
    PORT: String(PORT),
    CONTENT_PORT: String(CONTENT_PORT),
    APP_URL,
    COURSES_DIR: coursesDir,
    SCORM_STORE_DIR: path.join(tmp, "scorm"),
    ISSUER_KEYS_DIR: path.join(tmp, "keys"),
    OUTBOX_DIR: path.join(tmp, "outbox"),
    DEMO_DATA: "false",
    REMINDERS: "off",
    LOG_LEVEL: "warn",
    // the bench posts each move at once: what is measured is the server's work, not a reader's
    ANSWER_READING_WPM: "0",
    // one loopback address stands for many verifiers here; the per-ip limit is measured, not hit
    VERIFY_MAX_PER_MINUTE: "1000000",
  };
  if (process.env.WEB_CONCURRENCY) serverEnv.WEB_CONCURRENCY = process.env.WEB_CONCURRENCY;
  Object.assign(process.env, serverEnv, { LOG_LEVEL: "silent" });

  // the app's modules read the environment when they load: import them only now
  const { loadCourses } = await import("~/courses/loader.server");
  const { syncCourses } = await import("~/courses/sync.server");
  const { definitionOf, enrol } = await import("~/courses/courses.server");
  const { prisma, prepareDatabase } = await import("~/db.server");
  const { ensureSnapshots } = await import("~/organisations/reporting.server");
  const { newSessionRow } = await import("~/auth/accounts.server");
  const { SESSION_COOKIE } = await import("~/auth/lucia.server");
  const { choiceKey, startRoleplay } = await import("~/activities/roleplay/roleplay.server");
  const { importPackage } = await import("~/scorm/import.server");
  const { attachPackage } = await import("~/scorm/attachments.server");
  const { createLaunch } = await import("~/scorm/runtime.server");
  const { formatCode } = await import("~/certificates/code");
  await prepareDatabase();

  // ---------------------------------------------------------------------------------------------
  // seeding

  const setupStart = performance.now();
  const { courses, problems } = await loadCourses(coursesDir);
  if (problems.length) throw new Error(`courses have problems: ${problems.map((p) => p.message).join("; ")}`);
  await syncCourses(courses);
  const course = await prisma.course.findUniqueOrThrow({ where: { id: COURSE_ID } });
  const version = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course.currentVersionId! } });
  const def = definitionOf(version);
  const { seedOrganisation } = createSeeder({ prisma, courseId: COURSE_ID, version, def, now: new Date() });
  const big = await seedOrganisation("Bench NHS Trust", sizes.big, "trainee");
  const others = [];
  for (let i = 1; i <= 4; i++)
    others.push(await seedOrganisation(`Bench trust ${i}`, sizes.others, `t${i}-`));
  for (const org of [big, ...others]) await ensureSnapshots(org.id);
  const trainees = big.users + others.reduce((n, o) => n + o.users, 0);
  const codes = [...big.codes, ...others.flatMap((o) => o.codes)];

  const rand = mulberry32(7);
  const sample = <T>(xs: readonly T[], n: number) => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };

  /** database sessions for these users, as signing in makes them; returns their cookies */
  async function sessionsFor(userIds: string[]) {
    const rows = userIds.map((id) => newSessionRow(id, { ip: "127.0.0.1", userAgent: "bench" }));
    for (let i = 0; i < rows.length; i += 500)
      await prisma.session.createMany({ data: rows.slice(i, i + 500) });
    return rows.map((r) => `${SESSION_COOKIE}=${r.id}`);
  }

  // the hr officer of the big trust
  const hr = await prisma.user.create({
    data: { email: "hr@bench.test", name: "Bench HR", passwordHash: "bench-not-a-real-hash" },
  });
  await prisma.membership.create({ data: { userId: hr.id, organisationId: big.id, role: "hr" } });
  const [hrCookie] = await sessionsFor([hr.id]);

  // signed-in learners for the dashboard, from every organisation
  const allUsers = [...big.userIds, ...others.flatMap((o) => o.userIds)];
  const dashboardCookies = await sessionsFor(sample(allUsers, sizes.sessions));

  // role-plays under way: each learner's conversation is walked along the best path, one choice
  // per request, so every post is a real, accepted move
  const questioning = def.modules.find((m) => m.id === "questioning")!;
  const roleplay = questioning.activities.find((a) => a.kind === "roleplay")!;
  const scenario = roleplay.content as ScenarioDefinition;
  const bestPath = scenario.bestPath!;
  const roleplayPath = `/courses/${COURSE_ID}/modules/${questioning.id}/${roleplay.id}`;
  const roleplayUsers = sample(big.userIds, sizes.roleplayers);
  const roleplayCookies = await sessionsFor(roleplayUsers);
  const roleplayEnrolments = [];
  for (let i = 0; i < roleplayUsers.length; i += 500) {
    roleplayEnrolments.push(
      ...(await prisma.enrolment.findMany({
        where: { userId: { in: roleplayUsers.slice(i, i + 500) }, courseId: COURSE_ID },
        select: { id: true, userId: true },
      })),
    );
  }
  const enrolmentOf = new Map(roleplayEnrolments.map((e) => [e.userId, e]));
  const roleplayAttempts: string[] = [];
  /** per learner, the key of each best-path reply in their own attempt */
  const roleplayKeys: string[][] = [];
  for (const userId of roleplayUsers) {
    const attempt = await startRoleplay(enrolmentOf.get(userId)!, roleplay.id, scenario);
    roleplayAttempts.push(attempt.id);
    roleplayKeys.push(bestPath.map((step) => choiceKey(attempt, step.node, step.choice)));
  }

  // a college's scorm 1.2 package, attached to the scorm course, launched by its learners
  const college = await prisma.organisation.create({
    data: { name: "Bench college", kind: "royal_college" },
  });
  await prisma.membership.create({
    data: { userId: hr.id, organisationId: college.id, role: "college_admin" },
  });
  const sharedScorm = [process.env.SHARED_DIR, path.join(root, "..", "shared"), "/work/shared"]
    .filter((p): p is string => Boolean(p))
    .map((p) => path.join(p, "testdata", "scorm", "moodle", "singlescobasic.zip"))
    .find((p) => existsSync(p));
  if (!sharedScorm) throw new Error("the shared scorm test packages were not found (set SHARED_DIR)");
  const pkg = await importPackage({
    zipPath: sharedScorm,
    originalName: "singlescobasic.zip",
    organisationId: college.id,
    uploadedById: hr.id,
  });
  const attached = await attachPackage({
    packageId: pkg.packageId,
    courseId: SCORM_COURSE_ID,
    moduleId: "elearning",
    rule: "completed",
    required: true,
    actorId: hr.id,
    organisationId: college.id,
  });
  const scormUsers = sample(allUsers, sizes.scormLearners);
  const launches: string[] = [];
  for (const userId of scormUsers) {
    const enrolment = await enrol(userId, SCORM_COURSE_ID);
    const launch = await createLaunch(
      {
        userId,
        enrolmentId: enrolment.id,
        activityId: attached.activityId,
        packageId: pkg.packageId,
        rule: { kind: "completed" },
      },
      null,
    );
    launches.push(launch.token);
  }
  const setupMs = Math.round(performance.now() - setupStart);
  console.log(
    `seeded ${trainees} trainees in 5 organisations, ${codes.length} certificates, ` +
      `${roleplayUsers.length} role-plays and ${launches.length} scorm launches in ${(setupMs / 1000).toFixed(1)} s`,
  );
  const { prisma: db } = await import("~/db.server");
  await db.$disconnect();
  return {
    tmp,
    dbFile,
    serverEnv,
    APP_URL,
    CONTENT_URL: `http://127.0.0.1:${CONTENT_PORT}`,
    setupMs,
    big,
    others,
    trainees,
    codes,
    sample,
    hrCookie: hrCookie!,
    dashboardCookies,
    roleplay: {
      path: roleplayPath,
      bestPath,
      users: roleplayUsers,
      cookies: roleplayCookies,
      attempts: roleplayAttempts,
      keys: roleplayKeys,
    },
    launches,
    formatCode,
  };
}

export type LoadSetup = Awaited<ReturnType<typeof prepareLoad>>;

/** builds when the sources are newer than build/ */
export function ensureBuild() {
  if (!buildIsStale(root)) return;
  console.log("building (the sources are newer than build/)…");
  const b = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (b.status !== 0) throw new Error("remix build failed");
}

/**
 * starts server.mjs on the prepared database and waits for /healthz. an unexpected exit stops
 * this process too; `kill` (any signal) is expected.
 */
export async function startServer(
  setup: LoadSetup,
  options: { profileDir?: string; env?: Record<string, string> } = {},
) {
  let expected = false;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : []),
      path.join(root, "server.mjs"),
    ],
    {
      cwd: root,
      env: { ...process.env, ...setup.serverEnv, ...options.env, NODE_ENV: "production" },
      stdio: ["ignore", process.env.SERVER_LOGS ? "inherit" : "ignore", "inherit"],
      // its own process group, so a kill reaches the workers too
      detached: true,
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // the server has its own process group: never leave it running when this process ends
  const orphanGuard = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.once("exit", orphanGuard);
  void exited.then(() => process.off("exit", orphanGuard));
  void exited.then((code) => {
    if (!expected) {
      console.error(`the server stopped (exit ${code})`);
      process.exit(1);
    }
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${setup.APP_URL}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error("the server did not start within 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const pids = (): number[] => {
    const pid = child.pid!;
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      return [pid, ...(children ? children.split(/\s+/).map(Number) : [])];
    } catch {
      return [pid];
    }
  };
  return {
    /** the primary and, with WEB_CONCURRENCY, its workers */
    pids,
    /** the high-water mark of each process's resident memory (linux), in mb */
    peakRssMb: () =>
      pids().map((pid) => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
          return m ? Math.round(Number(m[1]) / 1024) : 0;
        } catch {
          return 0;
        }
      }),
    /** SIGTERM: a clean stop; SIGKILL: the whole process group at once, as a crash */
    async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM") {
      expected = true;
      if (signal === "SIGKILL") process.kill(-child.pid!, "SIGKILL");
      else child.kill("SIGTERM");
      await exited;
      if (signal === "SIGKILL") {
        // the workers die with the group; wait until none is left
        for (let i = 0; i < 50 && pids().length > 1; i++) await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
