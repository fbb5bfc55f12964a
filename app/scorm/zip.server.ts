import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";

// the zip layer of the scorm importer. packages come from colleges and are untrusted, so
// every entry is checked before anything touches the disk, and again while it is written.

export type RejectCode =
  | "not_zip"
  | "corrupt"
  | "no_manifest"
  | "manifest_in_subfolder"
  | "aicc"
  | "unsafe_path"
  | "symlink"
  | "too_many_files"
  | "too_large"
  | "compression_ratio"
  | "manifest_too_large"
  | "empty";

export type ZipLimits = {
  /** entries in the archive, counting folders and junk */
  maxFiles: number;
  /** sum of the unpacked sizes of the files that would be extracted */
  maxUncompressedBytes: number;
  /** unpacked / packed, per entry and for the whole archive, once past 1 MiB unpacked */
  maxRatio: number;
  maxManifestBytes: number;
};

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxFiles: 5_000,
  maxUncompressedBytes: 2 * GiB,
  maxRatio: 200,
  maxManifestBytes: 5 * MiB,
};

// small text files routinely compress 100:1 or better; only big expansions are suspicious
const RATIO_FLOOR_BYTES = MiB;

/** a package the importer refuses; the message is meant for the college administrator */
export class PackageRejected extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "PackageRejected";
  }
}

export type ZipInspection = {
  manifestXml: string;
  /** the manifest's path as it is in the zip: "imsmanifest.xml", or e.g. "IMSManifest.xml" */
  manifestName: string;
  /** package-relative paths ("/"-separated) of the regular files to extract, junk excluded */
  files: string[];
  totalUncompressedBytes: number;
  /** junk files that are skipped, e.g. __MACOSX/... and .DS_Store */
  ignored: string[];
};

const OPEN_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: true,
  validateEntrySizes: true,
  // yauzl's own name checks would reject ../ and absolute names with terse messages of its
  // own; we decode names ourselves so our checks (and messages) run instead
  decodeStrings: false,
  strictFileNames: true,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

// zlib.crc32 arrived in node 20.15 and package.json still allows 20.11
const crc32: (data: Uint8Array, value?: number) => number =
  typeof zlib.crc32 === "function" ? zlib.crc32 : tableCrc32;

const AICC_EXTENSIONS = [".crs", ".cst", ".des", ".au", ".ort", ".pre", ".cmp"];

type Classified =
  | { kind: "dir" }
  | { kind: "junk"; path: string }
  | { kind: "file"; path: string; segments: string[]; display: string };

type Visit = (zip: ZipFile, entry: Entry, file: Extract<Classified, { kind: "file" }>) => Promise<void>;

type WalkResult = { files: string[]; ignored: string[]; totalUncompressedBytes: number };

export async function inspectZip(
  zipPath: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipInspection> {
  // a holder rather than a `let`, so the narrowing survives the callback
  const found: { manifest: { name: string; xml: string } | null } = { manifest: null };
  const nested: string[] = [];
  const aicc: string[] = [];

  const walked = await walkZip(zipPath, limits, async (zip, entry, file) => {
    const base = file.segments[file.segments.length - 1] ?? "";
    if (base.toLowerCase() === "imsmanifest.xml") {
      if (file.segments.length > 1) nested.push(file.path);
      // prefer the exact spelling when a zip holds two root manifests differing in case
      else if (
        found.manifest === null ||
        (file.path === "imsmanifest.xml" && found.manifest.name !== file.path)
      )
        found.manifest = { name: file.path, xml: await readManifest(zip, entry, file.display, limits) };
    }
    if (AICC_EXTENSIONS.includes(path.posix.extname(base).toLowerCase())) aicc.push(file.path);
  });

  if (walked.files.length === 0)
    throw new PackageRejected(
      "empty",
      "The zip archive contains only folders and system files (such as __MACOSX or .DS_Store), no course files.",
    );
  const manifest = found.manifest;
  if (manifest === null) {
    const shallowest = nested.sort((a, b) => a.split("/").length - b.split("/").length)[0];
    if (shallowest !== undefined)
      throw new PackageRejected(
        "manifest_in_subfolder",
        `There is no imsmanifest.xml at the top level of the package. One was found at "${printable(shallowest)}": zip the contents of that folder, not the folder itself.`,
      );
    const rank = (p: string) => AICC_EXTENSIONS.indexOf(path.posix.extname(p).toLowerCase());
    const aiccFile = aicc.sort((a, b) => rank(a) - rank(b))[0];
    if (aiccFile !== undefined)
      throw new PackageRejected(
        "aicc",
        `This looks like an AICC course (found ${printable(aiccFile)}). AICC packages are not supported; export the course as SCORM 1.2 or SCORM 2004.`,
      );
    throw new PackageRejected(
      "no_manifest",
      "There is no imsmanifest.xml in the package, so it is not a SCORM package.",
    );
  }
  return {
    manifestXml: manifest.xml,
    manifestName: manifest.name,
    files: walked.files,
    totalUncompressedBytes: walked.totalUncompressedBytes,
    ignored: walked.ignored,
  };
}

export async function extractZip(
  zipPath: string,
  destDir: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<{ files: number; bytes: number }> {
  const root = path.resolve(destDir);
  // outside the try: a caller's non-empty folder must never be removed by the cleanup
  const existing = await fs.readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  if (existing.length > 0) throw new Error(`extractZip: the destination ${root} is not empty`);

  try {
    const inspection = await inspectZip(zipPath, limits);
    await fs.mkdir(root, { recursive: true, mode: 0o755 });
    let files = 0;
    const budget = { written: 0, zipBytes: 0 };
    const walked = await walkZip(zipPath, limits, async (zip, entry, file) => {
      budget.zipBytes = zip.fileSize;
      const target = path.resolve(root, ...file.segments);
      // belt and braces: the name checks should already make this impossible
      if (!target.startsWith(root + path.sep))
        throw unsafePath(file.display, "it would be written outside the package folder");
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      const source = await openEntry(zip, entry, file.display);
      try {
        await pipeline(
          source,
          guardEntry(entry, file.display, limits, budget),
          createWriteStream(target, { flags: "wx", mode: 0o644 }),
        );
      } catch (err) {
        throw entryFailure(err, entry, file.display);
      }
      files += 1;
    });
    // the zip changed between the two passes, or yauzl read it differently the second time
    if (files !== inspection.files.length || walked.files.length !== inspection.files.length)
      throw new PackageRejected("corrupt", "The zip archive changed while it was being unpacked.");
    return { files, bytes: budget.written };
  } catch (err) {
    await fs.rm(root, { recursive: true, force: true });
    throw err;
  }
}

/** reads the central directory entry by entry, applying every per-entry and archive-wide check */
async function walkZip(zipPath: string, limits: ZipLimits, visit: Visit): Promise<WalkResult> {
  const zip = await openZip(zipPath);
  const files: string[] = [];
  const ignored: string[] = [];
  const fileSet = new Set<string>();
  const dirSet = new Set<string>();
  let total = 0;
  let entries = 0;
  try {
    if (zip.entryCount === 0) throw new PackageRejected("empty", "The zip archive is empty.");
    if (zip.entryCount > limits.maxFiles) throw tooManyFiles(zip.entryCount, limits);

    for await (const entry of zip.eachEntry()) {
      entries += 1;
      if (entries > limits.maxFiles) throw tooManyFiles(entries, limits);
      const c = classify(entry);
      if (c.kind === "dir") continue;
      if (c.kind === "junk") {
        ignored.push(c.path);
        continue;
      }
      checkReadable(entry, c.display);
      checkClash(c.path, c.display, fileSet, dirSet);

      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes)
        throw new PackageRejected(
          "too_large",
          `The package is too large: unpacked, its files come to at least ${human(total)}, and the limit is ${human(limits.maxUncompressedBytes)}.`,
        );
      if (
        entry.uncompressedSize > RATIO_FLOOR_BYTES &&
        entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
      )
        throw bomb(`"${c.display}" is`, Math.max(entry.compressedSize, 1), entry.uncompressedSize);

      files.push(c.path);
      await visit(zip, entry, c);
    }
  } catch (err) {
    throw directoryFailure(err);
  } finally {
    zip.close();
  }

  // many entries can share one compressed body (overlapping-entry bombs), so judge the sum too
  if (total > RATIO_FLOOR_BYTES && total / Math.max(zip.fileSize, 1) > limits.maxRatio)
    throw bomb("The package is", zip.fileSize, total);
  return { files, ignored, totalUncompressedBytes: total };
}

async function openZip(zipPath: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(zipPath, OPEN_OPTIONS);
  } catch (err) {
    if (isSystemError(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes("End of central directory record signature not found")) {
      // a zip that was cut short still starts with a local file header
      if (await startsWithLocalHeader(zipPath))
        throw new PackageRejected(
          "corrupt",
          "The zip archive is incomplete: its end, which lists the files it contains, is missing. It may have been cut short while uploading; create the zip again and upload it.",
          { cause: err },
        );
      throw new PackageRejected("not_zip", "The file is not a zip archive.", { cause: err });
    }
    throw directoryFailure(err);
  }
}

async function startsWithLocalHeader(zipPath: string): Promise<boolean> {
  const handle = await fs.open(zipPath, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

function classify(entry: Entry): Classified {
  // strict: keep backslashes so "a\..\..\x" can be seen for what it is
  const raw = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    true,
  );
  const display = printable(raw);

  if (raw.includes("\0")) throw unsafePath(display, "its name contains a NUL character");
  if (/^[\\/]/.test(raw))
    throw unsafePath(display, 'it starts with "/" or "\\", so it points outside the package');
  if (/^[a-zA-Z]:/.test(raw)) throw unsafePath(display, "it starts with a drive letter");
  const parts = raw.split(/[\\/]/);
  if (parts.includes(".."))
    throw unsafePath(display, 'it contains "..", which climbs out of the package folder');

  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK)
    throw new PackageRejected(
      "symlink",
      `The package contains a symbolic link, "${display}". Links are not allowed in a package: replace the link with the file it points to and zip the package again.`,
    );

  if (/[\\/]$/.test(raw) || mode === S_IFDIR) return { kind: "dir" };
  const segments = parts.filter((s) => s !== "" && s !== ".");
  const base = segments[segments.length - 1];
  if (base === undefined) throw unsafePath(display, "it has no file name");
  if (segments.some((s) => Buffer.byteLength(s) > 255))
    throw unsafePath(display, "part of its name is longer than 255 characters");

  const filePath = segments.join("/");
  const lower = base.toLowerCase();
  if (segments[0] === "__MACOSX" || lower === ".ds_store" || lower === "thumbs.db")
    return { kind: "junk", path: filePath };
  return { kind: "file", path: filePath, segments, display };
}

function checkReadable(entry: Entry, display: string): void {
  if (entry.isEncrypted())
    throw new PackageRejected(
      "corrupt",
      `"${display}" is protected by a password. Zip the package again without a password.`,
    );
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw new PackageRejected(
      "corrupt",
      `"${display}" is compressed with a method that is not supported (method ${entry.compressionMethod}). Zip the package again using standard ("deflate") compression.`,
    );
}

/** the same path twice, or a path that is both a file and a folder, would make extraction ambiguous */
function checkClash(filePath: string, display: string, files: Set<string>, dirs: Set<string>): void {
  if (files.has(filePath)) throw unsafePath(display, "the zip lists it more than once");
  if (dirs.has(filePath)) throw unsafePath(display, "a folder in the zip has the same name");
  const segments = filePath.split("/");
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    if (files.has(prefix)) throw unsafePath(display, `"${printable(prefix)}" is a file, not a folder`);
    dirs.add(prefix);
  }
  files.add(filePath);
}

async function openEntry(zip: ZipFile, entry: Entry, display: string): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw entryFailure(err, entry, display);
  }
}

async function readManifest(zip: ZipFile, entry: Entry, display: string, limits: ZipLimits): Promise<string> {
  const max = limits.maxManifestBytes;
  if (entry.uncompressedSize > max) throw manifestTooLarge(display, max, entry.uncompressedSize);
  const source = await openEntry(zip, entry, display);
  const chunks: Buffer[] = [];
  let length = 0;
  let crc = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > max) throw manifestTooLarge(display, max);
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    }
  } catch (err) {
    throw entryFailure(err, entry, display);
  }
  if (length !== entry.uncompressedSize) throw sizeMismatch(display);
  if (crc !== entry.crc32) throw checksumMismatch(display);
  return decodeXml(Buffer.concat(chunks, length));
}

/** counts and checksums the bytes really coming out of an entry, whatever its header claimed */
function guardEntry(
  entry: Entry,
  display: string,
  limits: ZipLimits,
  budget: { written: number; zipBytes: number },
): Transform {
  let length = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      length += chunk.length;
      budget.written += chunk.length;
      if (budget.written > limits.maxUncompressedBytes)
        return callback(
          new PackageRejected(
            "too_large",
            `The package is too large: unpacked, its files come to more than ${human(limits.maxUncompressedBytes)}, the limit.`,
          ),
        );
      const packed = Math.max(entry.compressedSize, 1);
      if (length > RATIO_FLOOR_BYTES && length / packed > limits.maxRatio)
        return callback(bomb(`"${display}" is`, packed, length, true));
      if (
        budget.written > RATIO_FLOOR_BYTES &&
        budget.written / Math.max(budget.zipBytes, 1) > limits.maxRatio
      )
        return callback(bomb("The package is", budget.zipBytes, budget.written, true));
      crc = crc32(chunk, crc);
      callback(null, chunk);
    },
    flush(callback) {
      if (length !== entry.uncompressedSize) return callback(sizeMismatch(display));
      if (crc !== entry.crc32) return callback(checksumMismatch(display));
      callback();
    },
  });
}

function decodeXml(bytes: Buffer): string {
  const [b0, b1, b2, b3] = bytes;
  const utf16le = (b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00);
  const utf16be = (b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f);
  if (utf16le) return new TextDecoder("utf-16le").decode(bytes);
  if (utf16be) {
    // swap to little-endian ourselves rather than rely on the icu build having utf-16be
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return new TextDecoder("utf-16le").decode(swapped.swap16());
  }
  // TextDecoder drops a utf-8 byte order mark by itself
  return new TextDecoder("utf-8").decode(bytes);
}

// --- turning failures into messages ------------------------------------------------------------

function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === "string";
}

/** an error while opening the archive or reading its list of contents */
function directoryFailure(err: unknown): unknown {
  if (err instanceof PackageRejected || isSystemError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const reject = (text: string) => new PackageRejected("corrupt", text, { cause: err });
  if (message.includes("unexpected EOF"))
    return reject(
      "The zip archive is incomplete: it ends before all of its contents. It may have been cut short while uploading; create the zip again and upload it.",
    );
  if (message.includes("multi-disk"))
    return reject(
      "This is one part of a split (multi-part) zip archive. Upload the course as a single zip file.",
    );
  if (message.includes("strong encryption"))
    return reject("The zip archive is encrypted. Zip the package again without a password.");
  if (message.includes("Invalid comment length"))
    return reject(
      "The zip archive is damaged: its ending does not match its length, so it may have been cut short or had data added. Create the zip again and upload it.",
    );
  if (message.includes("size mismatch for stored file"))
    return reject("The zip archive is damaged: the sizes it records for an uncompressed file disagree.");
  return reject("The zip archive is damaged: its list of contents could not be read.");
}

/** an error while reading one entry's data */
function entryFailure(err: unknown, entry: Entry, display: string): unknown {
  if (err instanceof PackageRejected || isSystemError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  if (message.includes("too many bytes in the stream"))
    // the header under-declares the entry: the classic way to sneak a bomb past size checks
    return new PackageRejected(
      "too_large",
      `"${display}" holds more data than the zip archive declares for it (${human(entry.uncompressedSize)}), so the archive is damaged or has been tampered with.`,
      { cause: err },
    );
  if (message.includes("not enough bytes in the stream")) return sizeMismatch(display, err);
  if (typeof code === "string" && code.startsWith("Z_"))
    return new PackageRejected(
      "corrupt",
      `"${display}" could not be decompressed: the zip archive is damaged. Create the zip again and upload it.`,
      { cause: err },
    );
  if (message.includes("file data overflows file bounds") || message.includes("unexpected EOF"))
    return new PackageRejected(
      "corrupt",
      `The zip archive is incomplete: the data for "${display}" runs past the end of the file. It may have been cut short while uploading; create the zip again and upload it.`,
      { cause: err },
    );
  if (message.includes("local file header signature"))
    return new PackageRejected(
      "corrupt",
      `The zip archive is damaged: the data for "${display}" is not where its list of contents says.`,
      { cause: err },
    );
  return new PackageRejected("corrupt", `The zip archive is damaged: "${display}" could not be read.`, {
    cause: err,
  });
}

function unsafePath(display: string, why: string): PackageRejected {
  return new PackageRejected(
    "unsafe_path",
    `The package contains an unsafe file path, "${display}": ${why}. Packages with unsafe paths are refused because they could overwrite files outside the course.`,
  );
}

function tooManyFiles(count: number, limits: ZipLimits): PackageRejected {
  return new PackageRejected(
    "too_many_files",
    `The package contains ${count.toLocaleString("en-GB")} files and folders, more than the limit of ${limits.maxFiles.toLocaleString("en-GB")}.`,
  );
}

function bomb(subject: string, packed: number, unpacked: number, atLeast = false): PackageRejected {
  const ratio = Math.round(unpacked / packed).toLocaleString("en-GB");
  return new PackageRejected(
    "compression_ratio",
    `${subject} ${human(packed)} compressed but would unpack to ${atLeast ? "more than " : ""}${human(unpacked)} (${ratio} times larger). That looks like a zip bomb, so the package was refused.`,
  );
}

/** size is what the header declares; without it the manifest overflowed while being read */
function manifestTooLarge(display: string, max: number, size?: number): PackageRejected {
  const is = size === undefined ? `is more than ${human(max)}` : `is ${human(size)}`;
  return new PackageRejected(
    "manifest_too_large",
    `The manifest "${display}" ${is}, and a manifest may be at most ${human(max)}. Check that it is the course's real imsmanifest.xml.`,
  );
}

function sizeMismatch(display: string, cause?: unknown): PackageRejected {
  return new PackageRejected(
    "corrupt",
    `The zip archive is damaged: "${display}" is not the size the archive says it is. Create the zip again and upload it.`,
    { cause },
  );
}

function checksumMismatch(display: string): PackageRejected {
  return new PackageRejected(
    "corrupt",
    `The zip archive is damaged: "${display}" fails its checksum. It may have been corrupted while uploading; create the zip again and upload it.`,
  );
}

let crcTable: Uint32Array | undefined;
function tableCrc32(data: Uint8Array, value = 0): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~value >>> 0;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** entry names are attacker-controlled: keep control characters out of messages and logs */
function printable(name: string): string {
  let out = "";
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || c === 0x7f ? "?" : ch;
  }
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

function human(bytes: number): string {
  const fmt = (n: number) =>
    n >= 100 ? Math.round(n).toLocaleString("en-GB") : String(Math.round(n * 10) / 10);
  if (bytes >= GiB) return `${fmt(bytes / GiB)} GB`;
  if (bytes >= MiB) return `${fmt(bytes / MiB)} MB`;
  if (bytes >= KiB) return `${fmt(bytes / KiB)} KB`;
  return `${bytes.toLocaleString("en-GB")} bytes`;
}
