// whether build/ is older than the sources it is built from (npm start and the http bench
// build only then)
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") latest = Math.max(latest, newest(p));
    } else latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

/** @param {string} root the repository */
export function buildIsStale(root) {
  const buildFile = path.join(root, "build", "index.js");
  if (!existsSync(buildFile)) return true;
  const sources = Math.max(
    newest(path.join(root, "app")),
    statSync(path.join(root, "remix.config.js")).mtimeMs,
  );
  return sources > statSync(buildFile).mtimeMs;
}
