import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ACTIVITY_KINDS } from "~/activities/registry.server";
import type { ActivityDefinition } from "~/activities/types";
import { courseRetake } from "~/activities/quiz/retake";
import { retakeSchema } from "~/activities/quiz/retake-schema";
import { singleLine } from "~/utils/forms";
import { CompileContext, type YamlFile } from "./compile-context.server";
import { cpdHoursFor, differs, hoursAndMinutes } from "./estimates";
import { SKILLS, type CourseDefinition, type Finding, type ModuleDefinition, type Problem } from "./types";

// reads courses/: one folder per course, validates everything and compiles it. every problem
// is collected (file, line, column, message) instead of stopping at the first.

const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "ids use lower-case letters, digits and hyphens, like mentoring-for-doctors",
  );
const outcomes = z.array(z.string().trim().min(1).max(300)).min(1).max(12);

const courseSchema = z.strictObject({
  id: slug,
  title: singleLine(z.string().trim().min(1).max(200), `"title"`),
  summary: z.string().trim().min(1).max(2000),
  version: z.union([z.string().trim().min(1).max(40), z.number()]).transform(String),
  cpdHours: z.number().positive().max(200),
  outcomes,
  enrolment: z.enum(["open", "invitation"]).default("open"),
  /** certificates expire this many months after issue (e.g. 36 for a refresher); default never */
  certificate: z.strictObject({ validForMonths: z.number().int().min(1).max(240).optional() }).default({}),
  /** a reflective note on the whole course: required for completion, or optional */
  reflection: z.enum(["optional", "required"]).default("optional"),
  modules: z.array(slug).min(1).max(50),
  completion: z
    .strictObject({
      modules: z.union([z.literal("all"), z.array(slug).min(1)]).default("all"),
      /** old name for retake: {counts} */
      quizAttempts: z.enum(["best", "last"]).optional(),
      /** the default retake rules of the course's quizzes (a quiz may override them) */
      retake: retakeSchema.optional(),
    })
    .default({ modules: "all" }),
});

const moduleSchema = z.strictObject({
  id: slug,
  title: singleLine(z.string().trim().min(1).max(200), `"title"`),
  summary: z.string().trim().min(1).max(2000),
  skill: z.enum(SKILLS).nullable().default(null),
  outcomes,
  activities: z.array(z.unknown()).min(1).max(100),
  completion: z
    .strictObject({ activities: z.union([z.literal("all"), z.array(slug).min(1)]).default("all") })
    .default({ activities: "all" }),
});

export type LoadedCourse = CourseDefinition & { hash: string; dir: string };
export type LoadResult = { courses: LoadedCourse[]; problems: Problem[]; findings: Finding[] };

async function readYaml(ctx: CompileContext, file: string): Promise<YamlFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    ctx.report(file, { line: 1, column: 1 }, `${path.basename(file)} is missing`);
    return undefined;
  }
  return ctx.parseYaml(file, text);
}

/** sha-256 over every file of the course folder (paths and bytes), in a stable order */
export async function hashFolder(dir: string): Promise<string> {
  const hash = createHash("sha256");
  async function visit(d: string) {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else if (e.isFile()) {
        hash.update(path.relative(dir, p).split(path.sep).join("/"));
        hash.update("\0");
        hash.update(await readFile(p));
        hash.update("\0");
      }
    }
  }
  await visit(dir);
  return hash.digest("hex");
}

async function loadModule(
  ctx: CompileContext,
  moduleId: string,
  where: { yaml: YamlFile; at: (string | number)[] },
  seenActivities: Map<string, string>,
): Promise<ModuleDefinition | undefined> {
  const dir = path.join(ctx.courseDir, moduleId);
  const file = path.join(dir, "module.yaml");
  try {
    await stat(file);
  } catch {
    ctx.report(
      where.yaml.file,
      where.yaml.locate(where.at),
      `module "${moduleId}" has no ${ctx.display(file)}`,
    );
    return undefined;
  }
  const mctx = ctx.in(dir);
  const yaml = await readYaml(mctx, file);
  if (!yaml) return undefined;
  const value = yaml.doc.toJS() as Record<string, unknown>;
  const mod = mctx.validate(yaml, moduleSchema, value);
  if (mod && mod.id !== moduleId) {
    mctx.report(file, yaml.locate(["id"]), `module id "${mod.id}" must match its folder name "${moduleId}"`);
  }
  const activities: ActivityDefinition[] = [];
  const measured = new Map<string, number>();
  let ok = mod !== undefined;
  const rawActivities = Array.isArray(value?.activities) ? (value.activities as unknown[]) : [];
  for (const [i, raw] of rawActivities.entries()) {
    const at = ["activities", i];
    const kindName = (raw as { kind?: unknown })?.kind;
    const kind = typeof kindName === "string" ? ACTIVITY_KINDS.get(kindName) : undefined;
    if (!kind) {
      const known = [...ACTIVITY_KINDS.keys()].join(", ");
      const message =
        typeof kindName === "string"
          ? `unknown activity kind "${kindName}" (known kinds: ${known})`
          : `"kind" is required (one of: ${known})`;
      mctx.report(file, yaml.locate([...at, "kind"]), message);
      ok = false;
      continue;
    }
    const entry = mctx.validate(yaml, kind.entrySchema, raw, at) as
      ({ id: string; required: boolean } & Record<string, unknown>) | undefined;
    if (!entry) {
      ok = false;
      continue;
    }
    const previous = seenActivities.get(entry.id);
    if (previous) {
      mctx.report(
        file,
        yaml.locate([...at, "id"]),
        `duplicate activity id "${entry.id}" (also in module "${previous}")`,
      );
      ok = false;
    }
    seenActivities.set(entry.id, moduleId);
    const compiled = await kind.compile(entry, mctx, { yaml, at });
    if (!compiled) {
      ok = false;
      continue;
    }
    activities.push({
      id: entry.id,
      kind: kind.kind,
      title: compiled.title,
      required: entry.required,
      estimatedMinutes: compiled.estimatedMinutes,
      content: compiled.content,
    });
    measured.set(entry.id, compiled.measuredMinutes ?? compiled.estimatedMinutes);
  }
  if (!mod || !ok) return undefined;
  const ids = new Set(activities.map((a) => a.id));
  let requiredActivities: string[];
  if (mod.completion.activities === "all") {
    requiredActivities = activities.filter((a) => a.required).map((a) => a.id);
  } else {
    requiredActivities = mod.completion.activities;
    mod.completion.activities.forEach((id, i) => {
      if (!ids.has(id)) {
        mctx.report(
          file,
          yaml.locate(["completion", "activities", i]),
          `completion names activity "${id}", which is not in this module`,
        );
        ok = false;
      }
    });
  }
  if (requiredActivities.length === 0) {
    mctx.report(
      file,
      yaml.locate(["completion"]),
      "the module has no required activity, so it could never be completed",
    );
    ok = false;
  }
  if (!ok) return undefined;
  const loaded = {
    id: mod.id,
    title: mod.title,
    summary: mod.summary,
    skill: mod.skill,
    outcomes: mod.outcomes,
    estimatedMinutes: activities.reduce((sum, a) => sum + a.estimatedMinutes, 0),
    requiredActivities,
    activities,
  };
  measuredModules.set(
    loaded,
    requiredActivities.reduce((sum, id) => sum + (measured.get(id) ?? 0), 0),
  );
  return loaded;
}

/**
 * every link from a lesson to a page of this course must lead somewhere: the module, the
 * activity and, for a lesson, the section (#anchor) must exist
 */
function checkLinks(ctx: CompileContext, courseId: string, modules: ModuleDefinition[]) {
  for (const link of ctx.links) {
    // "./activity#section": an activity of the linking file's own module (its folder is its id)
    const href = link.href.startsWith("./")
      ? `/courses/${courseId}/modules/${path.basename(path.dirname(link.file))}/${link.href.slice(2)}`
      : link.href;
    const m = /^\/courses\/([^/#?]+)(?:\/modules\/([^/#?]+)(?:\/([^/#?]+))?)?\/?(?:#([^?]+))?$/.exec(href);
    const at = { line: link.line, column: link.column };
    if (!m) {
      ctx.report(link.file, at, `link ${link.href}: not a course, module or activity address`);
      continue;
    }
    const [, course, moduleId, activityId, anchor] = m;
    if (course !== courseId) continue; // another course: it may not be loaded here
    if (!moduleId) continue;
    const mod = modules.find((x) => x.id === moduleId);
    if (!mod) {
      ctx.report(link.file, at, `link ${link.href}: this course has no module "${moduleId}"`);
      continue;
    }
    if (!activityId) continue;
    const activity = mod.activities.find((a) => a.id === activityId);
    if (!activity) {
      ctx.report(link.file, at, `link ${link.href}: module "${moduleId}" has no activity "${activityId}"`);
      continue;
    }
    const html = (activity.content as { html?: unknown }).html;
    if (link.href.startsWith("./") && activity.kind !== "lesson") {
      ctx.report(link.file, at, `${link.href}: "${activityId}" is a ${activity.kind}, not a lesson`);
    } else if (anchor && typeof html === "string" && !html.includes(`id="${anchor}"`)) {
      ctx.report(link.file, at, `link ${link.href}: the lesson has no section #${anchor}`);
    }
  }
}

/** the minutes each loaded module's required activities measure (for the CPD check) */
const measuredModules = new WeakMap<ModuleDefinition, number>();

export async function loadCourse(
  courseDir: string,
  problems: Problem[],
  publicDir: string,
  findings: Finding[] = [],
): Promise<LoadedCourse | undefined> {
  const ctx = new CompileContext(courseDir, courseDir, problems, publicDir, findings);
  const file = path.join(courseDir, "course.yaml");
  const yaml = await readYaml(ctx, file);
  if (!yaml) return undefined;
  const raw = yaml.doc.toJS() as { modules?: unknown } | null;
  const course = ctx.validate(yaml, courseSchema, raw);
  // modules are checked even when course.yaml has problems: every problem is reported at once
  const moduleIds = course?.modules ?? (Array.isArray(raw?.modules) ? raw.modules : []);
  const modules: ModuleDefinition[] = [];
  const seenModules = new Set<string>();
  const seenActivities = new Map<string, string>();
  for (const [i, moduleId] of moduleIds.entries()) {
    if (typeof moduleId !== "string" || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(moduleId)) continue;
    if (seenModules.has(moduleId)) {
      ctx.report(file, yaml.locate(["modules", i]), `module "${moduleId}" is listed twice`);
      continue;
    }
    seenModules.add(moduleId);
    const mod = await loadModule(ctx, moduleId, { yaml, at: ["modules", i] }, seenActivities);
    if (mod) modules.push(mod);
  }
  if (!course) return undefined;
  const before = problems.length;
  let requiredModules = course.modules;
  if (course.completion.modules !== "all") {
    requiredModules = course.completion.modules;
    course.completion.modules.forEach((id, i) => {
      if (!seenModules.has(id)) {
        ctx.report(
          file,
          yaml.locate(["completion", "modules", i]),
          `completion names module "${id}", which is not in "modules"`,
        );
      }
    });
  }
  if (problems.length > before || modules.length !== seenModules.size) return undefined;
  checkLinks(ctx, course.id, modules);
  if (problems.length > before) return undefined;
  // honest CPD hours: what the required activities of the required modules measure
  const minutes = modules
    .filter((m) => requiredModules.includes(m.id))
    .reduce((sum, m) => sum + (measuredModules.get(m) ?? m.estimatedMinutes), 0);
  const claim = cpdHoursFor(minutes);
  const cpdAt = yaml.locate(["cpdHours"]);
  ctx.note(
    file,
    cpdAt,
    "cpd",
    `the required activities measure ${hoursAndMinutes(minutes)} (rates in app/courses/estimates.ts): ${claim} CPD hours`,
  );
  if (course.cpdHours !== claim && differs(course.cpdHours * 60, minutes)) {
    ctx.warn(
      file,
      cpdAt,
      "cpd-hours",
      `cpdHours is ${course.cpdHours}, but the required activities measure ${hoursAndMinutes(minutes)}: set cpdHours: ${claim}`,
    );
  }
  return {
    id: course.id,
    title: course.title,
    summary: course.summary,
    versionLabel: course.version,
    cpdHours: course.cpdHours,
    outcomes: course.outcomes,
    enrolment: course.enrolment,
    certificateValidForMonths: course.certificate.validForMonths ?? null,
    reflection: course.reflection,
    requiredModules,
    rules: {
      quizAttempts: course.completion.quizAttempts ?? "last",
      retake: courseRetake(course.completion.retake, course.completion.quizAttempts),
    },
    modules,
    hash: await hashFolder(courseDir),
    dir: courseDir,
  };
}

/** every course folder under `root` (folders starting with . or _ are ignored) */
export async function loadCourses(root: string, publicDir = path.resolve("public")): Promise<LoadResult> {
  const problems: Problem[] = [];
  const findings: Finding[] = [];
  const courses: LoadedCourse[] = [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return {
      courses,
      problems: [{ file: root, line: 1, column: 1, message: "the courses folder does not exist" }],
      findings,
    };
  }
  const dirs = entries
    .filter((e) => e.isDirectory() && !/^[._]/.test(e.name))
    .map((e) => e.name)
    .sort();
  const byId = new Map<string, string>();
  for (const name of dirs) {
    const course = await loadCourse(path.resolve(root, name), problems, publicDir, findings);
    if (!course) continue;
    const other = byId.get(course.id);
    if (other) {
      const ctx = new CompileContext(course.dir, course.dir, problems, publicDir);
      ctx.report(
        path.join(course.dir, "course.yaml"),
        { line: 1, column: 1 },
        `duplicate course id "${course.id}" (also in ${other})`,
      );
      continue;
    }
    byId.set(course.id, name);
    courses.push(course);
  }
  return { courses, problems, findings };
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}  ${p.message}`).join("\n");
}

/** warnings as `file:line:col  [check] message`, a kept one followed by its reason */
export function formatFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.file}:${f.line}:${f.column}  [${f.check}] ${f.message}${f.waived ? `\n    kept: ${f.waived}` : ""}`,
    )
    .join("\n");
}
