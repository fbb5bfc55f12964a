import type { z } from "zod";
import type { CompileContext, YamlFile } from "~/courses/compile-context.server";
import type { RetakePolicy } from "./quiz/retake";

/** completion of one activity for one trainee, from its stored attempts */
export type ActivityStatus = {
  state: "not_started" | "in_progress" | "completed";
  passed?: boolean;
  /** 0-100 where the activity is scored */
  score?: number;
  /** when the trainee last worked on it: where "continue" on the dashboard leads */
  lastWorkedAt?: Date;
};

export const NOT_STARTED: ActivityStatus = { state: "not_started" };

/** the latest of some times (an activity's attempts' last changes); undefined for none */
export function latestOf(times: (Date | null)[]): Date | undefined {
  let latest: Date | undefined;
  for (const t of times) if (t && (!latest || t > latest)) latest = t;
  return latest;
}

/** an activity as stored in a course version: common fields plus the kind's compiled content */
export type ActivityDefinition<Content = unknown> = {
  id: string;
  kind: string;
  title: string;
  required: boolean;
  estimatedMinutes: number;
  content: Content;
};

export type CourseRules = {
  /** which quiz attempt counts, in course versions from before retake rules */
  quizAttempts: "best" | "last";
  /** the course's quiz retake default (absent in versions stored before retake rules) */
  retake?: RetakePolicy;
};

export type EnrolmentRef = { id: string; userId: string };

/**
 * one kind of activity (lesson, quiz, role-play, scorm). a kind validates and compiles its
 * entry in module.yaml and the files it points to, and says how far a trainee has got. course
 * and module completion, certificates and reports only ever use this interface.
 */
export interface ActivityKind<Content = unknown> {
  kind: string;
  /** "Lesson", "Quiz": shown next to the activity */
  label: string;
  /** the module.yaml entry for this kind: the common keys (id, kind, required) plus its own */
  entrySchema: z.ZodType;
  compile(
    entry: Record<string, unknown>,
    ctx: CompileContext,
    /** where the entry is in module.yaml, for reporting */
    where: { yaml: YamlFile; at: readonly PropertyKey[] },
  ): Promise<
    | {
        title: string;
        estimatedMinutes: number;
        /** the minutes the content measures (app/courses/estimates.ts), when the kind can tell */
        measuredMinutes?: number;
        content: Content;
      }
    | undefined
  >;
  /** statuses of this kind's activities for one enrolment, in one query where possible */
  statuses(
    enrolment: EnrolmentRef,
    activities: ActivityDefinition<Content>[],
    rules: CourseRules,
  ): Promise<Map<string, ActivityStatus>>;
  /** the trainee's most recent work in this kind, for "continue where you left off" */
  latest(enrolmentId: string): Promise<{ activityId: string; at: Date } | null>;
}
