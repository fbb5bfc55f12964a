import path from "node:path";
import { importPackage } from "~/scorm/import.server";
import { sharedDir } from "./shared";
import { writeTempZip, type ZipEntrySpec } from "./zip-writer";

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

/** imports a package built in the test from its files, through the real pipeline */
export async function importBuiltPackage(organisationId: string, entries: ZipEntrySpec[], name: string) {
  const zip = await writeTempZip(entries, name);
  try {
    return await importPackage({ zipPath: zip.path, originalName: name, organisationId, uploadedById: null });
  } finally {
    await zip.cleanup();
  }
}
