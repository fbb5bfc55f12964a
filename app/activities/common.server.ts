import type { RetakeNoticeData } from "~/components/retake";
import { activityPath } from "~/courses/paths";
import type { ModuleDefinition } from "~/courses/types";
import type { RetakeState } from "./quiz/retake";

// small pieces every activity kind shares

export { ActivityError } from "./errors";

/** the select and mapping for ActivityKind.latest(): the most recently touched row */
export const LATEST = {
  orderBy: { updatedAt: "desc" },
  select: { activityId: true, updatedAt: true },
} as const;

export const toLatest = (row: { activityId: string; updatedAt: Date } | null) =>
  row ? { activityId: row.activityId, at: row.updatedAt } : null;

/**
 * a module's required lessons, as its quiz and role-plays use them: read before the first
 * attempt and again after failures (retakeState), named in refusals, and listed with links in
 * the retake notice
 */
export function moduleLessons(courseId: string, module: ModuleDefinition) {
  const lessons = module.activities.filter((a) => a.kind === "lesson" && a.required);
  return {
    lessons,
    ids: lessons.map((l) => l.id),
    title: (id: string) => lessons.find((l) => l.id === id)?.title ?? id,
    /** the notice for a trainee who may not start now (or may): the lessons still to read */
    notice(state: RetakeState, message: string | null): RetakeNoticeData {
      const toRead = state.kind === "revisit" || state.kind === "read-first" ? state.lessons : null;
      return {
        kind: state.kind,
        message,
        lessons: toRead
          ? lessons.map((l) => ({
              title: l.title,
              href: activityPath(courseId, module.id, l.id),
              done: !toRead.includes(l.id),
            }))
          : [],
      };
    },
  };
}
