import { existsSync } from "node:fs";
import { getEnv } from "~/env.server";
import path from "node:path";
import { z } from "zod";
import { prisma } from "~/db.server";
import { lessonMinutes } from "~/courses/estimates";
import { renderLesson } from "~/courses/markdown.server";
import { LATEST, toLatest } from "../common.server";
import { lessonReadSeconds } from "../reading";
import { activityEntryBase, fileField } from "../entry";
import { NOT_STARTED, type ActivityKind, type ActivityStatus } from "../types";

// a lesson: markdown with front matter. completed when the trainee marks it read (or, with
// completion: auto, when the page's end is reached in the browser, which posts the same form).

export type LessonContent = {
  html: string;
  summary: string | null;
  completion: "mark_read" | "auto";
};

const entrySchema = activityEntryBase.extend({
  kind: z.literal("lesson"),
  file: fileField.regex(/\.md$/, "a lesson file ends in .md"),
  completion: z.enum(["mark_read", "auto"]).default("mark_read"),
});

const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(500).optional(),
  estimatedMinutes: z.number().int().min(1).max(240),
});

export const lessonKind: ActivityKind<LessonContent> = {
  kind: "lesson",
  label: "Lesson",
  entrySchema,
  async compile(raw, ctx, where) {
    const entry = raw as z.output<typeof entrySchema>;
    const read = await ctx.readReferenced(entry.file, { yaml: where.yaml, at: [...where.at, "file"] });
    if (!read) return undefined;
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(read.text);
    if (!match) {
      ctx.report(
        read.file,
        { line: 1, column: 1 },
        'a lesson starts with front matter: "---", title, estimatedMinutes, "---"',
      );
      return undefined;
    }
    const fm = ctx.parseYaml(read.file, match[1]!, 1);
    const meta = fm ? ctx.validate(fm, frontMatterSchema) : undefined;
    const body = read.text.slice(match[0].length);
    const bodyStartLine = match[0].split("\n").length; // lines before the body, 0-based count
    const { html, problems } = renderLesson(body, (publicPath) =>
      existsSync(path.join(ctx.publicDir, ...publicPath.split("/").filter(Boolean))),
    );
    for (const p of problems) {
      const before = body.slice(0, p.offset);
      const line = bodyStartLine + before.split("\n").length - 1;
      const column = p.offset - before.lastIndexOf("\n");
      ctx.report(read.file, { line, column }, p.message);
    }
    // links to the course's own pages are checked once every module is loaded
    for (const m of body.matchAll(/\]\((\/courses\/[^)\s]+)\)/g)) {
      const before = body.slice(0, m.index);
      ctx.links.push({
        file: read.file,
        line: bodyStartLine + before.split("\n").length - 1,
        column: m.index - before.lastIndexOf("\n"),
        href: m[1]!,
      });
    }
    if (!body.trim()) ctx.report(read.file, { line: bodyStartLine, column: 1 }, "the lesson has no text");
    if (!meta || problems.length > 0) return undefined;
    const measured = lessonMinutes(body);
    ctx.estimate(read.file, fm!.locate(["estimatedMinutes"]), meta.estimatedMinutes, measured);
    return {
      title: meta.title,
      estimatedMinutes: meta.estimatedMinutes,
      measuredMinutes: measured.minutes,
      content: { html, summary: meta.summary ?? null, completion: entry.completion },
    };
  },
  async latest(enrolmentId) {
    return toLatest(await prisma.activityProgress.findFirst({ where: { enrolmentId }, ...LATEST }));
  },
  async statuses(enrolment, activities) {
    const rows = await prisma.activityProgress.findMany({
      where: { enrolmentId: enrolment.id, activityId: { in: activities.map((a) => a.id) } },
      select: { activityId: true, state: true, updatedAt: true },
    });
    const byId = new Map(rows.map((r) => [r.activityId, r]));
    return new Map(
      activities.map((a): [string, ActivityStatus] => {
        const row = byId.get(a.id);
        if (row?.state === "completed") return [a.id, { state: "completed", lastWorkedAt: row.updatedAt }];
        if (row?.state === "in_progress") return [a.id, { state: "in_progress", lastWorkedAt: row.updatedAt }];
        return [a.id, NOT_STARTED];
      }),
    );
  },
};

/**
 * the seconds a lesson must have been open before its reading counts (at most five minutes).
 * the estimates read at 180 words a minute; half of that time is reading at 360, faster than
 * skimming (decision 020)
 */
export function minimumReadSeconds(estimatedMinutes: number, fraction = getEnv().LESSON_MIN_READ_FRACTION) {
  return lessonReadSeconds(estimatedMinutes, fraction);
}

const NEW_VISIT_MS = 30 * 60_000;

/**
 * the lesson page was served to the trainee: a reading may count from a while after this. the
 * clock starts on a new visit (never opened, read since it was opened, or opened over 30
 * minutes ago); the page shown again after an early "mark as complete" keeps it running. one
 * required lesson is read at a time: opening one stops the clocks of the others, so opening
 * every lesson at once and waiting once does not read them.
 */
export async function recordLessonOpened(
  enrolmentId: string,
  activityId: string,
  now = new Date(),
  options: { required?: boolean } = {},
) {
  const where = { enrolmentId_activityId: { enrolmentId, activityId } };
  const row = await prisma.activityProgress.findUnique({
    where,
    select: { openedAt: true, lastReadAt: true, state: true },
  });
  const newVisit =
    !row?.openedAt ||
    (row.lastReadAt !== null && row.lastReadAt >= row.openedAt) ||
    now.getTime() - row.openedAt.getTime() > NEW_VISIT_MS;
  if (!row) {
    await prisma.activityProgress.upsert({
      where,
      create: { enrolmentId, activityId, state: "in_progress", openedAt: now },
      update: { openedAt: now },
    });
  } else if (newVisit) {
    await prisma.activityProgress.update({ where, data: { openedAt: now } });
  }
  if (options.required && newVisit) {
    await prisma.activityProgress.updateMany({
      where: { enrolmentId, activityId: { not: activityId }, openedAt: { not: null } },
      data: { openedAt: null },
    });
  }
  /** whether the lesson was already completed (the page shows it) */
  return { completed: row?.state === "completed" };
}

export type ReadVerdict = { ok: true } | { ok: false; waitSeconds: number; opened: boolean };

/**
 * marks a lesson read: completes it once, and records every reading (for retake rules). a
 * reading counts only when the page was opened at least `minSeconds` before: marking a lesson
 * complete without having it open (a script posting the form) is refused.
 */
export async function markLessonRead(
  enrolmentId: string,
  activityId: string,
  options: { minSeconds?: number; now?: Date } = {},
): Promise<ReadVerdict> {
  const now = options.now ?? new Date();
  const minSeconds = options.minSeconds ?? 0;
  const row = await prisma.activityProgress.findUnique({
    where: { enrolmentId_activityId: { enrolmentId, activityId } },
    select: { openedAt: true },
  });
  const opened = row?.openedAt ?? null;
  if (minSeconds > 0) {
    const elapsed = opened ? (now.getTime() - opened.getTime()) / 1000 : -1;
    if (!opened || elapsed < minSeconds) {
      return {
        ok: false,
        opened: Boolean(opened),
        waitSeconds: Math.ceil(opened ? minSeconds - elapsed : minSeconds),
      };
    }
  }
  // a reading dates from when the page was opened: a retake's "read the lessons again" needs
  // the lesson opened after the failed attempt, not just the form sent again
  const readAt = opened ?? now;
  await prisma.activityProgress.upsert({
    where: { enrolmentId_activityId: { enrolmentId, activityId } },
    create: { enrolmentId, activityId, state: "completed", completedAt: now, lastReadAt: readAt },
    update: { lastReadAt: readAt },
  });
  // an earlier in-progress row becomes completed; a completed one keeps its first date
  await prisma.activityProgress.updateMany({
    where: { enrolmentId, activityId, state: { not: "completed" } },
    data: { state: "completed", completedAt: now },
  });
  return { ok: true };
}

/** when each of these lessons was last read to the end (null: never) */
export async function lessonReads(enrolmentId: string, activityIds: string[]) {
  const rows = await prisma.activityProgress.findMany({
    where: { enrolmentId, activityId: { in: activityIds } },
    select: { activityId: true, lastReadAt: true, completedAt: true },
  });
  const byId = new Map(rows.map((r) => [r.activityId, r.lastReadAt ?? r.completedAt]));
  return new Map(activityIds.map((id) => [id, byId.get(id) ?? null]));
}
