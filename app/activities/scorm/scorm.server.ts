import { z } from "zod";
import { prisma } from "~/db.server";
import { scorePercent, type CompletionRule } from "~/scorm/cmi";
import { launchableItems, manifestForVersion } from "~/scorm/packages.server";
import { LATEST, toLatest } from "../common.server";
import { activityEntryBase } from "../entry";
import { latestOf, NOT_STARTED, type ActivityKind, type ActivityStatus } from "../types";

// a scorm package played in the browser. the package lives in the database (an organisation
// uploaded it); module.yaml, or an attachment made in the admin pages, points to it by id.
// it is complete once every launchable sco of the version the trainee plays has met the
// completion rule at least once.

export type ScormContent = { packageId: string; rule: CompletionRule };

const entrySchema = activityEntryBase.extend({
  kind: z.literal("scorm"),
  package: z.uuid("package is the id of an imported scorm package (shown on its page)"),
  title: z.string().trim().min(1).max(200),
  estimatedMinutes: z.number().int().min(1).max(600),
  completion: z.enum(["completed", "passed", "score"]).default("completed"),
  minScore: z.number().min(0).max(100).optional(),
});

export function ruleFrom(
  completion: "completed" | "passed" | "score",
  minScore?: number | null,
): CompletionRule {
  return completion === "score" ? { kind: "score", min: minScore ?? 100 } : { kind: completion };
}

export function describeRule(rule: CompletionRule): string {
  if (rule.kind === "completed") return "Complete every part";
  if (rule.kind === "passed") return "Pass every part";
  return `Score at least ${rule.min}% in every part`;
}

export const scormKind: ActivityKind<ScormContent> = {
  kind: "scorm",
  label: "E-learning",
  entrySchema,
  async compile(raw, ctx, where) {
    const entry = raw as z.output<typeof entrySchema>;
    if (entry.completion === "score" && entry.minScore === undefined) {
      ctx.report(
        where.yaml.file,
        where.yaml.locate([...where.at, "completion"]),
        'completion "score" needs minScore (0-100)',
      );
      return undefined;
    }
    return {
      title: entry.title,
      estimatedMinutes: entry.estimatedMinutes,
      content: { packageId: entry.package, rule: ruleFrom(entry.completion, entry.minScore) },
    };
  },
  async latest(enrolmentId) {
    return toLatest(
      (await prisma.scormAttempt.findFirst({
        where: { enrolmentId, activityId: { not: null } },
        ...LATEST,
      })) as { activityId: string; updatedAt: Date } | null,
    );
  },
  async statuses(enrolment, activities) {
    const attempts = await prisma.scormAttempt.findMany({
      where: { enrolmentId: enrolment.id, activityId: { in: activities.map((a) => a.id) } },
      select: {
        activityId: true,
        versionId: true,
        itemId: true,
        satisfiedAt: true,
        successStatus: true,
        scoreScaled: true,
        scoreRaw: true,
        scoreMin: true,
        scoreMax: true,
        lastCommitAt: true,
      },
    });
    const result = new Map<string, ActivityStatus>();
    for (const activity of activities) {
      const mine = attempts.filter((a) => a.activityId === activity.id);
      if (mine.length === 0) {
        result.set(activity.id, NOT_STARTED);
        continue;
      }
      const manifest = await manifestForVersion(mine[0]!.versionId);
      const needed = launchableItems(manifest).map((i) => i.identifier);
      const satisfied = new Set(mine.filter((a) => a.satisfiedAt).map((a) => a.itemId));
      const done = needed.length > 0 && needed.every((id) => satisfied.has(id));
      const scores = mine.map((a) => scorePercent(a)).filter((s): s is number => s !== null);
      const lastWorkedAt = latestOf(mine.map((a) => a.lastCommitAt));
      result.set(activity.id, {
        state: done ? "completed" : "in_progress",
        ...(done && activity.content.rule.kind === "passed" ? { passed: true } : {}),
        ...(scores.length > 0 ? { score: Math.round(Math.max(...scores)) } : {}),
        ...(lastWorkedAt ? { lastWorkedAt } : {}),
      });
    }
    return result;
  },
};
