import path from "node:path";
import { importPackage } from "~/scorm/import.server";
import { sharedDir } from "./shared";

/** a zip from ../shared/testdata/scorm (never edited), e.g. "moodle/singlescobasic.zip" */
export function sharedScorm(relative: string): string {
  return path.join(sharedDir(), "testdata", "scorm", relative);
}

/** imports one of the shared test packages for an organisation, through the real pipeline */
export function importSharedPackage(organisationId: string, relative: string, packageId?: string) {
  return importPackage({
    zipPath: sharedScorm(relative),
    originalName: path.basename(relative),
    organisationId,
    uploadedById: null,
    packageId,
  });
}
