import type { ComponentType } from "react";
import { LessonView, type LessonPageData } from "./lesson/LessonView";
import { QuizView, type QuizActionData, type QuizPageData } from "./quiz/QuizView";

// the browser half of each kind's page, keyed like ACTIVITY_PAGES on the server
export type ActivityViewProps = {
  page: Record<string, unknown>;
  action?: Record<string, unknown>;
  hasNext: boolean;
  base: string;
};

export const ACTIVITY_VIEWS: Record<string, ComponentType<ActivityViewProps>> = {
  lesson: ({ page, hasNext }) => <LessonView page={page as LessonPageData} hasNext={hasNext} />,
  quiz: ({ page, action, base }) => (
    <QuizView page={page as QuizPageData} action={action as QuizActionData | undefined} resultsBase={base} />
  ),
};
