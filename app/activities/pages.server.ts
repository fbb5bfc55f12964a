import { lessonPage } from "./lesson/page.server";
import { quizPage } from "./quiz/page.server";
import { roleplayPage } from "./roleplay/page.server";
import { scormPage } from "./scorm/page.server";
import type { ActivityPage } from "./page-types";

// the server half of each kind's page: what its loader returns and what its form posts do.
// the activity route looks the kind up here and in ./views; it knows no kind itself.
export type { ActionOutcome, ActivityPage, ActivityPageArgs } from "./page-types";

export const ACTIVITY_PAGES: Record<string, ActivityPage> = {
  lesson: lessonPage,
  quiz: quizPage,
  roleplay: roleplayPage,
  scorm: scormPage,
};
