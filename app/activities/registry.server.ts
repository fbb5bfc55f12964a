import { lessonKind } from "./lesson/lesson.server";
import { quizKind } from "./quiz/quiz.server";
import { roleplayKind } from "./roleplay/roleplay.server";
import { scormKind } from "./scorm/scorm.server";
import type { ActivityKind } from "./types";

// the activity kinds the platform knows. a new kind is a folder under app/activities and one
// line here; nothing else in course loading, progress or reporting changes.
const KINDS: ActivityKind<never>[] = [lessonKind, quizKind, roleplayKind, scormKind] as ActivityKind<never>[];

export const ACTIVITY_KINDS: ReadonlyMap<string, ActivityKind<unknown>> = new Map(
  KINDS.map((k) => [k.kind, k as unknown as ActivityKind<unknown>]),
);

export function activityKind(kind: string): ActivityKind<unknown> {
  const found = ACTIVITY_KINDS.get(kind);
  if (!found) throw new Error(`unknown activity kind ${kind}`);
  return found;
}
