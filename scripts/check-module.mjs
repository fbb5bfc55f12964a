#!/usr/bin/env node
// checks one module folder on its own, as if it were the only module of a course:
//   node scripts/check-module.mjs courses/mentoring-for-doctors/questioning
// for authors writing a module before it is listed in course.yaml.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/check-module.mjs <module folder>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const moduleDir = path.resolve(dir);
const id = path.basename(moduleDir);
const scratch = path.join(root, "tests", ".tmp", `check-module-${id}-${process.pid}`);
rmSync(scratch, { recursive: true, force: true });
mkdirSync(path.join(scratch, "check"), { recursive: true });
cpSync(moduleDir, path.join(scratch, "check", id), { recursive: true });
writeFileSync(
  path.join(scratch, "check", "course.yaml"),
  `id: check\ntitle: Module check\nsummary: One module checked on its own.\nversion: "0"\ncpdHours: 1\noutcomes: [Check]\nmodules: [${id}]\n`,
);
const r = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/courses.ts", "check"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, COURSES_DIR: scratch },
});
rmSync(scratch, { recursive: true, force: true });
if (r.status === 0) console.log(`module "${id}" is valid`);
process.exit(r.status ?? 1);
