#!/usr/bin/env node
// pretest: the browser tests need Debian's chromium. no test tool may download its own
// browser, so when it is missing we install the Debian package (as root with apt-get) or stop
// with one line saying what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
if (isRoot && hasApt && !process.env.CHROMIUM_PATH) {
  console.log("Chromium not found: installing Debian's chromium (apt-get)…");
  const r = spawnSync("sh", ["-c", "apt-get update && apt-get install -y chromium"], { stdio: "inherit" });
  if (r.status === 0 && existsSync(path)) process.exit(0);
}
console.error(
  `Chromium not found at ${path}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then run npm test again.`,
);
process.exit(1);
