import { refreshCompletion, touchActivity } from "~/courses/progress.server";
import { getEnv } from "~/env.server";
import { isCleanMultiLine } from "~/utils/forms";
import { activityPath } from "~/courses/paths";
import { moduleLessons } from "../common.server";
import type { ActivityPage, ActivityPageArgs } from "../page-types";
import { presentAttempt, scenarioSummary } from "./present";
import {
  choose,
  listRoleplayAttempts,
  RoleplayError,
  TooSoonError,
  roleplayRefusal,
  roleplayStanding,
  saveNote,
  startRoleplay,
} from "./roleplay.server";
import type { ScenarioDefinition } from "./schema";

/** the module's lessons, and the trainee's standing under the retake rules */
function standingFor(
  { enrolment, definition, location }: Pick<ActivityPageArgs, "enrolment" | "definition" | "location">,
  restarting = false,
) {
  const s = location.activity.content as ScenarioDefinition;
  const lessons = moduleLessons(definition.id, location.module);
  return {
    lessons,
    lessonTitle: lessons.title,
    /** `attempts`: the trainee's attempts at this role-play, when the caller has read them */
    standing: (attempts?: Awaited<ReturnType<typeof listRoleplayAttempts>>) =>
      roleplayStanding(enrolment, location.activity.id, s, {
        rules: definition.rules,
        moduleLessonIds: lessons.ids,
        restarting,
        attempts,
      }),
  };
}

export const roleplayPage: ActivityPage = {
  async load(args) {
    const { enrolment, location } = args;
    const s = location.activity.content as ScenarioDefinition;
    const { lessons, lessonTitle, standing } = standingFor(args);
    const attempts = await listRoleplayAttempts(enrolment.id, location.activity.id);
    const { state, passed } = await standing(attempts);
    const latest = attempts[attempts.length - 1];
    // may the open conversation be given up for a new one? only if that would not be refused
    const restartState =
      latest?.state === "playing" && latest.nodeId !== s.start
        ? (await standingFor(args, true).standing(attempts)).state
        : state;
    const refusal = roleplayRefusal(restartState, lessonTitle);
    return {
      scenario: scenarioSummary(s),
      // the best conversation is replayed once the trainee has completed the scenario
      // themselves: shown after a failed attempt, it is an answer key for the next
      attempt:
        latest && latest.state !== "abandoned" ? presentAttempt(s, latest, { revealBest: passed }) : null,
      endedCount: attempts.filter((a) => a.state === "ended").length,
      /** the scenario is completed: a new conversation is practice and cannot undo it */
      completed: passed,
      retake: lessons.notice(restartState, refusal),
    };
  },
  async act({ enrolment, definition, location, form }) {
    const s = location.activity.content as ScenarioDefinition;
    const here = activityPath(definition.id, location.module.id, location.activity.id);
    const intent = form.get("intent");
    try {
      if (intent === "start" || intent === "restart") {
        const attempts = await listRoleplayAttempts(enrolment.id, location.activity.id);
        const latest = attempts[attempts.length - 1];
        const resumes = latest?.state === "playing" && intent === "start";
        const atOpening = latest?.state === "playing" && latest.nodeId === s.start;
        if (!resumes && !atOpening) {
          const { lessonTitle, standing } = standingFor(
            { enrolment, definition, location },
            intent === "restart",
          );
          const refusal = roleplayRefusal((await standing(attempts)).state, lessonTitle);
          if (refusal) return { status: 409, data: { error: refusal } };
        }
        await startRoleplay(enrolment, location.activity.id, s, intent === "restart");
        await refreshCompletion(enrolment, definition);
        return { redirect: here };
      }
      if (intent === "choose") {
        const choice = form.get("choice");
        if (typeof choice !== "string" || choice === "") {
          return { status: 400, data: { errors: { choice: "Choose what to say" } } };
        }
        const moved = await choose(
          enrolment,
          location.activity.id,
          s,
          {
            attemptId: String(form.get("attemptId") ?? ""),
            version: String(form.get("version") ?? ""),
            choice,
          },
          { readingWpm: getEnv().ANSWER_READING_WPM },
        );
        // only an ending can change the activity's status (and so the course's progress); a reply
        // before it is just recent activity
        if (moved.ended) await refreshCompletion(enrolment, definition);
        else await touchActivity(enrolment.id);
        return { redirect: here };
      }
      if (intent === "note") {
        const note = String(form.get("note") ?? "").trim();
        if (note.length > 5000)
          return { status: 400, data: { errors: { note: "Your note must be 5,000 characters or fewer" } } };
        if (!isCleanMultiLine(note))
          return { status: 400, data: { errors: { note: "Your note must not contain control characters" } } };
        await saveNote(enrolment, location.activity.id, String(form.get("attemptId") ?? ""), note);
        return { redirect: `${here}?saved=note` };
      }
    } catch (error) {
      if (error instanceof TooSoonError)
        return { status: error.status, data: { errors: { choice: error.message } } };
      if (error instanceof RoleplayError) return { status: error.status, data: { error: error.message } };
      throw error;
    }
    return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
  },
};
