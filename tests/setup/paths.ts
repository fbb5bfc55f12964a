import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const TMP = path.join(ROOT, "tests", ".tmp");
export const BASE_DB = path.join(TMP, "base.db");
