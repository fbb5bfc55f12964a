import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { ImportError, importPackage, manifestOf, storeRoot, type ImportResult } from "~/scorm/import.server";
import type * as ImportModule from "~/scorm/import.server";
import type { ScormItem } from "~/scorm/types";
import { createOrganisation } from "../setup/factories";
import { ROOT, TMP } from "../setup/paths";
import { importSharedPackage, sharedScorm } from "../setup/scorm";
import { buildZip, type ZipEntrySpec } from "../setup/zip-writer";

// the env is parsed once (getEnv caches) and db.server reads it on import, so the store
// folder has to be in process.env before any app module loads
const STORE = await vi.hoisted(async () => {
  const { randomUUID } = await import("node:crypto");
  const { join } = await import("node:path");
  const { TMP } = await import("../setup/paths");
  const dir = join(TMP, `scorm-store-${randomUUID()}`);
  process.env.SCORM_STORE_DIR = dir;
  return dir;
});

const GOLF = sharedScorm("golf");

let zips: string;

beforeAll(async () => {
  expect(storeRoot()).toBe(STORE);
  await mkdir(STORE, { recursive: true });
  zips = await mkdtemp(path.join(os.tmpdir(), "scorm-import-test-"));
});

afterAll(async () => {
  await rm(zips, { recursive: true, force: true });
  await rm(STORE, { recursive: true, force: true });
});

/** every file under dir, as "/"-separated paths relative to it */
function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

async function writeZip(name: string, content: ZipEntrySpec[] | Buffer): Promise<string> {
  const file = path.join(zips, name);
  await writeFile(file, Buffer.isBuffer(content) ? content : buildZip(content));
  return file;
}

function importZip(zipPath: string, organisationId: string, packageId?: string): Promise<ImportResult> {
  return importPackage({
    zipPath,
    originalName: path.basename(zipPath),
    organisationId,
    uploadedById: null,
    packageId,
  });
}

async function refusal(promise: Promise<unknown>, code: string): Promise<ImportError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected an ImportError "${code}", but the import succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  const importError = error as ImportError;
  expect(importError.code, importError.message).toBe(code);
  return importError;
}

type Snapshot = { packages: number; versions: number; store: string[] };

async function snapshot(): Promise<Snapshot> {
  return {
    packages: await prisma.scormPackage.count(),
    versions: await prisma.scormPackageVersion.count(),
    store: (await readdir(STORE)).sort(),
  };
}

async function expectNothingStored(before: Snapshot) {
  const after = await snapshot();
  expect(after.packages).toBe(before.packages);
  expect(after.versions).toBe(before.versions);
  expect(after.store).toEqual(before.store);
  expect(after.store.filter((n) => n.startsWith(".incoming-"))).toEqual([]);
}

async function expectStored(result: ImportResult, organisationId: string) {
  const pkg = await prisma.scormPackage.findUniqueOrThrow({ where: { id: result.packageId } });
  expect(pkg.organisationId).toBe(organisationId);
  const version = await prisma.scormPackageVersion.findUniqueOrThrow({ where: { id: result.versionId } });
  expect(version.packageId).toBe(result.packageId);
  expect(version.number).toBe(result.versionNumber);
  expect(version.scormVersion).toBe(result.scormVersion);
  expect(version.fileCount).toBe(result.fileCount);
  expect(version.storagePath).toBe(`${result.packageId}/${result.versionNumber}`);
  expect(JSON.parse(version.warnings)).toEqual(result.warnings);
  const dir = path.join(STORE, result.packageId, String(result.versionNumber));
  expect(existsSync(path.join(dir, "imsmanifest.xml"))).toBe(true);
  expect(walk(dir)).toHaveLength(result.fileCount);
  expect((await readdir(STORE)).filter((n) => n.startsWith(".incoming-"))).toEqual([]);
  return { pkg, version, dir };
}

const flatten = (items: ScormItem[]): ScormItem[] => items.flatMap((i) => [i, ...flatten(i.children)]);

const MANIFEST_12 = `<?xml version="1.0"?>
<manifest identifier="hostile" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="o"><organization identifier="o"><title>Hostile</title>
    <item identifier="i" identifierref="r"><title>Page</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>`;
const manifestEntry: ZipEntrySpec = { name: "imsmanifest.xml", data: MANIFEST_12 };
const indexEntry: ZipEntrySpec = { name: "index.html", data: "<!doctype html><title>x</title>" };

describe("golf packages, zipped here from the unpacked folders", () => {
  const names = readdirSync(GOLF, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it("finds the eleven golf packages", () => {
    expect(names).toHaveLength(11);
  });

  it.each(names)("%s imports with every file on disk", async (name) => {
    const org = await createOrganisation("royal_college");
    const folder = path.join(GOLF, name);
    const files = walk(folder);
    const zip = await writeZip(
      `${name}.zip`,
      files.map((f, i) => ({
        name: f,
        data: readFileSync(path.join(folder, f)),
        method: i % 2 === 0 ? "deflate" : "store",
      })),
    );

    const result = await importZip(zip, org.id);
    expect(result.versionNumber).toBe(1);
    expect(result.scormVersion).toBe(name.endsWith("SCORM12") ? "1.2" : "2004");
    expect(result.fileCount).toBe(files.length);
    expect(result.title).not.toBe("");

    const { version, dir } = await expectStored(result, org.id);
    expect(walk(dir)).toEqual(files);
    for (const f of files)
      expect(readFileSync(path.join(dir, f)).equals(readFileSync(path.join(folder, f))), f).toBe(true);
    expect(version.sha256).toBe(createHash("sha256").update(readFileSync(zip)).digest("hex"));
    expect(version.originalName).toBe(`${name}.zip`);
    expect(flatten(manifestOf(version).organization.items).some((i) => i.launch)).toBe(true);

    const assetOnly = result.warnings.some((w) => w.startsWith("No item in this package is a SCO"));
    expect(assetOnly).toBe(name === "ContentPackagingOneFilePerSCO_SCORM12");
    await rm(zip);
  });
});

describe("moodle zips", () => {
  it.each([
    ["singlescobasic.zip", "1.2"],
    ["singlesco_scorm12.zip", "1.2"],
    ["RuntimeMinimumCalls_SCORM12.zip", "1.2"],
    ["RuntimeMinimumCalls_SCORM12-mini.zip", "1.2"],
    ["RuntimeBasicCalls_SCORM20043rdEdition.zip", "2004"],
  ])("%s imports as SCORM %s", async (zip, scormVersion) => {
    const org = await createOrganisation("royal_college");
    const result = await importSharedPackage(org.id, `moodle/${zip}`);
    expect(result.scormVersion).toBe(scormVersion);
    expect(result.versionNumber).toBe(1);
    expect(result.fileCount).toBeGreaterThan(1);
    await expectStored(result, org.id);
  });

  it("singlescobasic_missingorg.zip falls back to its sco resource, with a warning", async () => {
    const org = await createOrganisation("royal_college");
    const result = await importSharedPackage(org.id, "moodle/singlescobasic_missingorg.zip");
    expect(result.scormVersion).toBe("1.2");
    expect(result.warnings).toContain(
      "The manifest has no organization, so each SCO resource is listed as an item.",
    );
    const { version, dir } = await expectStored(result, org.id);
    const items = flatten(manifestOf(version).organization.items);
    expect(items.map((i) => i.launch)).toEqual(["sso/launchpage.html"]);
    expect(existsSync(path.join(dir, "sso", "launchpage.html"))).toBe(true);
  });

  it("complexscorm.zip imports with warnings and leaves its mac junk behind", async () => {
    const org = await createOrganisation("royal_college");
    const result = await importSharedPackage(org.id, "moodle/complexscorm.zip");
    expect(result.scormVersion).toBe("1.2");
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.join("\n")).toMatch(/default organization/);
    const { dir } = await expectStored(result, org.id);
    const onDisk = walk(dir);
    expect(onDisk.some((f) => f.split("/").includes("__MACOSX"))).toBe(false);
    expect(onDisk.some((f) => f.split("/").includes(".DS_Store"))).toBe(false);
    expect(onDisk).toContain("datamodel.js");
  });
});

describe("bad moodle zips are refused and store nothing", () => {
  it.each([
    ["badscorm.zip", "manifest_in_subfolder", /badscorm\/imsmanifest\.xml/],
    ["invalid.zip", "no_manifest", /no imsmanifest\.xml/],
    ["validscorm.zip", "manifest", /no <manifest> element/],
    ["validaicc.zip", "aicc", /AICC packages are not supported/],
  ])("%s → %s", async (zip, code, message) => {
    const org = await createOrganisation("royal_college");
    const before = await snapshot();
    const error = await refusal(importSharedPackage(org.id, `moodle/${zip}`), code);
    expect(error.message).toMatch(message);
    await expectNothingStored(before);
  });
});

describe("hostile zips are refused and store nothing", () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await createOrganisation("other")).id;
  });

  async function refuse(name: string, content: ZipEntrySpec[] | Buffer, code: string) {
    const zip = await writeZip(name, content);
    const before = await snapshot();
    const error = await refusal(importZip(zip, orgId), code);
    await expectNothingStored(before);
    await rm(zip);
    return error;
  }

  it("zip slip (../evil.txt)", async () => {
    const error = await refuse(
      "slip.zip",
      [manifestEntry, indexEntry, { name: "../evil.txt", data: "pwned" }],
      "unsafe_path",
    );
    expect(error.message).toContain("../evil.txt");
    expect(existsSync(path.join(STORE, "evil.txt"))).toBe(false);
    expect(existsSync(path.join(path.dirname(STORE), "evil.txt"))).toBe(false);
  });

  it("a nested climb (a/../../evil.txt) and backslashes (a\\..\\..\\evil.txt)", async () => {
    await refuse(
      "climb.zip",
      [manifestEntry, indexEntry, { name: "a/../../evil.txt", data: "x" }],
      "unsafe_path",
    );
    await refuse(
      "back.zip",
      [manifestEntry, indexEntry, { name: "a\\..\\..\\evil.txt", data: "x" }],
      "unsafe_path",
    );
    expect(existsSync(path.join(path.dirname(STORE), "evil.txt"))).toBe(false);
  });

  it("an absolute path (/etc/x)", async () => {
    const error = await refuse(
      "absolute.zip",
      [manifestEntry, indexEntry, { name: "/etc/x", data: "x" }],
      "unsafe_path",
    );
    expect(error.message).toContain("/etc/x");
  });

  it("a drive letter (C:\\x)", async () => {
    const error = await refuse(
      "drive.zip",
      [manifestEntry, indexEntry, { name: "C:\\x", data: "x" }],
      "unsafe_path",
    );
    expect(error.message).toMatch(/drive letter/);
  });

  it("a symbolic link", async () => {
    const error = await refuse(
      "symlink.zip",
      [manifestEntry, indexEntry, { name: "passwd", data: "/etc/passwd", unixMode: 0o120777 }],
      "symlink",
    );
    expect(error.message).toContain("passwd");
  });

  it("a zip bomb (64 MiB of zeros)", async () => {
    const error = await refuse(
      "bomb.zip",
      [
        manifestEntry,
        indexEntry,
        { name: "zeros.bin", data: Buffer.alloc(64 * 1024 * 1024), method: "deflate" },
      ],
      "compression_ratio",
    );
    expect(error.message).toMatch(/zip bomb/);
  });

  it("a bomb whose header lies about its size", async () => {
    await refuse(
      "liar.zip",
      [
        manifestEntry,
        indexEntry,
        { name: "zeros.bin", data: Buffer.alloc(16 * 1024 * 1024), declaredUncompressedSize: 100 },
      ],
      // the declared 100 bytes are overrun long before the ratio check's 1 MiB floor
      "too_large",
    );
  });

  it("10,000 files", async () => {
    const entries: ZipEntrySpec[] = [manifestEntry, indexEntry];
    for (let i = 0; i < 10_000; i++) entries.push({ name: `f/${i}.txt`, data: "x", method: "store" });
    const error = await refuse("many.zip", entries, "too_many_files");
    expect(error.message).toMatch(/more than the limit of 5,000/);
  });

  it("a file that is not a zip", async () => {
    await refuse("notzip.zip", Buffer.from("this is plain text, not a zip archive\n".repeat(20)), "not_zip");
  });

  it("a truncated zip", async () => {
    const whole = buildZip([
      manifestEntry,
      indexEntry,
      { name: "noise.bin", data: zlib.gzipSync(Buffer.from("noise".repeat(5000))), method: "store" },
    ]);
    const error = await refuse("truncated.zip", whole.subarray(0, Math.floor(whole.length / 2)), "corrupt");
    expect(error.message).toMatch(/incomplete/);
  });

  it("a manifest that is not well-formed XML", async () => {
    const broken = MANIFEST_12.replace("<title>Page</title></item>", "<title>Page</title>");
    const error = await refuse(
      "malformed.zip",
      [{ name: "imsmanifest.xml", data: broken }, indexEntry],
      "manifest",
    );
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).toMatch(/column \d+/);
  });

  it("a manifest declaring an external entity", async () => {
    const xxe = MANIFEST_12.replace(
      '<?xml version="1.0"?>',
      '<?xml version="1.0"?>\n<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("<title>Hostile</title>", "<title>&x;</title>");
    const error = await refuse("xxe.zip", [{ name: "imsmanifest.xml", data: xxe }, indexEntry], "manifest");
    expect(error.message).toMatch(/<!ENTITY>/);
    expect(error.message).not.toContain("root:");
  });

  it("a manifest with nothing to launch", async () => {
    const empty = `<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i"><title>Nothing</title></item>
  </organization></organizations>
  <resources/>
</manifest>`;
    const error = await refuse(
      "nolaunch.zip",
      [{ name: "imsmanifest.xml", data: empty }, indexEntry],
      "manifest",
    );
    expect(error.message).toMatch(/no launchable resource/);
  });

  it("a zip with folders only, and one with only mac junk", async () => {
    await refuse("folders.zip", [{ name: "a/" }, { name: "a/b/" }], "empty");
    await refuse(
      "junk.zip",
      [
        { name: "__MACOSX/._x", data: "x" },
        { name: ".DS_Store", data: "x" },
      ],
      "empty",
    );
  });
});

describe("versions", () => {
  it("a second upload with packageId becomes version 2 of the same package", async () => {
    const org = await createOrganisation("royal_college");
    const first = await importSharedPackage(org.id, "moodle/singlescobasic.zip");
    const second = await importSharedPackage(org.id, "moodle/singlescobasic.zip", first.packageId);
    expect(second.packageId).toBe(first.packageId);
    expect(second.versionNumber).toBe(2);
    expect(second.versionId).not.toBe(first.versionId);
    expect(second.title).toBe(first.title);

    await expectStored(first, org.id);
    await expectStored(second, org.id);
    expect(walk(path.join(STORE, first.packageId, "1"))).toEqual(
      walk(path.join(STORE, first.packageId, "2")),
    );
    const pkg = await prisma.scormPackage.findUniqueOrThrow({
      where: { id: first.packageId },
      include: { versions: { orderBy: { number: "asc" } } },
    });
    expect(pkg.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(pkg.title).toBe(second.title);
    expect((await readdir(path.join(STORE, first.packageId))).sort()).toEqual(["1", "2"]);
    expect(await prisma.scormPackage.count({ where: { organisationId: org.id } })).toBe(1);

    const events = await prisma.auditEvent.findMany({
      where: { organisationId: org.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["scorm.package_imported", "scorm.version_uploaded"]);
  });

  it("a new version with another title renames the package but not the old version", async () => {
    const org = await createOrganisation("royal_college");
    const first = await importSharedPackage(org.id, "moodle/singlescobasic.zip");
    const renamed = MANIFEST_12.replace("<title>Hostile</title>", "<title>Renamed course</title>");
    const zip = await writeZip("renamed.zip", [{ name: "imsmanifest.xml", data: renamed }, indexEntry]);
    const second = await importZip(zip, org.id, first.packageId);
    await rm(zip);
    expect(second.versionNumber).toBe(2);
    expect(second.title).toBe("Renamed course");
    expect((await prisma.scormPackage.findUniqueOrThrow({ where: { id: first.packageId } })).title).toBe(
      "Renamed course",
    );
    const v1 = await prisma.scormPackageVersion.findUniqueOrThrow({ where: { id: first.versionId } });
    expect(v1.title).toBe(first.title);
    expect(v1.title).not.toBe("Renamed course");
    expect(walk(path.join(STORE, first.packageId, "2"))).toEqual(["imsmanifest.xml", "index.html"]);
    expect(existsSync(path.join(STORE, first.packageId, "1", "Etiquette", "Course.html"))).toBe(true);
  });

  it("versions uploaded at the same time get distinct numbers and folders", async () => {
    const org = await createOrganisation("royal_college");
    const first = await importSharedPackage(org.id, "moodle/singlescobasic.zip");
    const results = await Promise.all(
      [1, 2, 3].map(() => importSharedPackage(org.id, "moodle/singlescobasic.zip", first.packageId)),
    );
    expect(results.map((r) => r.versionNumber).sort()).toEqual([2, 3, 4]);
    expect((await readdir(path.join(STORE, first.packageId))).sort()).toEqual(["1", "2", "3", "4"]);
    for (const r of results) await expectStored(r, org.id);
  });

  it("a packageId of another organisation is unknown_package and stores nothing", async () => {
    const owner = await createOrganisation("royal_college");
    const other = await createOrganisation("royal_college");
    const mine = await importSharedPackage(owner.id, "moodle/singlescobasic.zip");
    const before = await snapshot();
    await refusal(
      importSharedPackage(other.id, "moodle/singlescobasic.zip", mine.packageId),
      "unknown_package",
    );
    await refusal(
      importSharedPackage(other.id, "moodle/singlescobasic.zip", "no-such-package"),
      "unknown_package",
    );
    await expectNothingStored(before);
    const versions = await prisma.scormPackageVersion.findMany({ where: { packageId: mine.packageId } });
    expect(versions.map((v) => v.number)).toEqual([1]);
  });

  it("a refused new version leaves the existing version as it was", async () => {
    const org = await createOrganisation("royal_college");
    const first = await importSharedPackage(org.id, "moodle/singlescobasic.zip");
    const filesBefore = walk(path.join(STORE, first.packageId, "1"));
    const before = await snapshot();
    await refusal(
      importSharedPackage(org.id, "moodle/badscorm.zip", first.packageId),
      "manifest_in_subfolder",
    );
    await expectNothingStored(before);
    expect(await readdir(path.join(STORE, first.packageId))).toEqual(["1"]);
    expect(walk(path.join(STORE, first.packageId, "1"))).toEqual(filesBefore);
  });
});

describe("limits from the environment", () => {
  // getEnv caches, so each override loads a fresh copy of the importer
  async function withEnv<T>(
    vars: Record<string, string>,
    body: (mod: typeof ImportModule) => Promise<T>,
  ): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    vi.resetModules();
    try {
      return await body(await import("~/scorm/import.server"));
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      vi.resetModules();
    }
  }

  it.each([
    ["SCORM_MAX_UPLOAD_BYTES", "4096", "too_large", /the largest package accepted is 4 KB/],
    ["SCORM_MAX_FILES", "10", "too_many_files", /more than the limit of 10\b/],
    ["SCORM_MAX_UNCOMPRESSED_BYTES", "100000", "too_large", /unpacked, its files come to/],
  ])("%s=%s refuses singlescobasic.zip with %s", async (name, value, code, message) => {
    const org = await createOrganisation("royal_college");
    const before = await snapshot();
    await withEnv({ [name]: value }, async (mod) => {
      expect(mod.storeRoot()).toBe(STORE);
      const error = await mod
        .importPackage({
          zipPath: sharedScorm("moodle/singlescobasic.zip"),
          originalName: "singlescobasic.zip",
          organisationId: org.id,
          uploadedById: null,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(mod.ImportError);
      expect((error as ImportError).code).toBe(code);
      expect((error as ImportError).message).toMatch(message);
    });
    await expectNothingStored(before);
  });
});

describe("npm run scorm:import", () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const run = (args: string[]) =>
    spawnSync(tsx, ["scripts/scorm-import.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, SCORM_STORE_DIR: STORE },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("imports the good zip, refuses the bad one and exits 1", async () => {
    const org = await createOrganisation("royal_college");
    const good = sharedScorm("moodle/singlescobasic.zip");
    const bad = sharedScorm("moodle/badscorm.zip");
    const r = run([good, bad, "--org", org.id]);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stdout.split("\n");
    expect(
      lines.some((l) => /^ok\s+singlescobasic\.zip: .*SCORM 1\.2.*version 1$/.test(l)),
      r.stdout,
    ).toBe(true);
    expect(
      lines.some((l) => /^refused badscorm\.zip: .*badscorm\/imsmanifest\.xml/.test(l)),
      r.stdout,
    ).toBe(true);
    expect(r.stdout).toContain("1 imported, 1 refused");

    const packages = await prisma.scormPackage.findMany({
      where: { organisationId: org.id },
      include: { versions: true },
    });
    expect(packages).toHaveLength(1);
    expect(packages[0]!.versions).toHaveLength(1);
    expect(existsSync(path.join(STORE, packages[0]!.id, "1", "imsmanifest.xml"))).toBe(true);
    expect((await readdir(STORE)).filter((n) => n.startsWith(".incoming-"))).toEqual([]);
  });

  it("exits 2 with the usage when --org is missing", () => {
    const r = run([sharedScorm("moodle/singlescobasic.zip")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: npm run scorm:import -- <zip>/m);
    expect(r.stdout).toBe("");
  });

  it("exits 2 when the organisation does not exist", async () => {
    const before = await snapshot();
    const r = run([sharedScorm("moodle/singlescobasic.zip"), "--org", "no-such-org"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no organisation has the id no-such-org");
    await expectNothingStored(before);
  });
});

describe("sanity", () => {
  it("the store is the temporary one", () => {
    expect(storeRoot()).toBe(STORE);
    expect(STORE.startsWith(TMP)).toBe(true);
  });
});
