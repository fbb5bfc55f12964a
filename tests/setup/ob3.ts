import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { sharedDir } from "./shared";

/** 1EdTech's open badges 3.0 achievement credential json schema, compiled */
export function achievementCredentialValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const file = path.join(
    sharedDir(),
    "testdata",
    "ob3",
    "schema",
    "ob_v3p0_achievementcredential_schema.json",
  );
  return ajv.compile(JSON.parse(readFileSync(file, "utf8")));
}
