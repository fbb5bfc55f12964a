import { refreshCompletion } from "~/courses/progress.server";
import { isCleanMultiLine } from "~/utils/forms";
import { activityPath } from "~/courses/paths";
import { SKILL_LABELS, type Skill } from "~/courses/types";
import type { ActivityPage } from "../pages.server";
import { presentAttempt } from "./present.server";
import { choose, listRoleplayAttempts, RoleplayError, saveNote, startRoleplay } from "./roleplay.server";
import type { ScenarioDefinition } from "./schema";

export const roleplayPage: ActivityPage = {
  async load({ enrolment, location }) {
    const s = location.activity.content as ScenarioDefinition;
    const attempts = await listRoleplayAttempts(enrolment.id, location.activity.id);
    const latest = attempts[attempts.length - 1];
    return {
      scenario: {
        summary: s.summary,
        persona: s.persona,
        skills: s.skills.map((k) => SKILL_LABELS[k as Skill] ?? k),
        minScores: Object.entries(s.minScores).map(([k, v]) => ({
          label: SKILL_LABELS[k as Skill] ?? k,
          min: v,
        })),
        /** "a good or partial ending"; null for versions compiled before endings were rated */
        endings: s.allowedEndings
          ? s.allowedEndings.join(" or ")
          : null,
      },
      attempt: latest && latest.state !== "abandoned" ? presentAttempt(s, latest) : null,
      endedCount: attempts.filter((a) => a.state === "ended").length,
    };
  },
  async act({ enrolment, definition, location, form }) {
    const s = location.activity.content as ScenarioDefinition;
    const here = activityPath(definition.id, location.module.id, location.activity.id);
    const intent = form.get("intent");
    try {
      if (intent === "start" || intent === "restart") {
        await startRoleplay(enrolment, location.activity.id, s, intent === "restart");
        await refreshCompletion(enrolment, definition);
        return { redirect: here };
      }
      if (intent === "choose") {
        const choice = form.get("choice");
        if (typeof choice !== "string" || choice === "") {
          return { status: 400, data: { errors: { choice: "Choose what to say" } } };
        }
        await choose(enrolment, location.activity.id, s, {
          attemptId: String(form.get("attemptId") ?? ""),
          version: String(form.get("version") ?? ""),
          choice,
        });
        await refreshCompletion(enrolment, definition);
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
      if (error instanceof RoleplayError) return { status: error.status, data: { error: error.message } };
      throw error;
    }
    return { status: 400, data: { error: "Unknown action. Reload the page and try again." } };
  },
};
