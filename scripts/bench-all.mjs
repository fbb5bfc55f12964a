#!/usr/bin/env node
// npm run bench: the three benchmarks in turn (courses sync, hr reporting, the http load).
// each runs whatever the one before it found: a target missed in one is reported at the end,
// and the exit status is 1 when any part missed a target or failed.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const parts = ["scripts/bench.ts", "scripts/bench-hr.ts", "scripts/bench-http.ts"];
const missed = [];
for (const part of parts) {
  const r = spawnSync(tsx, [part, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) missed.push(part);
}
console.log(
  missed.length
    ? `\nbench: ${missed.join(", ")} missed a target or failed (see above)`
    : "\nbench: every part met its targets",
);
process.exit(missed.length ? 1 : 0);
