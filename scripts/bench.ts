// npm run bench — performance targets from the issues, measured on this machine and saved to
// bench/results/. targets are checked here, never as timing assertions in tests.
//
//   courses: `courses:check` + sync of the full courses/ folder under 1 s (issue 3), into a
//   freshly migrated sqlite database, several runs; the cli's wall time is reported beside it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { freshBenchDatabase, machine, resultPrefix, root, saveResults } from "./bench-lib";

await freshBenchDatabase("bench");

const { loadCourses } = await import("~/courses/loader.server");
const { syncCourses } = await import("~/courses/sync.server");
const { prisma, prepareDatabase } = await import("~/db.server");
await prepareDatabase();

async function measure(label: string, folder: string, runs = 7) {
  const check: number[] = [];
  const firstSync: number[] = [];
  const resync: number[] = [];
  let modules = 0;
  let activities = 0;
  for (let i = 0; i < runs; i++) {
    await prisma.enrolment.deleteMany();
    await prisma.courseVersion.deleteMany();
    await prisma.course.deleteMany();
    const t0 = performance.now();
    const { courses, problems } = await loadCourses(folder);
    const t1 = performance.now();
    if (problems.length) throw new Error(`${label}: content has problems`);
    await syncCourses(courses);
    const t2 = performance.now();
    await syncCourses((await loadCourses(folder)).courses);
    const t3 = performance.now();
    check.push(t1 - t0);
    firstSync.push(t2 - t1);
    resync.push(t3 - t2);
    modules = courses.reduce((s, c) => s + c.modules.length, 0);
    activities = courses.reduce((s, c) => s + c.modules.reduce((m, mod) => m + mod.activities.length, 0), 0);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const total = check.map((c, i) => c + firstSync[i]!);
  return {
    label,
    modules,
    activities,
    runs,
    checkMsMedian: Math.round(median(check)),
    firstSyncMsMedian: Math.round(median(firstSync)),
    checkAndSyncMsMedian: Math.round(median(total)),
    checkAndSyncMsMax: Math.round(Math.max(...total)),
    unchangedResyncMsMedian: Math.round(median(resync)),
    targetMs: 1000,
    met: Math.max(...total) < 1000,
  };
}

const results = [await measure("courses/", path.join(root, "courses"))];
await prisma.$disconnect();

// the cli as a person runs it: includes starting node, tsx and the prisma client
function cliWallMs(args: string[]) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/courses.ts", ...args],
      {
        cwd: root,
        env: process.env,
        encoding: "utf8",
      },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(performance.now() - t0);
  }
  return Math.round([...times].sort((a, b) => a - b)[1]!);
}
const cli = { checkWallMs: cliWallMs(["check"]), syncWallMs: cliWallMs(["sync"]) };

const report = {
  date: new Date().toISOString(),
  machine: machine(),
  courses: results,
  coursesCli: cli,
};
console.log("\ncourses:check + sync (target: under 1000 ms)\n");
console.table(
  results.map((r) => ({
    folder: r.label,
    modules: r.modules,
    activities: r.activities,
    "check ms": r.checkMsMedian,
    "first sync ms": r.firstSyncMsMedian,
    "check+sync ms (median)": r.checkAndSyncMsMedian,
    "check+sync ms (max)": r.checkAndSyncMsMax,
    "unchanged re-sync ms": r.unchangedResyncMsMedian,
    met: r.met ? "yes" : "NO",
  })),
);
console.log(
  `\nthe cli as run by a person (node + tsx + prisma start-up included): check ${cli.checkWallMs} ms, sync ${cli.syncWallMs} ms`,
);
saveResults(resultPrefix(""), report);
if (results.some((r) => !r.met)) process.exitCode = 1;
