#!/usr/bin/env node
// `npm test`: typecheck, lint, vitest (unit + integration), playwright (e2e + axe), the load
// bench's smoke run. every runner runs even when an earlier one fails, and the last line sums
// them all:
//   N passed, N failed, N skipped
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const tmp = path.join(root, "tests", ".tmp");
mkdirSync(tmp, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return { ok: r.status === 0, ms: Date.now() - started };
}

function check(label, command, args) {
  const { ok, ms } = run(label, command, args);
  totals[ok ? "passed" : "failed"] += 1;
  lines.push(`${label}: ${ok ? "passed" : "FAILED"} (${(ms / 1000).toFixed(1)} s)`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

check("typecheck", bin("tsc"), ["--noEmit"]);
check("lint", bin("eslint"), ["."]);
// the course content: valid, and no item-writing or scenario warning left open (fixed, or kept
// in the file with a written reason)
check("course content (courses:check --strict)", bin("tsx"), ["scripts/courses.ts", "check", "--strict"]);
// the postgresql schema is generated from schema.prisma: committed and in step (decision 026)
check("postgresql schema in step (postgres-schema --check)", process.execPath, [
  "scripts/postgres-schema.mjs",
  "--check",
]);

{
  const out = path.join(tmp, "vitest.json");
  rmSync(out, { force: true });
  const { ok, ms } = run("vitest (unit and integration)", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const report = readJson(out);
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    const extra = !ok && report.numFailedTests === 0 ? 1 : 0; // a suite that failed to load
    totals.failed += extra;
    lines.push(
      `vitest: ${report.numPassedTests} passed, ${report.numFailedTests + extra} failed (${(ms / 1000).toFixed(1)} s)`,
    );
  } else {
    totals.failed += 1;
    lines.push("vitest: FAILED before reporting");
  }
}

{
  const out = path.join(tmp, "playwright.json");
  rmSync(out, { force: true });
  const { ok, ms } = run("playwright (browser, axe)", bin("playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  const stats = readJson(out)?.stats;
  if (stats) {
    const failed = stats.unexpected + (ok || stats.unexpected > 0 ? 0 : 1);
    totals.passed += stats.expected + stats.flaky;
    totals.failed += failed;
    totals.skipped += stats.skipped;
    lines.push(
      `playwright: ${stats.expected + stats.flaky} passed, ${failed} failed (${(ms / 1000).toFixed(1)} s)`,
    );
  } else {
    totals.failed += 1;
    lines.push("playwright: FAILED before reporting");
  }
}

// the load bench's smoke run: the production server seeded small, every endpoint driven for a
// second (each must answer properly); its figures are printed, never judged here
check("load bench smoke (bench-http --quick)", bin("tsx"), ["scripts/bench-http.ts", "--quick"]);
// crash safety: the server killed with SIGKILL under writes, twice; nothing acknowledged is lost
check("crash soak (soak --quick)", bin("tsx"), ["scripts/soak.ts", "--quick"]);

// vitest's postgresql pass and the postgresql tests start their own server; without postgresql
// installed they are left out (vitest.config.ts), and said so here
{
  const { postgresBin } = await import("./postgres-test-server.mjs");
  if (!postgresBin())
    lines.push(
      "POSTGRESQL NOT INSTALLED: the integration suite's PostgreSQL pass and the PostgreSQL tests were SKIPPED (apt-get install -y postgresql)",
    );
  else if (process.env.TEST_POSTGRES === "0")
    lines.push("TEST_POSTGRES=0: the integration suite's PostgreSQL pass was SKIPPED");
}
console.log("\n=== summary ===");
for (const line of lines) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
