import type { User } from "lucia";
import type { ActivityLocation } from "~/courses/courses.server";
import type { CourseDefinition } from "~/courses/types";
import type { EnrolmentRef } from "./types";

// what every kind's page (./<kind>/page.server.ts) implements; ./pages.server.ts lists them.
// the kinds import these types from here, never from the list that imports them.

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
