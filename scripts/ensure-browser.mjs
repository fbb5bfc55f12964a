#!/usr/bin/env node
// pretest: the browser tests need Debian's chromium, and the SCORM export tests validate
// manifests with xmllint (Debian's libxml2-utils). no test tool may download its own browser,
// so when one is missing we install the Debian package (as root with apt-get) or stop with one
// line saying what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
let updated = false;

function aptInstall(pkg) {
  if (!isRoot || !hasApt) return false;
  const update = updated ? "true" : "apt-get update";
  updated = true;
  return (
    spawnSync("sh", ["-c", `${update} && DEBIAN_FRONTEND=noninteractive apt-get install -y ${pkg}`], {
      stdio: "inherit",
    }).status === 0
  );
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (!process.env.CHROMIUM_PATH) {
    console.log("Chromium not found: installing Debian's chromium (apt-get)…");
    aptInstall("chromium");
  }
  if (!existsSync(chromium)) {
    console.error(
      `Chromium not found at ${chromium}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then run npm test again.`,
    );
    process.exit(1);
  }
}

const hasXmllint = () => spawnSync("sh", ["-c", "command -v xmllint"], { stdio: "ignore" }).status === 0;
if (!hasXmllint()) {
  console.log("xmllint not found: installing Debian's libxml2-utils (apt-get)…");
  aptInstall("libxml2-utils");
  if (!hasXmllint()) {
    console.error(
      'xmllint not found: install it with "sudo apt-get install -y libxml2-utils", then run npm test again.',
    );
    process.exit(1);
  }
}
