import { activityPath } from "~/courses/paths";
import { refreshCompletion } from "~/courses/progress.server";
import type { ActivityPage } from "../page-types";
import { lessonKind, markLessonRead, type LessonContent } from "./lesson.server";

export const lessonPage: ActivityPage = {
  async load({ enrolment, definition, location }) {
    const activity = location.activity as typeof location.activity & { content: LessonContent };
    const status = (await lessonKind.statuses(enrolment, [activity], definition.rules)).get(activity.id)!;
    return {
      html: activity.content.html,
      summary: activity.content.summary,
      completion: activity.content.completion,
      completed: status.state === "completed",
    };
  },
  async act({ enrolment, definition, location, form }) {
    const intent = form.get("intent");
    if (intent !== "complete" && intent !== "complete-auto") {
      return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
    }
    await markLessonRead(enrolment.id, location.activity.id);
    await refreshCompletion(enrolment, definition);
    // the automatic completion is a background request: no navigation
    if (intent === "complete-auto") return { status: 200, data: { completed: true } };
    const next = location.next;
    return {
      redirect: next
        ? activityPath(definition.id, next.moduleId, next.activity.id)
        : `/courses/${definition.id}`,
    };
  },
};
