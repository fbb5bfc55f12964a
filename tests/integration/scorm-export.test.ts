import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importPackage, manifestOf } from "~/scorm/import.server";
import { exportScormPackage, type ScormExportVersion } from "~/scorm/export/package.server";
import { prisma } from "~/db.server";
import { createOrganisation } from "../setup/factories";
import { ROOT, TMP } from "../setup/paths";
import { realCourse, zipEntries } from "../setup/scorm-export";

// our modules as scorm packages: valid manifests by the ADL/IMS schemas (xmllint), imported
// by our own importer with no warnings, byte-identical when exported again, and nothing in
// them that points back at the platform

await vi.hoisted(async () => {
  const { randomUUID } = await import("node:crypto");
  const { join } = await import("node:path");
  const { TMP } = await import("../setup/paths");
  process.env.SCORM_STORE_DIR = join(TMP, `scorm-store-${randomUUID()}`);
});

const OPTIONS = { readingWpm: 500, lessonReadFraction: 0.5 };

/** a schema that imports every namespace a manifest of this version uses, from the package's own files */
const DRIVER: Record<ScormExportVersion, string[][]> = {
  "1.2": [
    ["http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"],
    ["http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"],
    ["http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"],
  ],
  "2004": [
    ["http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"],
    ["http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"],
    ["http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"],
    ["http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"],
    ["http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"],
  ],
};

async function xmllint(version: ScormExportVersion, entries: Map<string, Buffer>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "scorm-xsd-"));
  try {
    for (const [name, data] of entries) {
      if (name === "imsmanifest.xml" || /^[^/]+\.(xsd|dtd)$/.test(name))
        await writeFile(path.join(dir, name), data);
    }
    const imports = DRIVER[version]
      .map(([ns, file]) => `<xs:import namespace="${ns}" schemaLocation="${file}"/>`)
      .join("\n");
    await writeFile(
      path.join(dir, "driver.xsd"),
      `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:driver" elementFormDefault="qualified">\n${imports}\n</xs:schema>\n`,
    );
    const run = spawnSync("xmllint", ["--noout", "--schema", "driver.xsd", "imsmanifest.xml"], {
      cwd: dir,
      encoding: "utf8",
    });
    if (run.error)
      throw new Error(`xmllint is needed (Debian: apt-get install libxml2-utils): ${run.error.message}`);
    return { status: run.status, stderr: run.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let definition: Awaited<ReturnType<typeof realCourse>>;
let organisationId: string;
beforeAll(async () => {
  definition = await realCourse();
  organisationId = (await createOrganisation("royal_college")).id;
});

const cases = [
  { version: "1.2" as const, moduleId: "questioning" },
  { version: "2004" as const, moduleId: "questioning" },
  { version: "1.2" as const, moduleId: undefined },
  { version: "2004" as const, moduleId: undefined },
];

describe.each(cases)(
  "SCORM $version export of $moduleId (whole course when undefined)",
  ({ version, moduleId }) => {
    let zip: Buffer;
    let entries: Map<string, Buffer>;
    beforeAll(async () => {
      const { dir: _dir, hash, ...def } = definition;
      zip = (await exportScormPackage({ definition: def, hash }, { version, moduleId, ...OPTIONS })).zip;
      entries = await zipEntries(zip);
    });

    it("has a manifest that validates against the ADL/IMS schemas", async () => {
      const result = await xmllint(version, entries);
      expect(result.stderr).toContain("imsmanifest.xml validates");
      expect(result.status).toBe(0);
    });

    it("carries the course version's hash in its manifest", () => {
      const manifest = entries.get("imsmanifest.xml")!.toString("utf8");
      expect(manifest).toContain(`content sha-256 ${definition.hash}`);
      expect(manifest).toContain(`version="${definition.hash.slice(0, 20)}"`);
    });

    it("imports into our own platform with no warnings, one sco per module", async () => {
      const path0 = path.join(TMP, `export-${version}-${moduleId ?? "course"}-${Date.now()}.zip`);
      await writeFile(path0, zip);
      try {
        const result = await importPackage({
          zipPath: path0,
          originalName: path.basename(path0),
          organisationId,
          uploadedById: null,
        });
        expect(result.warnings).toEqual([]);
        expect(result.scormVersion).toBe(version);
        const stored = await prisma.scormPackageVersion.findUniqueOrThrow({
          where: { id: result.versionId },
        });
        const manifest = manifestOf(stored);
        const expected = moduleId ? [moduleId] : definition.modules.map((m) => m.id);
        expect(manifest.organization.items.map((i) => i.identifier)).toEqual(
          expected.map((id) => `item-${id}`),
        );
        expect(manifest.organization.items.map((i) => i.launch)).toEqual(
          expected.map((id) => `sco/${id}/index.html`),
        );
        expect(manifest.organization.items.every((i) => i.scormType === "sco")).toBe(true);
      } finally {
        await rm(path0, { force: true });
      }
    });

    it("opens, unzipped, on a page that says what it is and links to each module", () => {
      const start = entries.get("index.html")!.toString("utf8");
      expect(start).toContain(`<h1>${definition.title}</h1>`);
      expect(start).toContain(`Upload the zip file it came in to your LMS as a SCORM ${version} package`);
      const expected = moduleId ? [moduleId] : definition.modules.map((m) => m.id);
      expect([...start.matchAll(/href="(sco\/[^"]+)"/g)].map((m) => m[1])).toEqual(
        expected.map((id) => `sco/${id}/index.html`),
      );
    });

    it("holds every file its pages use, and nothing that points at the platform", () => {
      const names = new Set(entries.keys());
      for (const [name, data] of entries) {
        if (!/\.(html|css|js|xml)$/.test(name)) continue;
        const text = data.toString("utf8");
        expect(text, name).not.toMatch(/localhost|127\.0\.0\.1|mentor-training\.|\/courses\//);
        if (name.endsWith(".html")) {
          expect(text, name).not.toMatch(/(?:src|href)="\/(?!\/)/);
          const dir = path.posix.dirname(name);
          for (const m of text.matchAll(/(?:src|href)="([^"#:]+)(?:#[^"]*)?"/g)) {
            const target = path.posix.normalize(path.posix.join(dir, m[1]!));
            expect(names.has(target), `${name} refers to ${m[1]}, which is not in the package`).toBe(true);
          }
        }
        if (name.endsWith(".css")) {
          for (const m of text.matchAll(/url\(([^)]+)\)/g)) {
            if (m[1]!.startsWith("data:") || m[1]!.includes("w3.org/2000/svg")) continue;
            const target = path.posix.normalize(path.posix.join(path.posix.dirname(name), m[1]!));
            expect(names.has(target), `${name} uses ${m[1]}`).toBe(true);
          }
        }
      }
    });
  },
);

describe("re-exporting", () => {
  const out = path.join(os.tmpdir(), `scorm-export-cli-${process.pid}`);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("an unchanged module gives a byte-identical zip, from the command line as from the platform", async () => {
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        [
          path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          "scripts/scorm-export.ts",
          "mentoring-for-doctors",
          "--module",
          "probing",
          "--version",
          "2004",
          "--out",
          file,
          "--reading-wpm",
          String(OPTIONS.readingWpm),
          "--lesson-read-fraction",
          String(OPTIONS.lessonReadFraction),
        ],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, COURSES_DIR: path.join(ROOT, "courses") } },
      );
    const a = run(path.join(out, "a.zip"));
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(a.stdout).toContain("SCORM 2004, 1 module (probing)");
    const b = run(path.join(out, "b.zip"));
    expect(b.status).toBe(0);
    const [first, second] = await Promise.all([
      readFile(path.join(out, "a.zip")),
      readFile(path.join(out, "b.zip")),
    ]);
    expect(first.equals(second)).toBe(true);
    const { dir: _dir, hash, ...def } = definition;
    const inProcess = await exportScormPackage(
      { definition: def, hash },
      { version: "2004", moduleId: "probing", ...OPTIONS },
    );
    expect(inProcess.zip.equals(first)).toBe(true);
  });

  it("says clearly what is wrong with a bad request", () => {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/scorm-export.ts", ...args],
        {
          cwd: ROOT,
          encoding: "utf8",
        },
      );
    const version = run("mentoring-for-doctors", "--version", "3", "--out", path.join(out, "x.zip"));
    expect(version.status).toBe(2);
    expect(version.stderr).toContain("--version must be 1.2 or 2004");
    const mod = run(
      "mentoring-for-doctors",
      "--module",
      "juggling",
      "--version",
      "1.2",
      "--out",
      path.join(out, "x.zip"),
    );
    expect(mod.status).toBe(1);
    expect(mod.stderr).toContain('has no module "juggling"');
    const course = run("no-such-course", "--version", "1.2", "--out", path.join(out, "x.zip"));
    expect(course.status).toBe(2);
    expect(course.stderr).toContain('no course "no-such-course"');
  });
});

describe("who may export which course", () => {
  it("a college may take out the platform's courses and its own, never another organisation's; each export is audited", async () => {
    const { exportableCourses, exportFromForm } = await import("~/scorm/export/export.server");
    const { syncFixtureCourse } = await import("../setup/courses");
    const college = await createOrganisation("royal_college");
    const other = await createOrganisation("royal_college");
    const platform = await syncFixtureCourse();
    const own = await syncFixtureCourse();
    const theirs = await syncFixtureCourse();
    await prisma.course.update({ where: { id: own.courseId }, data: { ownerOrganisationId: college.id } });
    await prisma.course.update({ where: { id: theirs.courseId }, data: { ownerOrganisationId: other.id } });
    const ids = (await exportableCourses(college.id)).map((c) => c.id);
    expect(ids).toContain(platform.courseId);
    expect(ids).toContain(own.courseId);
    expect(ids).not.toContain(theirs.courseId);
    expect((await exportableCourses(null)).map((c) => c.id)).toContain(theirs.courseId);

    const { createUser } = await import("../setup/factories");
    const actor = await createUser();
    const form = (what: string, version = "1.2") => {
      const f = new FormData();
      f.set("what", what);
      f.set("version", version);
      return f;
    };
    const scope = { organisationId: college.id, actorId: actor.id };
    expect(await exportFromForm(form(theirs.courseId), scope)).toMatchObject({
      ok: false,
      errors: { what: "Select a course, or one module of it, from the list" },
    });
    expect(await exportFromForm(form(`${platform.courseId}/no-such-module`), scope)).toMatchObject({
      ok: false,
    });
    expect(await exportFromForm(form(platform.courseId, "1.3"), scope)).toMatchObject({
      ok: false,
      errors: { "version-1.2": "Select SCORM 1.2 or SCORM 2004" },
    });
    const done = await exportFromForm(form(`${own.courseId}/basics`, "2004"), scope);
    expect(done).toMatchObject({ ok: true });
    if (!done.ok) throw new Error("no export");
    expect(done.filename).toMatch(new RegExp(`^${own.courseId}-basics-scorm2004-[0-9a-f]{12}\\.zip$`));
    const events = await prisma.auditEvent.findMany({
      where: { actorId: actor.id, action: "scorm.course_exported" },
    });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail)).toMatchObject({
      courseId: own.courseId,
      moduleId: "basics",
      version: "2004",
    });
  });
});
