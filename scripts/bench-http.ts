// npm run bench (third part): the production server under load, as issue 15 asks.
//
//   a fresh database with 20,000 trainees in one trust and 2,000 in each of four others (full
//   progress, certificates), a college's scorm package played by 1,000 learners, and role-plays
//   under way; the server started exactly as `npm run serve` starts it (production build) and
//   driven with autocannon on loopback. every figure is also given as a share of two baselines
//   measured in the same run: a bare node:http server sending a small page, and a raw
//   better-sqlite3 loop inserting 2 kb rows (wal, synchronous=normal).
//
//   npm run bench            the whole run (a few minutes); bench/results/http-latest.json
//   tsx scripts/bench-http.ts --quick
//                            small data, a second per endpoint: the smoke run in `npm test`
//                            (checks that every endpoint answers; times are not judged)
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDatabase, machine, resultPrefix, root, saveResults } from "./bench-lib";
import { ensureBuild, freePort, prepareLoad, startServer } from "./load-setup";

const QUICK = process.argv.includes("--quick");
// --profile: the server runs with --cpu-prof (files in bench/profiles/, summarise them with
// scripts/cpuprofile-top.mjs); --only=a,b: just these endpoints (names as in the report)
const PROFILE = process.argv.includes("--profile");
const ONLY =
  process.argv
    .find((a) => a.startsWith("--only="))
    ?.slice(7)
    .split(",") ?? null;
const SIZES = QUICK
  ? // role-players: several times the connections, so one learner's moves never overtake each other
    { big: 300, others: 50, sessions: 60, roleplayers: 200, scormLearners: 60, stormLearners: 20 }
  : {
      big: 20_000,
      others: 2_000,
      sessions: 1_000,
      roleplayers: 2_000,
      scormLearners: 1_000,
      stormLearners: 200,
    };
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
// --big=N: trainees in the big trust (profiling runs); --duration=S: seconds per endpoint
if (flag("big")) SIZES.big = Number(flag("big"));
const DURATION_S = Number(flag("duration") ?? (QUICK ? 1 : 10));
const STORM_S = QUICK ? 3 : 30;
const CONNECTIONS = 50;

const TARGETS = {
  healthz: 0.1,
  verify_page: 0.03,
  verify_api: 0.06,
  dashboard: 0.025,
  scorm_commit: 0.025, // of the raw insert rate of the database in use
  p99_ms: 100,
  storm_healthz_p99_ms: 100,
  hr_first_page_p95_ms: 150,
  csv_seconds: 2,
  peak_rss_mb: 350,
};

// ---------------------------------------------------------------------------------------------
// the data, and the names the rest of this file uses

const setup = await prepareLoad(QUICK ? "bench-http-quick" : "bench-http", SIZES);
const {
  APP_URL,
  CONTENT_URL,
  big,
  trainees,
  codes,
  sample,
  hrCookie,
  dashboardCookies,
  launches,
  formatCode,
} = setup;
const tmp = setup.tmp;
const roleplayPath = setup.roleplay.path;
const bestPath = setup.roleplay.bestPath;
const roleplayUsers = setup.roleplay.users;
const roleplayCookies = setup.roleplay.cookies;
const roleplayAttempts = setup.roleplay.attempts;

// ---------------------------------------------------------------------------------------------
// baselines, in the same run

/** a bare node:http server in its own process, sending a small html page */
async function nodeHttpBaseline() {
  const port = await freePort();
  const page = `<!doctype html><html lang="en"><title>ok</title><p>${"hello ".repeat(40)}</p></html>`;
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, s) => { s.writeHead(200, { "content-type": "text/html" }); s.end(${JSON.stringify(page)}); }).listen(${port}, "127.0.0.1", () => console.log("up"))`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise((resolve) => child.stdout!.once("data", resolve));
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  child.kill();
  return r.requests.average;
}

/** raw better-sqlite3: autocommitted inserts of 2 kb rows, wal and synchronous=normal */
function sqliteBaseline() {
  const file = path.join(tmp, "baseline.db");
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO rows (body) VALUES (?)");
  const body = "x".repeat(2048);
  const until = performance.now() + (QUICK ? 300 : 3000);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() < until) {
    insert.run(body);
    n++;
  }
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/**
 * raw node-postgres on the bench's database: autocommitted inserts of 2 kb rows, one prepared
 * statement, one connection (the sqlite baseline's counterpart when the bench runs on postgresql)
 */
async function postgresBaseline() {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('CREATE TABLE "_bench_rows" (id SERIAL PRIMARY KEY, body TEXT NOT NULL)');
  const body = "x".repeat(2048);
  const until = performance.now() + (QUICK ? 300 : 3000);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() < until) {
    await client.query({
      name: "bench-insert",
      text: 'INSERT INTO "_bench_rows" (body) VALUES ($1)',
      values: [body],
    });
    n++;
  }
  const rate = n / ((performance.now() - t0) / 1000);
  await client.query('DROP TABLE "_bench_rows"');
  await client.end();
  return rate;
}

const nodeHttpRps = await nodeHttpBaseline();
const sqliteInsertsPerS = sqliteBaseline();
const postgresInsertsPerS = benchDatabase === "postgresql" ? await postgresBaseline() : null;
/** the scorm commits' baseline: raw inserts into the database the server runs on */
const DB_BASELINE = benchDatabase === "postgresql" ? "postgresql_inserts" : "sqlite_inserts";
const dbInsertsPerS = postgresInsertsPerS ?? sqliteInsertsPerS;
console.log(
  `baselines: node:http ${Math.round(nodeHttpRps)} req/s; sqlite ${Math.round(sqliteInsertsPerS)} inserts/s` +
    (postgresInsertsPerS ? `; postgresql ${Math.round(postgresInsertsPerS)} inserts/s` : ""),
);

// ---------------------------------------------------------------------------------------------
// the server, as `npm run serve` starts it

ensureBuild();
const server = await startServer(setup, PROFILE ? { profileDir: path.join(root, "bench", "profiles") } : {});
const peakRssMb = server.peakRssMb;

// ---------------------------------------------------------------------------------------------
// endpoints at 50 connections

type EndpointResult = {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  ratio: number;
  baseline: "node_http" | "sqlite_inserts" | "postgresql_inserts";
  target_ratio: number | null;
};

let cursor = 0;
const next = <T>(xs: readonly T[]) => xs[cursor++ % xs.length]!;
const origin = { origin: APP_URL };

/** the highest resident memory of any server process after each endpoint's run */
const peakAfter: Record<string, number> = {};
const skipped: EndpointResult = {
  rps: 0,
  p50_ms: 0,
  p99_ms: 0,
  non2xx: 0,
  errors: 0,
  ratio: 0,
  baseline: "node_http",
  target_ratio: null,
};

async function load(
  label: string,
  request: () => { method?: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string },
  options: {
    expect3xx?: boolean;
    baseline?: "node_http" | "sqlite_inserts" | "postgresql_inserts";
    target?: number | null;
    url?: string;
  } = {},
): Promise<EndpointResult> {
  if (ONLY && !ONLY.includes(label.replace(/[ -]/g, "_"))) return skipped;
  cursor = 0;
  const r = await autocannon({
    url: options.url ?? APP_URL,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (req) => {
          const x = request();
          return { ...req, method: x.method ?? "GET", path: x.path, headers: x.headers ?? {}, body: x.body };
        },
      },
    ],
  });
  const ok = r["2xx"] + (options.expect3xx ? r["3xx"] : 0);
  const base = options.baseline ?? "node_http";
  const baselineRate = base === "node_http" ? nodeHttpRps : dbInsertsPerS;
  const result: EndpointResult = {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non2xx: r["1xx"] + r["2xx"] + r["3xx"] + r["4xx"] + r["5xx"] - ok,
    errors: r.errors + r.timeouts,
    ratio: Math.round((r.requests.average / baselineRate) * 10_000) / 10_000,
    baseline: base,
    target_ratio: options.target ?? null,
  };
  peakAfter[label] = Math.max(...peakRssMb());
  console.log(
    `  ${label.padEnd(16)} ${String(result.rps).padStart(6)} req/s  p50 ${String(result.p50_ms).padStart(4)} ms  ` +
      `p99 ${String(result.p99_ms).padStart(5)} ms  ${(result.ratio * 100).toFixed(2)} % of ${base}` +
      (result.non2xx || result.errors ? `  (${result.non2xx} bad responses, ${result.errors} errors)` : ""),
  );
  return result;
}

console.log(`\nendpoints (${CONNECTIONS} connections, ${DURATION_S} s each):`);
const endpoints: Record<string, EndpointResult> = {};
const verifyCodes = sample(codes, 5_000);
endpoints.healthz = await load("healthz", () => ({ path: "/healthz" }), { target: TARGETS.healthz });
endpoints.verify_page = await load(
  "verify page",
  () => ({ path: `/verify/${formatCode(next(verifyCodes))}` }),
  {
    target: TARGETS.verify_page,
  },
);
endpoints.verify_api = await load("verify api", () => ({ path: `/api/certificates/${next(verifyCodes)}` }), {
  target: TARGETS.verify_api,
});
endpoints.dashboard = await load(
  "dashboard",
  () => ({ path: "/dashboard", headers: { cookie: next(dashboardCookies) } }),
  {
    target: TARGETS.dashboard,
  },
);
// one choice per request: the k-th round moves every learner's conversation one step on
endpoints.roleplay_choice = await load(
  "role-play choice",
  () => {
    const i = cursor++;
    const learner = i % roleplayUsers.length;
    const step = Math.floor(i / roleplayUsers.length);
    if (step >= bestPath.length) return { path: "/healthz" }; // every conversation has ended
    return {
      method: "POST",
      path: roleplayPath,
      headers: {
        cookie: roleplayCookies[learner]!,
        "content-type": "application/x-www-form-urlencoded",
        ...origin,
      },
      body: new URLSearchParams({
        intent: "choose",
        attemptId: roleplayAttempts[learner]!,
        version: String(step),
        choice: setup.roleplay.keys[learner]![step]!,
      }).toString(),
    };
  },
  { expect3xx: true },
);

/** a realistic scorm 1.2 commit of about 1.5 kb: mostly suspend_data, now and then a score */
const suspendData = Array.from({ length: 60 }, (_, i) => `p${i}=${(i * 7919) % 1000}`)
  .join(";")
  .padEnd(1200, ".");
function commitBody(seq: number) {
  const cmi: Record<string, string> = {
    "cmi.core.lesson_status": "incomplete",
    "cmi.core.lesson_location": `page-${seq % 40}`,
    "cmi.core.exit": "suspend",
    "cmi.core.session_time": "0000:00:02.00",
    "cmi.suspend_data": `${seq};${suspendData}`.slice(0, 1250),
  };
  if (seq % 20 === 0) {
    cmi["cmi.core.score.raw"] = String(seq % 100);
    cmi["cmi.core.score.min"] = "0";
    cmi["cmi.core.score.max"] = "100";
  }
  return JSON.stringify({ seq, cmi });
}
const seqs = new Map<string, number>();
function nextCommit(token: string) {
  const seq = (seqs.get(token) ?? 0) + 1;
  seqs.set(token, seq);
  return { path: `/commit/${token}`, body: commitBody(seq) };
}
endpoints.scorm_commit = await load(
  "scorm commit",
  () => ({ method: "POST", headers: { "content-type": "application/json" }, ...nextCommit(next(launches)) }),
  { url: CONTENT_URL, baseline: DB_BASELINE, target: TARGETS.scorm_commit },
);
endpoints.hr_dashboard = await load("hr dashboard", () => ({
  path: `/org/${big.id}/dashboard`,
  headers: { cookie: hrCookie! },
}));

// ---------------------------------------------------------------------------------------------
// hr first page, one request at a time (p95), and the csv export of the big trust

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
const hrTimes: number[] = [];
for (let i = 0; i < (QUICK ? 5 : 33); i++) {
  const t0 = performance.now();
  const res = await fetch(`${APP_URL}/org/${big.id}/dashboard`, { headers: { cookie: hrCookie! } });
  await res.text();
  if (!res.ok) throw new Error(`hr dashboard answered ${res.status}`);
  if (i >= 3 || QUICK) hrTimes.push(performance.now() - t0);
}
hrTimes.sort((a, b) => a - b);
const hrFirstPageP95 = Math.round(percentile(hrTimes, 0.95) * 10) / 10;

const csvStart = performance.now();
const csvRes = await fetch(`${APP_URL}/org/${big.id}/dashboard.csv`, { headers: { cookie: hrCookie! } });
if (!csvRes.ok) throw new Error(`the csv export answered ${csvRes.status}`);
const csvText = await csvRes.text();
const csvSeconds = Math.round((performance.now() - csvStart) / 10) / 100;
const csvRows = csvText.split("\n").filter((l) => l.trim() !== "").length - 1;
const csvRss = Math.max(...peakRssMb());
console.log(
  `\nhr first page p95 ${hrFirstPageP95} ms (sequential); csv export ${csvRows} rows in ${csvSeconds} s`,
);

// ---------------------------------------------------------------------------------------------
// commit storm: learners committing every 2 s while /healthz is probed

async function commitStorm() {
  const tokens = launches.slice(0, SIZES.stormLearners);
  const until = performance.now() + STORM_S * 1000;
  let commits = 0;
  let errors = 0;
  const learner = async (token: string, delay: number) => {
    await new Promise((r) => setTimeout(r, delay));
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const c = nextCommit(token);
        const res = await fetch(`${CONTENT_URL}${c.path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: c.body,
        });
        await res.arrayBuffer();
        if (res.ok) commits++;
        else errors++;
      } catch {
        errors++;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (performance.now() - started))));
    }
  };
  const probe = async () => {
    const times: number[] = [];
    let failed = 0;
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${APP_URL}/healthz`);
        await res.text();
        if (!res.ok) failed++;
      } catch {
        failed++;
      }
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { times: times.sort((a, b) => a - b), failed };
  };
  const started = performance.now();
  const [probed] = await Promise.all([
    probe(),
    ...tokens.map((t, i) => learner(t, (i / tokens.length) * 2000)),
  ]);
  const seconds = (performance.now() - started) / 1000;
  return {
    learners: tokens.length,
    seconds: Math.round(seconds),
    commits_per_s: Math.round((commits / seconds) * 10) / 10,
    errors,
    healthz_probes: probed.times.length,
    healthz_failed: probed.failed,
    healthz_p99_ms: Math.round(percentile(probed.times, 0.99) * 10) / 10,
  };
}
const storm = await commitStorm();
console.log(
  `commit storm: ${storm.learners} learners, ${storm.commits_per_s} commits/s, ${storm.errors} errors; ` +
    `healthz p99 ${storm.healthz_p99_ms} ms over ${storm.healthz_probes} probes`,
);

// ---------------------------------------------------------------------------------------------
// report

const rss = peakRssMb();
await server.stop("SIGTERM");

const targets = {
  ...Object.fromEntries(
    Object.entries(endpoints)
      .filter(([, e]) => e.target_ratio !== null)
      .map(([k, e]) => [`${k}_ratio`, e.ratio >= e.target_ratio!]),
  ),
  p99_under_100ms: Object.values(endpoints).every((e) => e.p99_ms < TARGETS.p99_ms),
  no_errors: Object.values(endpoints).every((e) => e.non2xx === 0 && e.errors === 0) && storm.errors === 0,
  storm_healthz_p99: storm.healthz_p99_ms < TARGETS.storm_healthz_p99_ms,
  hr_first_page_p95: hrFirstPageP95 < TARGETS.hr_first_page_p95_ms,
  csv_export: csvSeconds < TARGETS.csv_seconds,
  peak_rss: Math.max(...rss) < TARGETS.peak_rss_mb,
};
const report = {
  date: new Date().toISOString(),
  quick: QUICK,
  machine: machine(),
  workers: rss.length > 1 ? rss.length - 1 : 1,
  data: { trainees, organisations: 5, certificates: codes.length, scorm_launches: launches.length },
  connections: CONNECTIONS,
  duration_s: DURATION_S,
  baselines: {
    node_http_rps: Math.round(nodeHttpRps),
    sqlite_inserts_per_s: Math.round(sqliteInsertsPerS),
    ...(postgresInsertsPerS ? { postgresql_inserts_per_s: Math.round(postgresInsertsPerS) } : {}),
  },
  endpoints,
  hr_first_page: { p95_ms: hrFirstPageP95, runs: hrTimes.length },
  commit_storm: storm,
  csv_export: { rows: csvRows, seconds: csvSeconds, peak_rss_mb: csvRss },
  peak_rss_mb: Math.max(...rss),
  peak_rss_mb_per_process: rss,
  peak_rss_mb_after: peakAfter,
  targets: TARGETS,
  met: targets,
  load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
};

const bad = Object.entries(endpoints).filter(([, e]) => e.errors > 0 || e.non2xx > 0);
if (QUICK) {
  // the smoke run: every endpoint answered properly; the figures are not judged
  if (bad.length || csvRows < SIZES.big || storm.errors > 0) {
    console.error(`bench --quick: ${bad.map(([k]) => k).join(", ") || "csv or storm"} failed`);
    process.exit(1);
  }
  console.log("\nbench --quick: every endpoint answered (figures from a smoke run are not judged)");
} else {
  saveResults(resultPrefix("http-"), report);
  console.log("\ntargets met:");
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v ? "yes" : "NO "}  ${k}`);
}
process.exit(0);
