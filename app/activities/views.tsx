import type { ComponentType } from "react";
import { LessonView, type LessonPageData } from "./lesson/LessonView";
import { QuizView, type QuizActionData, type QuizPageData } from "./quiz/QuizView";
import { RoleplayView, type RoleplayPageData } from "./roleplay/RoleplayView";
import { ScormView, type ScormPageData } from "./scorm/ScormView";

// the browser half of each kind's page, keyed like ACTIVITY_PAGES on the server
export type ActivityViewProps = {
  page: Record<string, unknown>;
  action?: Record<string, unknown>;
  hasNext: boolean;
  base: string;
};

export const ACTIVITY_VIEWS: Record<string, ComponentType<ActivityViewProps>> = {
  lesson: ({ page, action, hasNext }) => (
    <LessonView page={page as LessonPageData} hasNext={hasNext} error={action?.error as string | undefined} />
  ),
  roleplay: ({ page, action }) => (
    <RoleplayView
      page={page as RoleplayPageData}
      action={action as { error?: string; errors?: Record<string, string> } | undefined}
    />
  ),
  quiz: ({ page, action, base }) => (
    <QuizView page={page as QuizPageData} action={action as QuizActionData | undefined} resultsBase={base} />
  ),
  scorm: ({ page }) => <ScormView page={page as ScormPageData} />,
};

/** kinds whose page needs the full width (a player) rather than a reading column */
export const WIDE_VIEWS: ReadonlySet<string> = new Set(["scorm"]);
