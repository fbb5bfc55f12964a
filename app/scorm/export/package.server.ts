import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ActivityDefinition } from "~/activities/types";
import type { CourseDefinition, ModuleDefinition } from "~/courses/types";
import { sha256Hex } from "~/utils/sha256";
import { buildZip, type ZipEntrySpec } from "~/utils/zip-writer.server";
import { playerBundle } from "./bundle.server";
import { projectRoot } from "./paths.server";
import { manifestXml, type ScoEntry } from "./manifest";
import type { ExportedActivity, ExportedModule } from "./player/engine";
import { pageHead, rewriteLessonHtml, refPage, type LessonRef } from "./lessons";
import { escapeHtml } from "~/utils/html";

// a course, or one of its modules, as a scorm 1.2 or 2004 (4th edition) content package: one
// sco per module, each a page of the exported player with the module's content in it. every
// file a page needs is inside the zip; nothing refers to the platform. the same course
// version and options give the same bytes (fixed dates, sorted entries, a pinned bundler).

export type ScormExportVersion = "1.2" | "2004";

export type ExportOptions = {
  version: ScormExportVersion;
  /** one module; absent for the whole course (one sco per module) */
  moduleId?: string;
  /** the platform's reading-time rules, carried into the package (app/activities/reading.ts) */
  readingWpm: number;
  lessonReadFraction: number;
};

export type ExportResult = {
  zip: Buffer;
  filename: string;
  modules: string[];
  /** activities that cannot go into a package (another organisation's e-learning), by module */
  skipped: { moduleId: string; activityId: string; title: string }[];
  files: string[];
};

export class ExportError extends Error {}

// the player's own rules on top of app.css. nhs.uk keeps a scroll track on the page at all
// times; inside an LMS's frame, which the LMS (or our player) sizes to the content, that is a
// second scroll bar
const PLAYER_CSS = `
html { overflow-y: auto; }
.app-player-contents ol { margin-bottom: 16px; }
.app-player-contents li { margin-bottom: 8px; }
.app-player-contents a[aria-current="page"] { font-weight: 600; }
`;

const XSD = {
  "1.2": ["adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd"],
  "2004": [
    "XMLSchema.dtd",
    "adlcp_v1p3.xsd",
    "adlnav_v1p3.xsd",
    "adlseq_v1p3.xsd",
    "datatypes.dtd",
    "imscp_v1p1.xsd",
    "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd",
    "imsss_v1p0control.xsd",
    "imsss_v1p0delivery.xsd",
    "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd",
    "imsss_v1p0random.xsd",
    "imsss_v1p0rollup.xsd",
    "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd",
    "xml.xsd",
  ],
} as const;

/** the schema files a package of this version ships (and its manifest is validated against) */
export function schemaFiles(version: ScormExportVersion) {
  return XSD[version].map((name) => ({
    name,
    file: path.join(projectRoot(), "app", "scorm", "export", "xsd", version, name),
  }));
}

const EXPORTABLE = new Set(["lesson", "quiz", "roleplay"]);

/** what the package carries of one module, for its player */
export function exportedModule(
  definition: CourseDefinition,
  courseHash: string,
  module: ModuleDefinition,
  options: ExportOptions,
  refs: LessonRef[],
  media: Set<string> = new Set(),
): ExportedModule {
  const inSco = new Set(module.activities.filter((a) => EXPORTABLE.has(a.kind)).map((a) => a.id));
  const activities = module.activities
    .filter((a) => EXPORTABLE.has(a.kind))
    .map((a): ExportedActivity => {
      if (a.kind !== "lesson") return a as ExportedActivity;
      const content = a.content as { html: string; summary: string | null; completion: "mark_read" | "auto" };
      return {
        ...(a as ActivityDefinition),
        kind: "lesson",
        content: {
          ...content,
          html: rewriteLessonHtml(content.html, {
            moduleId: module.id,
            activityId: a.id,
            definition,
            inSco,
            refs,
            media,
            from: "sco",
          }),
        },
      } as ExportedActivity;
    });
  const required = module.requiredActivities.filter((id) => inSco.has(id));
  const stateHash = sha256Hex(
    JSON.stringify({ activities: activities.map((a) => [a.id, a.kind, a.content]), required }),
  ).slice(0, 8);
  return {
    format: 1,
    scormVersion: options.version,
    course: {
      id: definition.id,
      title: definition.title,
      versionLabel: definition.versionLabel,
      hash: courseHash,
    },
    module: {
      id: module.id,
      title: module.title,
      summary: module.summary,
      outcomes: module.outcomes,
      estimatedMinutes: activities
        .filter((a) => required.includes(a.id))
        .reduce((sum, a) => sum + a.estimatedMinutes, 0),
    },
    stateHash,
    rules: definition.rules,
    readingWpm: options.readingWpm,
    lessonReadFraction: options.lessonReadFraction,
    activities,
    required,
  };
}

/** json inside a <script> element: nothing in it can close the element */
export function scriptJson(value: unknown) {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * the package's top page, for someone who unzips it and opens the folder: what the package is,
 * and a link to each module (which says itself that nothing is recorded without an LMS). an LMS
 * never shows it: it launches the modules from the manifest
 */
function startPage(definition: CourseDefinition, scos: ScoEntry[], version: "1.2" | "2004") {
  const links = scos
    .map((s) => `<li><a href="${escapeHtml(s.href)}">${escapeHtml(s.title)}</a></li>`)
    .join("\n");
  return `${pageHead(`${definition.title}: SCORM ${version} package`, "")}<body>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
<span class="nhsuk-caption-l">SCORM ${version} package</span>
<h1>${escapeHtml(definition.title)}</h1>
<p>This folder is an e-learning package for a learning management system (LMS), such as Moodle or Totara. Upload the zip file it came in to your LMS as a SCORM ${version} package: the LMS then opens each module and records the learner's progress, completion and score.</p>
<p>Opened here, without an LMS, a module can be read and practised, but nothing is recorded.</p>
<h2>${scos.length === 1 ? "The module" : "The modules"}</h2>
<ul>
${links}
</ul>
</div></div>
</main>
</div>
</body>
</html>
`;
}

function scoPage(m: ExportedModule) {
  return `${pageHead(`${m.module.title} - ${m.course.title}`, "../../")}<body>
<div id="player"><noscript><div class="nhsuk-width-container"><main class="nhsuk-main-wrapper"><h1>${escapeHtml(m.module.title)}</h1><p>This module needs JavaScript. Turn it on in your browser, or ask your organisation's learning technology team for help.</p></main></div></noscript></div>
<script type="application/json" id="module-data">${scriptJson(m)}</script>
<script src="../../player/player.js"></script>
</body>
</html>
`;
}

async function stylesheets() {
  // the copy made on install (scripts/vendor-assets.mjs): no third-party font, images rewritten
  const nhsuk = await readFile(path.join(projectRoot(), "public", "nhsuk", "nhsuk-frontend.min.css"), "utf8");
  const images = [
    ...new Set([...nhsuk.matchAll(/url\(\/nhsuk\/assets\/images\/([a-z0-9-]+\.svg)\)/g)].map((m) => m[1]!)),
  ].sort();
  const css = nhsuk.replace(/url\(\/nhsuk\/assets\/images\//g, "url(assets/images/");
  if (/url\(\//.test(css))
    throw new ExportError("the nhs.uk stylesheet refers to a file outside the package");
  const app = await readFile(path.join(projectRoot(), "app", "styles", "app.css"), "utf8");
  const assets = await Promise.all(
    images.map(async (name) => ({
      name: `player/assets/images/${name}`,
      data: await readFile(path.join(projectRoot(), "public", "nhsuk", "assets", "images", name)),
    })),
  );
  return { nhsuk: css, app: app + PLAYER_CSS, assets };
}

export async function exportScormPackage(
  input: { definition: CourseDefinition; hash: string },
  options: ExportOptions,
): Promise<ExportResult> {
  const { definition, hash } = input;
  if (options.version !== "1.2" && options.version !== "2004") {
    throw new ExportError(`the SCORM version must be 1.2 or 2004, not "${String(options.version)}"`);
  }
  const modules = options.moduleId
    ? definition.modules.filter((m) => m.id === options.moduleId)
    : definition.modules;
  if (modules.length === 0) {
    throw new ExportError(
      `the course "${definition.id}" has no module "${options.moduleId}"; its modules are ${definition.modules.map((m) => m.id).join(", ")}`,
    );
  }
  const refs: LessonRef[] = [];
  const media = new Set<string>();
  const skipped: ExportResult["skipped"] = [];
  const scos: ScoEntry[] = [];
  const files: ZipEntrySpec[] = [];
  for (const m of modules) {
    for (const a of m.activities) {
      if (!EXPORTABLE.has(a.kind)) skipped.push({ moduleId: m.id, activityId: a.id, title: a.title });
    }
    const exported = exportedModule(definition, hash, m, options, refs, media);
    if (exported.activities.length === 0) continue;
    files.push({ name: `sco/${m.id}/index.html`, data: scoPage(exported) });
    scos.push({ moduleId: m.id, title: m.title, href: `sco/${m.id}/index.html` });
  }
  if (scos.length === 0) throw new ExportError("nothing in that selection can be exported");
  // lessons of other modules that the exported lessons link to: read-only pages in the package
  const made = new Set<string>();
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const key = `${ref.moduleId}/${ref.activityId}`;
    if (made.has(key)) continue;
    made.add(key);
    const m = definition.modules.find((x) => x.id === ref.moduleId);
    const lesson = m?.activities.find((a) => a.id === ref.activityId && a.kind === "lesson");
    if (!m || !lesson) continue;
    files.push({ name: `ref/${m.id}/${lesson.id}.html`, data: refPage(definition, m, lesson, refs, media) });
  }
  for (const file of [...media].sort()) {
    const data = await readFile(path.join(projectRoot(), "public", ...file.split("/").filter(Boolean))).catch(
      () => null,
    );
    if (!data) throw new ExportError(`a lesson shows ${file}, which is not in the public folder`);
    files.push({ name: `media${file}`, data });
  }
  files.push({ name: "index.html", data: startPage(definition, scos, options.version) });
  const [js, css] = await Promise.all([playerBundle(), stylesheets()]);
  files.push(
    { name: "player/player.js", data: js },
    { name: "player/nhsuk.css", data: css.nhsuk },
    { name: "player/app.css", data: css.app },
    ...css.assets,
  );
  for (const s of schemaFiles(options.version)) files.push({ name: s.name, data: await readFile(s.file) });
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shared = files.filter(
    (f) => !f.name.startsWith("sco/") && !f.name.endsWith(".xsd") && !f.name.endsWith(".dtd"),
  );
  const manifest = manifestXml({
    version: options.version,
    course: definition,
    hash,
    moduleId: options.moduleId ?? null,
    scos,
    shared: shared.map((f) => f.name),
  });
  const entries = [{ name: "imsmanifest.xml", data: manifest }, ...files];
  const filename = `${definition.id}${options.moduleId ? `-${options.moduleId}` : ""}-scorm${options.version === "1.2" ? "12" : "2004"}-${hash.slice(0, 12)}.zip`;
  return {
    zip: buildZip(entries),
    filename,
    modules: scos.map((s) => s.moduleId),
    skipped,
    files: entries.map((e) => e.name),
  };
}
