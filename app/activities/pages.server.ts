import type { User } from "lucia";
import type { ActivityLocation } from "~/courses/courses.server";
import type { CourseDefinition } from "~/courses/types";
import { lessonPage } from "./lesson/page.server";
import { quizPage } from "./quiz/page.server";
import { roleplayPage } from "./roleplay/page.server";
import { scormPage } from "./scorm/page.server";
import type { EnrolmentRef } from "./types";

// the server half of each kind's page: what its loader returns and what its form posts do.
// the activity route looks the kind up here and in ./views; it knows no kind itself.

export type ActivityPageArgs = {
  user: User;
  enrolment: EnrolmentRef & { courseVersionId: string };
  definition: CourseDefinition;
  location: ActivityLocation;
};

export type ActionOutcome = { redirect: string } | { status: number; data: Record<string, unknown> };

export interface ActivityPage {
  load(args: ActivityPageArgs): Promise<Record<string, unknown>>;
  act(args: ActivityPageArgs & { form: FormData }): Promise<ActionOutcome>;
}

export const ACTIVITY_PAGES: Record<string, ActivityPage> = {
  lesson: lessonPage,
  quiz: quizPage,
  roleplay: roleplayPage,
  scorm: scormPage,
};
