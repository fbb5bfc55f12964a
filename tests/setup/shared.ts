import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/**
 * the read-only shared folder (seed text, test data) that sits beside the repository on
 * developers' machines and in CI. SHARED_DIR overrides it, e.g. for a clone elsewhere.
 */
export function sharedDir(): string {
  const candidates = [process.env.SHARED_DIR, path.join(ROOT, "..", "shared"), "/work/shared"].filter(
    (p): p is string => Boolean(p),
  );
  const found = candidates.find((p) => existsSync(path.join(p, "seed")));
  if (!found)
    throw new Error(`the shared folder was not found (looked in ${candidates.join(", ")}); set SHARED_DIR`);
  return found;
}
