import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";
import { audit } from "~/organisations/audit.server";
import { ManifestError, parseManifest } from "./manifest";
import { contentStore } from "./store.server";
import type { ParsedManifest } from "./types";
import { extractZip, inspectZip, PackageRejected, type ZipLimits } from "./zip.server";

// the import pipeline: check the zip without extracting it, parse the manifest, extract into
// a scratch folder from the content store, then one transaction writes the rows and the store
// takes the folder. any failure removes the scratch folder, so nothing half-made is left.

export class ImportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ImportResult = {
  packageId: string;
  versionId: string;
  versionNumber: number;
  title: string;
  scormVersion: string;
  warnings: string[];
  fileCount: number;
};

export { storeRoot } from "./store.server";

export function zipLimits(): ZipLimits {
  const env = getEnv();
  return {
    maxFiles: env.SCORM_MAX_FILES,
    maxUncompressedBytes: env.SCORM_MAX_UNCOMPRESSED_BYTES,
    maxRatio: env.SCORM_MAX_RATIO,
    maxManifestBytes: 5 * 1024 * 1024,
  };
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * imports a zip as a new package, or as the next version of `packageId` (which must belong to
 * `organisationId`). throws ImportError with a message for the uploader.
 */
export async function importPackage(input: {
  zipPath: string;
  originalName: string;
  organisationId: string;
  uploadedById: string | null;
  packageId?: string;
}): Promise<ImportResult> {
  const env = getEnv();
  const size = (await stat(input.zipPath)).size;
  if (size > env.SCORM_MAX_UPLOAD_BYTES) {
    throw new ImportError(
      "too_large",
      `The file is ${formatBytes(size)}; the largest package accepted is ${formatBytes(env.SCORM_MAX_UPLOAD_BYTES)}.`,
    );
  }
  if (input.packageId) {
    const existing = await prisma.scormPackage.findUnique({ where: { id: input.packageId } });
    if (!existing || existing.organisationId !== input.organisationId) {
      throw new ImportError("unknown_package", "That package does not exist in this organisation.");
    }
  }

  const limits = zipLimits();
  let manifest: ParsedManifest;
  try {
    const inspection = await inspectZip(input.zipPath, limits);
    const files = new Set(inspection.files);
    manifest = parseManifest(inspection.manifestXml, {
      fileExists: (p) => files.has(p) || files.has(decodeURIComponentSafe(p)),
    });
  } catch (error) {
    throw asImportError(error);
  }

  const store = contentStore();
  const scratch = await store.scratch();
  let moved: string | undefined;
  try {
    const extracted = await extractZip(input.zipPath, scratch, limits).catch((error: unknown) => {
      throw asImportError(error);
    });
    const sha256 = await sha256File(input.zipPath);
    const title = manifest.title || manifest.organization.title || input.originalName.replace(/\.zip$/i, "");
    const result = await prisma.$transaction(async (tx) => {
      const pkg = input.packageId
        ? await tx.scormPackage.update({ where: { id: input.packageId }, data: { title } })
        : await tx.scormPackage.create({
            data: { organisationId: input.organisationId, title, createdById: input.uploadedById },
          });
      const last = await tx.scormPackageVersion.findFirst({
        where: { packageId: pkg.id },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const number = (last?.number ?? 0) + 1;
      const storagePath = `${pkg.id}/${number}`;
      const version = await tx.scormPackageVersion.create({
        data: {
          packageId: pkg.id,
          number,
          scormVersion: manifest.version,
          title,
          manifest: JSON.stringify(manifest),
          warnings: JSON.stringify(manifest.warnings),
          fileCount: extracted.files,
          totalBytes: extracted.bytes,
          sha256,
          originalName: input.originalName.slice(0, 255),
          storagePath,
          uploadedById: input.uploadedById,
        },
      });
      await audit(tx, {
        actorId: input.uploadedById,
        organisationId: input.organisationId,
        action: input.packageId ? "scorm.version_uploaded" : "scorm.package_imported",
        detail: { packageId: pkg.id, version: number, files: extracted.files, sha256 },
      });
      // the files are stored inside the transaction: if that fails the rows roll back
      await store.put(storagePath, scratch);
      moved = storagePath;
      return { pkg, version };
    });
    logger.info(
      { packageId: result.pkg.id, version: result.version.number, files: extracted.files },
      "scorm package imported",
    );
    return {
      packageId: result.pkg.id,
      versionId: result.version.id,
      versionNumber: result.version.number,
      title,
      scormVersion: manifest.version,
      warnings: manifest.warnings,
      fileCount: extracted.files,
    };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    if (moved) await store.remove(moved);
    throw error;
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function asImportError(error: unknown): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof PackageRejected) return new ImportError(error.code, error.message);
  if (error instanceof ManifestError) return new ImportError("manifest", error.message);
  throw error;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** the parsed manifest of a stored version */
export function manifestOf(version: { manifest: string }): ParsedManifest {
  return JSON.parse(version.manifest) as ParsedManifest;
}
