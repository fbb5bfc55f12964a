// npm run soak: crash safety under load. scorm commits and role-play choices stream in while
// the whole server (primary and workers) is killed with SIGKILL, five times. after each kill:
//   - every write the server acknowledged is in the database (a commit answered "applied", a
//     role-play move answered with its redirect);
//   - PRAGMA integrity_check says ok;
//   - the server starts and serves again.
// --quick: two rounds, small data (the run in `npm test`).
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBuild, prepareLoad, startServer } from "./load-setup";

const QUICK = process.argv.includes("--quick");
const ROUNDS = QUICK ? 2 : 5;
const LEARNERS = QUICK ? 30 : 150;

const setup = await prepareLoad(
  QUICK ? "soak-quick" : "soak",
  {
    big: QUICK ? 100 : 1_000,
    others: 10,
    sessions: 5,
    roleplayers: LEARNERS,
    scormLearners: LEARNERS,
  },
  { sqlite: true },
);
ensureBuild();
const { APP_URL, CONTENT_URL, launches, roleplay } = setup;
/** the soak is about sqlite's file under kills and full disks: always a file */
const dbFile = setup.dbFile!;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** per launch: the highest seq the server acknowledged as applied, and its location */
const acked = new Map<string, { seq: number; location: string }>();
const nextSeq = new Map<string, number>();
/** per role-player: the moves acknowledged, and the version the next move is made at */
const movesAcked = new Map<number, number>();
const version = new Map<number, number>();

const padding = "x".repeat(1200);
async function committer(token: string, running: () => boolean) {
  while (running()) {
    const seq = (nextSeq.get(token) ?? 0) + 1;
    nextSeq.set(token, seq);
    const location = `page-${seq}`;
    const body = JSON.stringify({
      seq,
      cmi: {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": location,
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "0000:00:01.00",
        "cmi.suspend_data": `${seq};${padding}`,
      },
    });
    try {
      const res = await fetch(`${CONTENT_URL}/commit/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const json = (await res.json()) as { applied?: boolean };
      if (res.status === 200 && json.applied) acked.set(token, { seq, location });
    } catch {
      // the server went down: whatever was not answered was not acknowledged
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function player(i: number, running: () => boolean) {
  while (running()) {
    const step = version.get(i) ?? 0;
    if (step >= roleplay.bestPath.length) return;
    try {
      const res = await fetch(`${APP_URL}${roleplay.path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: roleplay.cookies[i]!,
          "content-type": "application/x-www-form-urlencoded",
          origin: APP_URL,
        },
        body: new URLSearchParams({
          intent: "choose",
          attemptId: roleplay.attempts[i]!,
          version: String(step),
          choice: roleplay.keys[i]![step]!,
        }),
      });
      await res.arrayBuffer();
      if (res.status === 302 || res.status === 303) {
        movesAcked.set(i, step + 1);
        version.set(i, step + 1);
      }
    } catch {
      // not acknowledged
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Round = { round: number; commitsAcked: number; movesAcked: number; lost: number; integrity: string };
const rounds: Round[] = [];
let failed = false;

for (let round = 1; round <= ROUNDS; round++) {
  const server = await startServer(setup, { env: { LOG_LEVEL: "fatal" } });
  let running = true;
  const streams = [
    ...launches.map((t) => committer(t, () => running)),
    ...roleplay.users.map((_, i) => player(i, () => running)),
  ];
  // long enough for writes to be acknowledged (a cold worker's first requests are slow)
  await new Promise((r) => setTimeout(r, 2_500 + Math.random() * 2_500));
  await server.stop("SIGKILL");
  running = false;
  await Promise.allSettled(streams);

  // what is on disk after the crash
  const db = new Database(dbFile, { readonly: true });
  const integrity = String(db.pragma("integrity_check", { simple: true }));
  let lost = 0;
  const launch = db.prepare(
    `SELECT l."lastSeq" AS lastSeq, a."location" AS location FROM "ScormLaunch" l JOIN "ScormAttempt" a ON a."id" = l."attemptId" WHERE l."tokenHash" = ?`,
  );
  for (const [token, ack] of acked) {
    const row = launch.get(sha256(token)) as { lastSeq: number; location: string | null } | undefined;
    if (!row || row.lastSeq < ack.seq) lost++;
    // the stored location is the acknowledged one, or a later commit's that was applied anyway
    else if (row.lastSeq === ack.seq && row.location !== ack.location) lost++;
  }
  const attempt = db.prepare(`SELECT "version" FROM "RoleplayAttempt" WHERE "id" = ?`);
  roleplay.attempts.forEach((id, i) => {
    const row = attempt.get(id) as { version: number };
    if (row.version < (movesAcked.get(i) ?? 0)) lost++;
    // a move applied whose answer was lost: carry on from what is stored
    version.set(i, row.version);
  });
  db.close();
  const r = {
    round,
    commitsAcked: [...acked.values()].reduce((n, a) => n + a.seq, 0),
    movesAcked: [...movesAcked.values()].reduce((n, m) => n + m, 0),
    lost,
    integrity,
  };
  rounds.push(r);
  console.log(
    `round ${round}: killed with SIGKILL; acknowledged so far ${r.commitsAcked} commit seqs and ${r.movesAcked} role-play moves; lost ${lost}; integrity_check ${integrity}`,
  );
  if (lost > 0 || integrity !== "ok") failed = true;
  // a round in which nothing was acknowledged proves nothing
  const before = rounds.at(-2);
  if (before && r.commitsAcked === before.commitsAcked) {
    console.error(`round ${round}: no commit was acknowledged before the kill`);
    failed = true;
  }
}

// the server starts and serves after the last crash
const server = await startServer(setup);
const health = await fetch(`${APP_URL}/healthz`);
const page = await fetch(`${APP_URL}${roleplay.path}`, { headers: { cookie: roleplay.cookies[0]! } });
await server.stop("SIGTERM");
console.log(`after ${ROUNDS} crashes: /healthz ${health.status}, a learner's role-play page ${page.status}`);
if (!health.ok || !page.ok) failed = true;

// ---------------------------------------------------------------------------------------------
// storage faults: the database on a small disk of its own (a tmpfs: mounting needs root),
// filled up. writes must get 503 with the reason (never 500), reads go on, and writing works
// again by itself once the disk has room.

function sh(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { encoding: "utf8" });
}

async function faults(): Promise<boolean> {
  const disk = path.join(setup.tmp, "small-disk");
  mkdirSync(disk, { recursive: true });
  const size = Math.ceil(statSync(dbFile).size / 1024 / 1024) + 8;
  const mount = sh("mount", ["-t", "tmpfs", "-o", `size=${size}m`, "tmpfs", disk]);
  if (mount.status !== 0) {
    console.log(`faults: SKIPPED (mounting a small disk needs root: ${mount.stderr.trim()})`);
    return true;
  }
  let ok = true;
  const expect = (what: string, cond: boolean) => {
    console.log(`  ${cond ? "ok  " : "FAIL"} ${what}`);
    if (!cond) ok = false;
  };
  try {
    const db = path.join(disk, "app.db");
    // a consistent copy of the soaked database
    const source = new Database(dbFile);
    await source.backup(db);
    source.close();
    const fault = { ...setup, serverEnv: { ...setup.serverEnv, DATABASE_URL: `file:${db}` } };
    const server = await startServer(fault, { env: { LOG_LEVEL: process.env.SOAK_LOG ?? "fatal" } });
    const token = launches[0]!;
    let seq = (nextSeq.get(token) ?? 0) + 1000;
    const commit = async () => {
      seq++;
      try {
        const res = await fetch(`${CONTENT_URL}/commit/${token}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            seq,
            cmi: { "cmi.core.lesson_location": `fault-${seq}`, "cmi.suspend_data": padding.repeat(3) },
          }),
        });
        return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
      } catch {
        // a worker being replaced: no answer is not an acknowledgement
        return { status: 0, body: { ok: false } };
      }
    };
    const page = () => fetch(`${APP_URL}${roleplay.path}`, { headers: { cookie: roleplay.cookies[0]! } });
    expect("a commit is saved on the small disk", (await commit()).status === 200);

    // 1. full: fill the disk, then commit until the database cannot grow
    writeFileSync(path.join(disk, "filler"), Buffer.alloc(0));
    sh("fallocate", ["-l", `${size}m`, path.join(disk, "filler")]);
    if (statSync(path.join(disk, "filler")).size === 0)
      sh("dd", ["if=/dev/zero", `of=${path.join(disk, "filler")}`, "bs=1M", `count=${size}`]);
    let full = null;
    for (let i = 0; i < 200 && !full; i++) {
      const r = await commit();
      if (r.status !== 200) full = r;
    }
    expect(`a full disk: the commit gets 503 (got ${full?.status})`, full?.status === 503);
    expect("…saying why", /storage is full/.test(full?.body.error ?? ""));
    expect("…and reads go on: /healthz", (await fetch(`${APP_URL}/healthz`)).status === 200);
    expect("…and a learner's page", (await page()).status === 200);
    const refused = await fetch(`${APP_URL}${roleplay.path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: roleplay.cookies[0]!,
        "content-type": "application/x-www-form-urlencoded",
        origin: APP_URL,
      },
      body: new URLSearchParams({
        intent: "choose",
        attemptId: roleplay.attempts[0]!,
        version: String(version.get(0) ?? 0),
        choice: "any",
      }).toString(),
    });
    expect(`…a form post gets 503, not 500 (got ${refused.status})`, refused.status === 503);
    rmSync(path.join(disk, "filler"));
    let recovered = false;
    let last = null;
    for (let i = 0; i < 60 && !recovered; i++) {
      await new Promise((r) => setTimeout(r, 250));
      last = await commit();
      recovered = last.status === 200;
    }
    if (!recovered) console.log(`  the last commit: ${last?.status} ${JSON.stringify(last?.body)}`);
    expect("room again: commits are saved again, with nobody restarting the server", recovered);

    // a read-only disk cannot be staged this way: remounting needs every file closed, and the
    // server keeps the database open. app/server/storage.test.ts covers read-only with the
    // database's own refusal (query_only), through the same code.
    await server.stop("SIGTERM");
    const check = new Database(db, { readonly: true });
    expect(
      "integrity_check after the faults",
      String(check.pragma("integrity_check", { simple: true })) === "ok",
    );
    check.close();
  } finally {
    sh("umount", ["-l", disk]);
  }
  return ok;
}

console.log("storage faults:");
if (!(await faults())) failed = true;

if (failed) {
  console.error("soak: FAILED");
  process.exit(1);
}
console.log(`soak: ${ROUNDS} crashes under load, no acknowledged write lost, database intact`);
process.exit(0);
