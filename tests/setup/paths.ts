import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** the run's databases and stores; TEST_TMP gives two runs at once a folder each */
export const TMP = process.env.TEST_TMP
  ? path.resolve(ROOT, process.env.TEST_TMP)
  : path.join(ROOT, "tests", ".tmp");
export const BASE_DB = path.join(TMP, "base.db");
