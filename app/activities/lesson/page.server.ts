import { activityPath } from "~/courses/paths";
import { refreshCompletion } from "~/courses/progress.server";
import type { ActivityPage } from "../page-types";
import {
  lessonKind,
  markLessonRead,
  minimumReadSeconds,
  recordLessonOpened,
  type LessonContent,
} from "./lesson.server";

export const lessonPage: ActivityPage = {
  async load({ enrolment, location }) {
    const activity = location.activity as typeof location.activity & { content: LessonContent };
    // the reading clock starts when the page is served (a reading counts a while after this)
    const { completed } = await recordLessonOpened(enrolment.id, activity.id, new Date(), {
      required: activity.required,
    });
    return {
      html: activity.content.html,
      summary: activity.content.summary,
      completion: activity.content.completion,
      completed,
    };
  },
  async act({ enrolment, definition, location, form }) {
    const intent = form.get("intent");
    if (intent !== "complete" && intent !== "complete-auto") {
      return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
    }
    const next = location.next;
    const onward = {
      redirect: next
        ? activityPath(definition.id, next.moduleId, next.activity.id)
        : `/courses/${definition.id}`,
    };
    const read = await markLessonRead(enrolment.id, location.activity.id, {
      minSeconds: minimumReadSeconds(location.activity.estimatedMinutes),
    });
    if (!read.ok) {
      // the automatic completion tries again once the time has passed
      if (intent === "complete-auto")
        return { status: 200, data: { completed: false, retryInSeconds: read.waitSeconds } };
      // a lesson already completed: "Continue" moves on (this visit just does not count as a re-reading)
      const activity = location.activity as typeof location.activity & { content: LessonContent };
      const status = (await lessonKind.statuses(enrolment, [activity], definition.rules)).get(activity.id);
      if (status?.state === "completed") return onward;
      return {
        status: 409,
        data: {
          error: read.opened
            ? `Take time to read the lesson before you mark it complete: it can be marked complete ${read.waitSeconds} seconds from now.`
            : "Open the lesson and read it before you mark it complete.",
        },
      };
    }
    await refreshCompletion(enrolment, definition);
    // the automatic completion is a background request: no navigation
    if (intent === "complete-auto") return { status: 200, data: { completed: true } };
    return onward;
  },
};
