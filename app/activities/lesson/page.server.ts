import { activityPath } from "~/courses/paths";
import { prisma } from "~/db.server";
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
      // a lesson already completed: "Continue" moves on, unless a failed quiz of the module asks
      // for it to be read again and this visit is too short to count: then say so, rather than
      // moving on as if it had counted
      const activity = location.activity as typeof location.activity & { content: LessonContent };
      const status = (await lessonKind.statuses(enrolment, [activity], definition.rules)).get(activity.id);
      if (status?.state === "completed") {
        if (!(await rereadAsked(enrolment.id, activity.id, location.module.activities))) return onward;
        return {
          status: 409,
          data: {
            error: `This visit does not count as reading the lesson again yet: it counts ${read.waitSeconds} seconds from now. If you are reading the module's lessons again before your next quiz attempt, stay on the page a little longer; otherwise use "Next" below to move on.`,
          },
        };
      }
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

/** whether a quiz of the module failed since this lesson was last read (its retake asks for it) */
async function rereadAsked(
  enrolmentId: string,
  lessonId: string,
  activities: readonly { id: string; kind: string }[],
) {
  const quizzes = activities.filter((a) => a.kind === "quiz").map((a) => a.id);
  if (quizzes.length === 0) return false;
  const row = await prisma.activityProgress.findUnique({
    where: { enrolmentId_activityId: { enrolmentId, activityId: lessonId } },
    select: { lastReadAt: true, completedAt: true },
  });
  const readAt = row?.lastReadAt ?? row?.completedAt;
  if (!readAt) return false;
  const failed = await prisma.quizAttempt.count({
    where: { enrolmentId, activityId: { in: quizzes }, passed: false, submittedAt: { gt: readAt } },
  });
  return failed > 0;
}
