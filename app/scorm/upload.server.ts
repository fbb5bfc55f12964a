import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_createFileUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { unreadableUpload } from "~/utils/http.server";
import { getEnv } from "~/env.server";
import { formatBytes, ImportError, importPackage, storeRoot, type ImportResult } from "./import.server";

// a zip posted from the browser: streamed to a scratch file (never held in memory), imported,
// and the scratch file removed whatever happens.

export type UploadOutcome =
  { ok: true; result: ImportResult } | { ok: false; status: number; error: string; field?: "package" };

export async function receivePackageUpload(
  request: Request,
  target: { organisationId: string; userId: string; packageId?: string },
): Promise<UploadOutcome> {
  const env = getEnv();
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return {
      ok: false,
      status: 400,
      error: "Send the package as a file upload (multipart/form-data).",
      field: "package",
    };
  }
  const dir = path.join(storeRoot(), ".uploads");
  const name = `${randomUUID()}.zip`;
  const written = path.join(dir, name);
  // the file is written under a name of ours; the name it had on the uploader's computer is
  // kept to show on the package's page
  let uploadedAs = "";
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createFileUploadHandler({
        directory: dir,
        file: ({ filename }) => {
          uploadedAs = filename;
          return name;
        },
        avoidFileConflicts: false,
        maxPartSize: env.SCORM_MAX_UPLOAD_BYTES,
        filter: ({ name: field }) => field === "package",
      }),
    );
  } catch (error) {
    await rm(written, { force: true });
    if (error instanceof MaxPartSizeExceededError) {
      return {
        ok: false,
        status: 413,
        error: `The package is larger than the maximum of ${formatBytes(env.SCORM_MAX_UPLOAD_BYTES)}.`,
        field: "package",
      };
    }
    const unreadable = unreadableUpload(error);
    if (unreadable) return { ok: false, status: 400, error: unreadable, field: "package" };
    throw error;
  }
  try {
    const file = form.get("package");
    if (!(file instanceof NodeOnDiskFile) || file.size === 0) {
      return {
        ok: false,
        status: 400,
        error: "Choose a SCORM package (.zip file) to upload.",
        field: "package",
      };
    }
    const result = await importPackage({
      zipPath: file.getFilePath(),
      originalName: displayName(uploadedAs),
      organisationId: target.organisationId,
      uploadedById: target.userId,
      packageId: target.packageId,
    });
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ImportError)
      return { ok: false, status: 422, error: error.message, field: "package" };
    throw error;
  } finally {
    await rm(written, { force: true });
  }
}

/** a browser-sent file name fit to show: its last path part, no control characters, at most 255 */
export function displayName(sent: string): string {
  const base = sent.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return clean || "package.zip";
}
