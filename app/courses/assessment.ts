import type { CourseDefinition } from "./types";

// a certificate says the holder was assessed. quizzes and role-plays are marked on the server
// from what the trainee chose; a SCORM package marks itself in the browser and reports the
// result, which a script can forge (cmi.core.lesson_status = "passed", then commit). so a
// course leads to a certificate only when a required module of it has a required quiz or
// role-play: e-learning packages may add to a course, but are never its only assessment.

/** the kinds of activity whose results the server works out itself */
export const SERVER_MARKED_KINDS: ReadonlySet<string> = new Set(["quiz", "roleplay"]);

export function leadsToCertificate(def: Pick<CourseDefinition, "modules" | "requiredModules">) {
  return def.modules.some(
    (m) =>
      def.requiredModules.includes(m.id) &&
      m.activities.some((a) => a.required && SERVER_MARKED_KINDS.has(a.kind)),
  );
}
