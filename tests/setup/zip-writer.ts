import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildZip, type ZipEntrySpec } from "~/utils/zip-writer.server";

// test zips on disk, written with the app's zip writer (which writes hostile names as told)
export { buildZip, type ZipEntrySpec };

export type TempZip = { path: string; dir: string; cleanup: () => Promise<void> };

/** writes a zip (or any bytes) to package.zip in a fresh temp folder of its own */
export async function writeTempZip(content: ZipEntrySpec[] | Buffer, name = "package.zip"): Promise<TempZip> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "zip-writer-"));
  const file = path.join(dir, name);
  await writeFile(file, Buffer.isBuffer(content) ? content : buildZip(content));
  return { path: file, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
