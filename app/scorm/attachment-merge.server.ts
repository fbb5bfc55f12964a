import type { ActivityDefinition } from "~/activities/types";
import type { CourseDefinition } from "~/courses/types";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { sha256 } from "~/utils/tokens.server";
import type { CompletionRule } from "./cmi";

// how attached packages join a compiled course. course sync reads this; attaching (which
// then syncs) lives in ./attachments.server.ts, so neither imports the other back.

type Attachment = Prisma.ScormAttachmentGetPayload<{ include: { package: { select: { title: true } } } }>;

export function ruleOf(a: { rule: string; minScore: number | null }): CompletionRule {
  if (a.rule === "score") return { kind: "score", min: a.minScore ?? 100 };
  return { kind: a.rule === "passed" ? "passed" : "completed" };
}

/** the course with its attachments added at the end of their modules, and the hash to store it under */
export function withAttachments(
  def: CourseDefinition,
  hash: string,
  attachments: Attachment[],
): { def: CourseDefinition; hash: string } {
  if (attachments.length === 0) return { def, hash };
  const used = new Set(def.modules.flatMap((m) => m.activities.map((a) => a.id)));
  const modules = def.modules.map((m) => {
    const mine = attachments.filter((a) => a.moduleId === m.id && !used.has(a.activityId));
    if (mine.length === 0) return m;
    const added = mine.map((a): ActivityDefinition => ({
      id: a.activityId,
      kind: "scorm",
      title: a.title ?? a.package.title,
      required: a.required,
      estimatedMinutes: a.estimatedMinutes,
      content: { packageId: a.packageId, rule: ruleOf(a) },
    }));
    return {
      ...m,
      activities: [...m.activities, ...added],
      requiredActivities: [...m.requiredActivities, ...added.filter((a) => a.required).map((a) => a.id)],
      estimatedMinutes: m.estimatedMinutes + added.reduce((s, a) => s + a.estimatedMinutes, 0),
    };
  });
  const key = attachments.map((a) => [
    a.moduleId,
    a.activityId,
    a.packageId,
    a.rule,
    a.minScore,
    a.required,
    a.estimatedMinutes,
    a.title ?? a.package.title,
  ]);
  return { def: { ...def, modules }, hash: sha256(`${hash}\n${JSON.stringify(key)}`) };
}

export function attachmentsFor(courseId: string) {
  return prisma.scormAttachment.findMany({
    where: { courseId },
    orderBy: { createdAt: "asc" },
    include: { package: { select: { title: true } } },
  });
}
