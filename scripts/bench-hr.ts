// npm run bench (second part) — hr reporting targets from the issue, measured on this machine and
// saved to bench/results/hr-*.json. targets are checked here, never as timing assertions in tests.
//
//   an organisation of 20,000 trainees with full progress (and a 2,000-trainee "noise"
//   organisation on the same course, so scoping matters), seeded with raw createMany batches:
//   - dashboard summary + first page of the trainee table: p95 under 150 ms (the charts and
//     filtered or re-sorted tables the page also runs are held to the same; the whole loader is
//     reported only). 30 runs after 3 warm-ups, on the same machine as bench.ts.
//   - csv export of all 20,000 rows: under 2 s, with flat memory (the live heap increase while
//     exporting stays well below the size of the whole csv, and no bigger than for 2,000 rows)
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { freshBenchDatabase, machine, resultPrefix, root, saveResults } from "./bench-lib";
import { createSeeder } from "./bench-seed";

await freshBenchDatabase("bench-hr");

const { loadCourses } = await import("~/courses/loader.server");
const { syncCourses } = await import("~/courses/sync.server");
const { activeCourses, definitionOf } = await import("~/courses/courses.server");
const { prisma, prepareDatabase } = await import("~/db.server");
const reporting = await import("~/organisations/reporting.server");
const { completionsByMonth, ensureSnapshots, exportCsv, moduleFunnel, parseFilters, summary, traineeTable } =
  reporting;
await prepareDatabase();

// a full collection before each memory measurement, so the baseline is what is really live
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const TRAINEES = 20_000;
const NOISE_TRAINEES = 2_000;
const COURSE_ID = "mentoring-for-doctors";
const now = new Date();

// ---------------------------------------------------------------------------------------------
// seeding

const { courses, problems } = await loadCourses(path.join(root, "courses"));
if (problems.length) throw new Error("courses/ has problems");
await syncCourses(courses);
const course = await prisma.course.findUniqueOrThrow({ where: { id: COURSE_ID } });
const version = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course.currentVersionId! } });
const def = definitionOf(version);

const { seedOrganisation } = createSeeder({ prisma, courseId: COURSE_ID, version, def, now });

const seedStart = performance.now();
const main = await seedOrganisation("Bench NHS Trust", TRAINEES, "trainee");
const noise = await seedOrganisation("Noise NHS Trust", NOISE_TRAINEES, "noise");
// no ANALYZE: the app never runs one, so the planner works without sqlite_stat1, as in production
const seedMs = Math.round(performance.now() - seedStart);
const orgId = main.id;
console.log(
  `seeded ${main.users + noise.users} trainees (${main.users} + ${noise.users} noise), ` +
    `${main.modules + noise.modules} module rows, ${main.certificates + noise.certificates} certificates in ${seedMs} ms`,
);
const stale = await ensureSnapshots(orgId);
if (stale !== 0) throw new Error(`ensureSnapshots found ${stale} stale enrolments: seed snapshots`);

// ---------------------------------------------------------------------------------------------
// dashboard queries

const TARGET_MS = 150;
const WARMUP = 3;
const RUNS = 30;

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

type Timing = {
  label: string;
  runs: number;
  rows: number | string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  targetMs: number | null;
  met: boolean | null;
};

async function time(
  label: string,
  fn: () => Promise<unknown>,
  describe: (r: unknown) => number | string,
  target: number | null = TARGET_MS,
): Promise<Timing> {
  let last: unknown;
  for (let i = 0; i < WARMUP; i++) last = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 0.95);
  return {
    label,
    runs: RUNS,
    rows: describe(last),
    medianMs: round1(percentile(sorted, 0.5)),
    p95Ms: round1(p95),
    maxMs: round1(sorted[sorted.length - 1]!),
    targetMs: target,
    met: target === null ? null : p95 < target,
  };
}

type Table = Awaited<ReturnType<typeof traineeTable>>;
type Summary = Awaited<ReturnType<typeof summary>>;
const tableRows = (r: unknown) => `${(r as Table).rows.length} of ${(r as Table).total}`;
const f = (q: string) => parseFilters(new URLSearchParams(q));
const firstPage = f("");

/** what the dashboard loader runs for a plain visit (after sign-in and its role check) */
async function dashboardLoader() {
  await ensureSnapshots(orgId);
  const active = await activeCourses();
  const funnelCourse =
    (
      await prisma.enrolment.groupBy({
        by: ["courseId"],
        where: reporting.scope(orgId),
        _count: { _all: true },
        orderBy: { _count: { courseId: "desc" } },
        take: 1,
      })
    )[0]?.courseId ?? active[0]?.id;
  return Promise.all([
    summary(orgId, now),
    completionsByMonth(orgId, now),
    funnelCourse ? moduleFunnel(orgId, funnelCourse) : null,
    traineeTable(orgId, firstPage, now),
  ]);
}

const timings: Timing[] = [
  await time(
    "summary",
    () => summary(orgId, now),
    (r) => `${(r as Summary).enrolments} enrolments`,
  ),
  await time("traineeTable first page (sort name)", () => traineeTable(orgId, firstPage, now), tableRows),
  await time(
    "summary + traineeTable (Promise.all)",
    () => Promise.all([summary(orgId, now), traineeTable(orgId, firstPage, now)]),
    (r) => tableRows((r as [Summary, Table])[1]),
  ),
  await time(
    "completionsByMonth",
    () => completionsByMonth(orgId, now),
    (r) => `${(r as { count: number }[]).reduce((n, m) => n + m.count, 0)} in 12 months`,
  ),
  await time(
    "moduleFunnel",
    () => moduleFunnel(orgId, COURSE_ID),
    (r) => `${(r as { total: number }).total} enrolments`,
  ),
  await time(
    "traineeTable status=in_progress&overdue=1&q=smith",
    () => traineeTable(orgId, f("status=in_progress&overdue=1&q=smith"), now),
    tableRows,
  ),
  await time(
    "traineeTable sort=lastActivity&dir=desc",
    () => traineeTable(orgId, f("sort=lastActivity&dir=desc"), now),
    tableRows,
  ),
  // the whole page's loader: reported, not a target of the issue
  await time(
    "whole dashboard loader (informational)",
    dashboardLoader,
    (r) => tableRows((r as [Summary, unknown, unknown, Table])[3]),
    null,
  ),
];

// ---------------------------------------------------------------------------------------------
// csv export

const CSV_TARGET_MS = 2000;
const CSV_RUNS = 3;
const MiB = 2 ** 20;

/**
 * reads the whole export, counting bytes and lines. heapUsed and rss are sampled every 50 ms
 * and after every chunk; with `live`, a full collection runs before each chunk-sample so the
 * peak is memory really held (not garbage v8 has yet to collect) — a separate, untimed run.
 */
async function exportOnce(organisationId: string, live = false) {
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  };
  const timer = live ? undefined : setInterval(sample, 50);
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  const t0 = performance.now();
  const reader = exportCsv(organisationId, firstPage, now).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    if (live) gc();
    sample(); // also here: the interval can be starved while the synchronous driver works
  }
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  if (live) gc(); // the end is then what the export left behind
  const after = process.memoryUsage();
  return {
    ms: Math.round(ms),
    bytes,
    lines,
    chunks,
    heapStartMiB: round1(before.heapUsed / MiB),
    heapPeakMiB: round1(peakHeap / MiB),
    heapEndMiB: round1(after.heapUsed / MiB),
    rssStartMiB: round1(before.rss / MiB),
    rssPeakMiB: round1(peakRss / MiB),
    rssEndMiB: round1(after.rss / MiB),
    peakHeapIncreaseMiB: round1((peakHeap - before.heapUsed) / MiB),
    csvMiB: round1(bytes / MiB),
    heapIncreaseToCsvRatio: Math.round(((peakHeap - before.heapUsed) / bytes) * 100) / 100,
  };
}

// warm-ups, as for the queries: the first exports also fill prisma's bounded caches (query
// plans), which would otherwise show as a few MiB of heap kept by the first runs
for (let i = 0; i < WARMUP; i++) await exportOnce(orgId);
const exports: Awaited<ReturnType<typeof exportOnce>>[] = [];
for (let i = 0; i < CSV_RUNS; i++) exports.push(await exportOnce(orgId));
// memory really held while exporting, for 20,000 rows and for the 2,000-row organisation: flat
// means it does not grow with the number of rows
const liveMain = await exportOnce(orgId, true);
const liveNoise = await exportOnce(noise.id, true);
const worst = exports.reduce((a, b) => (b.ms > a.ms ? b : a));
const csv = {
  runs: CSV_RUNS,
  expectedLines: TRAINEES + 1,
  msMedian: [...exports].sort((a, b) => a.ms - b.ms)[Math.floor(CSV_RUNS / 2)]!.ms,
  msMax: worst.ms,
  targetMs: CSV_TARGET_MS,
  linesOk: exports.every((e) => e.lines === TRAINEES + 1) && liveNoise.lines === NOISE_TRAINEES + 1,
  timeMet: worst.ms < CSV_TARGET_MS,
  // "flat": the live heap increase is well below (under half of) the whole csv; the 2,000-row
  // export is reported beside it to show it does not grow with the number of rows
  memoryFlat: liveMain.heapIncreaseToCsvRatio < 0.5,
  timed: exports,
  live: { [`${TRAINEES} rows`]: liveMain, [`${NOISE_TRAINEES} rows`]: liveNoise },
};
await prisma.$disconnect();

// ---------------------------------------------------------------------------------------------
// report

const report = {
  date: new Date().toISOString(),
  machine: machine(),
  seed: {
    trainees: main.users,
    noiseTrainees: noise.users,
    moduleProgressRows: main.modules + noise.modules,
    certificates: main.certificates + noise.certificates,
    ms: seedMs,
  },
  dashboard: timings,
  csv,
};

console.log(`\nhr dashboard, ${TRAINEES} trainees (target: p95 under ${TARGET_MS} ms; ${RUNS} runs each)\n`);
console.table(
  timings.map((t) => ({
    query: t.label,
    result: t.rows,
    "median ms": t.medianMs,
    "p95 ms": t.p95Ms,
    "max ms": t.maxMs,
    met: t.met === null ? "-" : t.met ? "yes" : "NO",
  })),
);
console.log(`\ncsv export of ${TRAINEES} rows (target: under ${CSV_TARGET_MS} ms, flat memory)\n`);
const csvRow = (run: string, e: (typeof exports)[number]) => ({
  run,
  ms: e.ms,
  lines: e.lines,
  "csv MiB": e.csvMiB,
  "heap start/peak/end MiB": `${e.heapStartMiB} / ${e.heapPeakMiB} / ${e.heapEndMiB}`,
  "rss start/peak/end MiB": `${e.rssStartMiB} / ${e.rssPeakMiB} / ${e.rssEndMiB}`,
  "peak heap +MiB": e.peakHeapIncreaseMiB,
  "heap+/csv": e.heapIncreaseToCsvRatio,
});
console.table([
  ...exports.map((e, i) => csvRow(`timed ${i + 1}`, e)),
  csvRow(`live heap, ${TRAINEES} rows`, liveMain),
  csvRow(`live heap, ${NOISE_TRAINEES} rows`, liveNoise),
]);
console.log(
  "(timed runs: heapUsed as sampled, uncollected garbage included; live runs: a full gc before each " +
    "sample and at the end, untimed)",
);
console.log(
  `\ntime ${csv.timeMet ? "met" : "NOT met"} (max ${csv.msMax} ms), lines ${csv.linesOk ? "ok" : "WRONG"}, ` +
    `memory ${csv.memoryFlat ? "flat" : "NOT flat"}; seeding took ${seedMs} ms`,
);

saveResults(resultPrefix("hr-"), report);
if (timings.some((t) => t.met === false) || !csv.timeMet || !csv.linesOk || !csv.memoryFlat) {
  process.exitCode = 1;
}
