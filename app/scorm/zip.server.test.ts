import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sharedDir } from "../../tests/setup/shared";
import { buildZip, writeTempZip, type ZipEntrySpec } from "../../tests/setup/zip-writer";
import {
  DEFAULT_ZIP_LIMITS,
  extractZip,
  inspectZip,
  PackageRejected,
  type RejectCode,
  type ZipLimits,
} from "./zip.server";

const MOODLE = path.join(sharedDir(), "testdata", "scorm", "moodle");
const moodle = (name: string) => path.join(MOODLE, name);

const MANIFEST = '<?xml version="1.0"?><manifest identifier="m"><organizations/><resources/></manifest>';
const manifestEntry: ZipEntrySpec = { name: "imsmanifest.xml", data: MANIFEST };

// every test gets <root>/zips for its archives and <root>/box/out as the destination, so an
// escape from out lands in box, which must stay empty after a failure
let root: string;
let zips: string;
let box: string;
let dest: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "scorm-zip-test-"));
  zips = path.join(root, "zips");
  box = path.join(root, "box");
  dest = path.join(box, "out");
  await mkdir(zips);
  await mkdir(box);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function zipFile(content: ZipEntrySpec[] | Buffer, name = "package.zip"): Promise<string> {
  const file = path.join(zips, name);
  await writeFile(file, Buffer.isBuffer(content) ? content : buildZip(content));
  return file;
}

async function rejection(promise: Promise<unknown>, code: RejectCode): Promise<PackageRejected> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PackageRejected);
  const rejected = err as PackageRejected;
  expect(rejected.code, rejected.message).toBe(code);
  // a sentence for a person, not a stack or a library's terse error
  expect(rejected.message).not.toMatch(/\n|\bat .+:\d+|Error:/);
  return rejected;
}

/** extraction must fail with the code and leave nothing behind, inside or outside dest */
async function extractionFails(zipPath: string, code: RejectCode, limits?: ZipLimits) {
  const err = await rejection(extractZip(zipPath, dest, limits), code);
  expect(existsSync(dest)).toBe(false);
  expect(await readdir(box)).toEqual([]);
  return err;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("the moodle test packages", () => {
  const valid: Array<[string, number]> = [
    ["singlescobasic.zip", 46],
    ["singlesco_scorm12.zip", 46],
    ["RuntimeMinimumCalls_SCORM12.zip", 44],
    ["RuntimeMinimumCalls_SCORM12-mini.zip", 28],
    ["RuntimeBasicCalls_SCORM20043rdEdition.zip", 69],
    ["singlescobasic_missingorg.zip", 14],
    ["complexscorm.zip", 50],
  ];

  it.each(valid)("%s inspects and extracts (%i files)", async (name, count) => {
    const inspection = await inspectZip(moodle(name));
    expect(inspection.manifestName).toBe("imsmanifest.xml");
    expect(inspection.manifestXml).toMatch(/<manifest[\s>]/);
    expect(inspection.manifestXml.charCodeAt(0)).not.toBe(0xfeff);
    expect(inspection.files).toHaveLength(count);
    expect(inspection.files).toContain("imsmanifest.xml");

    const result = await extractZip(moodle(name), dest);
    expect(result).toEqual({ files: count, bytes: inspection.totalUncompressedBytes });
    expect(await filesUnder(dest)).toEqual([...inspection.files].sort());
    expect(await readFile(path.join(dest, "imsmanifest.xml"), "utf8")).toContain("<manifest");
    const manifestMode = (await stat(path.join(dest, "imsmanifest.xml"))).mode;
    expect(manifestMode & 0o111).toBe(0);
  });

  it("skips complexscorm's __MACOSX and .DS_Store junk", async () => {
    const inspection = await inspectZip(moodle("complexscorm.zip"));
    expect(inspection.ignored).toHaveLength(32);
    expect(inspection.ignored).toContain("__MACOSX/._adlcp_rootv1p2.xsd");
    expect(inspection.ignored).toContain("DataTables-1.10.10/.DS_Store");
    expect(inspection.ignored.every((p) => p.startsWith("__MACOSX/") || p.endsWith(".DS_Store"))).toBe(true);
    expect(inspection.files.some((p) => p.includes("__MACOSX") || p.endsWith(".DS_Store"))).toBe(false);

    await extractZip(moodle("complexscorm.zip"), dest);
    const onDisk = await readdir(dest, { recursive: true });
    expect(onDisk.filter((p) => p.includes("__MACOSX") || p.endsWith(".DS_Store"))).toEqual([]);
    expect(onDisk).toContain(path.join("DataTables-1.10.10", "images", "sort_asc.png"));
  });

  it("refuses badscorm.zip, whose manifest is in a subfolder", async () => {
    const err = await rejection(inspectZip(moodle("badscorm.zip")), "manifest_in_subfolder");
    expect(err.message).toBe(
      'There is no imsmanifest.xml at the top level of the package. One was found at "badscorm/imsmanifest.xml": zip the contents of that folder, not the folder itself.',
    );
    await extractionFails(moodle("badscorm.zip"), "manifest_in_subfolder");
  });

  it("refuses invalid.zip, which has no manifest", async () => {
    const err = await rejection(inspectZip(moodle("invalid.zip")), "no_manifest");
    expect(err.message).toBe("There is no imsmanifest.xml in the package, so it is not a SCORM package.");
  });

  it("recognises validaicc.zip as an AICC course", async () => {
    const err = await rejection(inspectZip(moodle("validaicc.zip")), "aicc");
    expect(err.message).toBe(
      "This looks like an AICC course (found moodle.cst). AICC packages are not supported; export the course as SCORM 1.2 or SCORM 2004.",
    );
    await extractionFails(moodle("validaicc.zip"), "aicc");
  });

  it("passes validscorm.zip through: judging its empty manifest is the parser's job", async () => {
    const inspection = await inspectZip(moodle("validscorm.zip"));
    expect(inspection.manifestXml.trim()).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(inspection.files).toEqual(["imsmanifest.xml"]);
  });
});

describe("hostile names", () => {
  it.each([
    ["../evil.txt"],
    ["a/../../evil.txt"],
    ["/etc/passwd"],
    ["\\evil.txt"],
    ["C:\\Windows\\x.dll"],
    ["c:evil.txt"],
    ["a\\..\\..\\x"],
    ["\\\\server\\share\\x"],
    ["a\0.txt"],
  ])("refuses %j", async (name) => {
    const file = await zipFile([manifestEntry, { name, data: "pwned" }]);
    const err = await rejection(inspectZip(file), "unsafe_path");
    expect(err.message).toContain(`"${name.replace("\0", "?")}"`);
    await extractionFails(file, "unsafe_path");
  });

  it("refuses a symbolic link, naming it", async () => {
    const file = await zipFile([
      manifestEntry,
      { name: "shared/link", data: "/etc/passwd", unixMode: 0o120777 },
    ]);
    const err = await rejection(inspectZip(file), "symlink");
    expect(err.message).toContain('"shared/link"');
    await extractionFails(file, "symlink");
  });

  it("refuses the same path twice, and a path that is both a file and a folder", async () => {
    const twice = await zipFile([
      manifestEntry,
      { name: "a.html", data: "1" },
      { name: "./a.html", data: "2" },
    ]);
    expect((await rejection(inspectZip(twice), "unsafe_path")).message).toContain("more than once");
    await extractionFails(twice, "unsafe_path");

    const clash = await zipFile(
      [manifestEntry, { name: "page", data: "1" }, { name: "page/index.html", data: "2" }],
      "clash.zip",
    );
    expect((await rejection(inspectZip(clash), "unsafe_path")).message).toContain("is a file, not a folder");
  });

  it("accepts backslash separators that stay inside, and ./ prefixes", async () => {
    const file = await zipFile([
      { name: ".\\imsmanifest.xml", data: MANIFEST },
      { name: "images\\logo.svg", data: "<svg/>" },
      { name: "./pages/", unixMode: 0o40755 },
      { name: "./pages/one.html", data: "<p>1</p>", unixMode: 0o100755 },
    ]);
    const inspection = await inspectZip(file);
    expect(inspection.files).toEqual(["imsmanifest.xml", "images/logo.svg", "pages/one.html"]);
    expect(await extractZip(file, dest)).toEqual({ files: 3, bytes: inspection.totalUncompressedBytes });
    expect(await readFile(path.join(dest, "images", "logo.svg"), "utf8")).toBe("<svg/>");
    expect((await stat(path.join(dest, "pages", "one.html"))).mode & 0o111).toBe(0);
  });
});

describe("size limits and bombs", () => {
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  let bomb: string;
  let liar: string;
  let bombDir: string;

  beforeAll(async () => {
    // deflated once: 64 MiB of zeros is about 64 KB, a ratio of about 1,000
    const data = zeros;
    const made = await writeTempZip([manifestEntry, { name: "video.mp4", data }], "bomb.zip");
    bombDir = made.dir;
    bomb = made.path;
    liar = path.join(bombDir, "liar.zip");
    await writeFile(
      liar,
      buildZip([manifestEntry, { name: "notes.txt", data, declaredUncompressedSize: 1000 }]),
    );
  });

  afterAll(async () => {
    await rm(bombDir, { recursive: true, force: true });
  });

  it("refuses an entry that expands too far", async () => {
    const err = await rejection(inspectZip(bomb), "compression_ratio");
    expect(err.message).toMatch(
      /^"video\.mp4" is \d+(\.\d)? KB compressed but would unpack to 64 MB \(1,0\d\d times larger\)/,
    );
    expect(err.message).toContain("zip bomb");
    await extractionFails(bomb, "compression_ratio");
  });

  it("stops at the real bytes when a header under-declares an entry", async () => {
    // the header claims 1000 bytes, so inspection has nothing to object to
    const inspection = await inspectZip(liar);
    expect(inspection.totalUncompressedBytes).toBe(1000 + Buffer.byteLength(MANIFEST));
    const err = await extractionFails(liar, "too_large");
    expect(err.message).toContain('"notes.txt" holds more data than the zip archive declares');
  });

  it("calls an entry shorter than its header says corrupt", async () => {
    const file = await zipFile([
      manifestEntry,
      { name: "a.txt", data: "short", declaredUncompressedSize: 50 },
    ]);
    await inspectZip(file);
    await extractionFails(file, "corrupt");
  });

  it("does not mind tiny files that compress well", async () => {
    const file = await zipFile([manifestEntry, { name: "blank.txt", data: Buffer.alloc(512 * 1024) }]);
    expect((await inspectZip(file)).files).toContain("blank.txt");
  });

  it("refuses more files than the limit", async () => {
    const entries: ZipEntrySpec[] = [manifestEntry];
    for (let i = 0; i < 10_000; i++) entries.push({ name: `f/${i}.txt`, data: "x", method: "store" });
    const file = await zipFile(entries);
    const err = await rejection(inspectZip(file), "too_many_files");
    expect(err.message).toBe("The package contains 10,001 files and folders, more than the limit of 5,000.");
    await extractionFails(file, "too_many_files");
  });

  it("refuses a package larger than the limit", async () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 1024 * 1024 };
    const file = await zipFile([
      manifestEntry,
      { name: "a.bin", data: Buffer.alloc(700 * 1024, 1), method: "store" },
      { name: "b.bin", data: Buffer.alloc(800 * 1024, 2), method: "store" },
    ]);
    const err = await rejection(inspectZip(file, limits), "too_large");
    expect(err.message).toMatch(/at least 1\.5 MB, and the limit is 1 MB\.$/);
    await extractionFails(file, "too_large", limits);
  });

  it("refuses a manifest larger than the limit", async () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxManifestBytes: 100 };
    const file = await zipFile([{ name: "imsmanifest.xml", data: MANIFEST.padEnd(500) }]);
    const err = await rejection(inspectZip(file, limits), "manifest_too_large");
    expect(err.message).toContain('"imsmanifest.xml" is 500 bytes');
    await extractionFails(file, "manifest_too_large", limits);
  });
});

describe("broken and odd archives", () => {
  it("refuses a file that is not a zip", async () => {
    for (const [name, bytes] of [
      ["notes.zip", "just some text\n".repeat(20)],
      ["slides.zip", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"],
      ["nothing.zip", ""],
    ] as const) {
      const file = await zipFile(Buffer.from(bytes), name);
      const err = await rejection(inspectZip(file), "not_zip");
      expect(err.message).toBe("The file is not a zip archive.");
      await extractionFails(file, "not_zip");
    }
  });

  it("refuses a zip cut in half", async () => {
    const whole = await readFile(moodle("singlescobasic.zip"));
    const file = await zipFile(whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await extractionFails(file, "corrupt");
    expect(err.message).toMatch(/^The zip archive is incomplete/);
  });

  it("refuses an empty zip, and one holding only folders and junk", async () => {
    expect((await rejection(inspectZip(await zipFile([])), "empty")).message).toBe(
      "The zip archive is empty.",
    );
    const junk = await zipFile(
      [{ name: "course/" }, { name: "__MACOSX/._x", data: "x" }, { name: ".DS_Store" }],
      "junk.zip",
    );
    await rejection(inspectZip(junk), "empty");
    await extractionFails(junk, "empty");
  });

  it("notices damaged data through the checksum", async () => {
    const body = "<html>a page that will be damaged in transit</html>";
    const good = buildZip([manifestEntry, { name: "page.html", data: body, method: "store" }]);
    const bad = Buffer.from(good);
    const at = good.indexOf(body) + 10;
    bad.writeUInt8((good.readUInt8(at) ^ 0xff) & 0xff, at);
    const file = await zipFile(bad);
    await inspectZip(file); // only the manifest is read while inspecting
    const err = await extractionFails(file, "corrupt");
    expect(err.message).toContain('"page.html" fails its checksum');
  });

  it("notices damaged compressed data", async () => {
    const data = Buffer.from(Array.from({ length: 4000 }, (_, i) => `line ${i}\n`).join(""));
    const good = buildZip([manifestEntry, { name: "script.js", data }]);
    const bad = Buffer.from(good);
    const start = bad.indexOf("script.js") + "script.js".length;
    for (let i = start + 20; i < start + 60; i++) bad[i] = 0xff;
    await extractionFails(await zipFile(bad), "corrupt");
  });

  it("finds a manifest spelt in capitals and reports its name", async () => {
    const file = await zipFile([{ name: "IMSManifest.XML", data: MANIFEST }]);
    const inspection = await inspectZip(file);
    expect(inspection.manifestName).toBe("IMSManifest.XML");
    expect(inspection.manifestXml).toBe(MANIFEST);
  });

  it.each([
    ["utf-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MANIFEST)])],
    [
      "utf-16le with a byte order mark",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MANIFEST, "utf16le")]),
    ],
    [
      "utf-16be with a byte order mark",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(MANIFEST, "utf16le").swap16()]),
    ],
    ["utf-16le without one", Buffer.from(MANIFEST, "utf16le")],
  ])("decodes a manifest in %s", async (_label, data) => {
    const file = await zipFile([{ name: "imsmanifest.xml", data }]);
    expect((await inspectZip(file)).manifestXml).toBe(MANIFEST);
  });

  it("will not extract into a folder that already has files, and leaves it alone", async () => {
    await mkdir(dest);
    await writeFile(path.join(dest, "keep.txt"), "mine");
    const err = await extractZip(moodle("singlescobasic.zip"), dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PackageRejected);
    expect(await readFile(path.join(dest, "keep.txt"), "utf8")).toBe("mine");
  });

  it("extracts into an existing empty folder", async () => {
    await mkdir(dest);
    expect((await extractZip(moodle("RuntimeMinimumCalls_SCORM12-mini.zip"), dest)).files).toBe(28);
  });
});
