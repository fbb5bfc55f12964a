import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCourses, formatProblems } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { standingFor } from "~/activities/quiz/page.server";
import { optionKey } from "~/activities/quiz/present";
import { retryQuiz } from "~/activities/quiz/quiz.server";
import { locateActivity } from "~/courses/courses.server";
import type { QuizDefinition } from "~/activities/quiz/schema";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import type { CourseDefinition } from "~/courses/types";
import { ROOT, TMP } from "./paths";

export const FIXTURE_COURSES = path.join(ROOT, "tests", "fixtures", "courses", "valid");

/**
 * a private copy of the demo fixture course under its own id (tests in one worker share a
 * database), optionally edited, loaded and synced. returns the folder to edit it again.
 */
export async function syncFixtureCourse(edits: Record<string, (text: string) => string> = {}, id?: string) {
  const copy = copyFixtureCourse(edits, id);
  return { ...copy, ...(await syncFolder(copy.root)) };
}

/** the same private copy, edited but not loaded: `root` is the courses folder to load */
export function copyFixtureCourse(edits: Record<string, (text: string) => string> = {}, id?: string) {
  const courseId = id ?? `demo-${crypto.randomUUID().slice(0, 8)}`;
  const root = path.join(TMP, "course-copies", courseId);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(FIXTURE_COURSES, "demo-course"), path.join(root, "course"), { recursive: true });
  const dir = path.join(root, "course");
  const own = (t: string) => t.replace("id: demo-course", `id: ${courseId}`);
  const courseEdit = edits["course.yaml"];
  editCourse(dir, { ...edits, "course.yaml": courseEdit ? (t) => courseEdit(own(t)) : own });
  return { courseId, dir, root };
}

export function editCourse(dir: string, edits: Record<string, (text: string) => string>) {
  for (const [file, edit] of Object.entries(edits)) {
    const p = path.join(dir, file);
    writeFileSync(p, edit(readFileSync(p, "utf8")));
  }
}

/** load and sync one root folder; throws with the report if the content is invalid */
export async function syncFolder(root: string) {
  const { courses, problems } = await loadCourses(root);
  if (problems.length) throw new Error(formatProblems(problems));
  // sync only these courses, so other tests' courses stay active
  const report = await syncCourses(courses, { deactivateMissing: false });
  return { courses, report };
}

/**
 * reads (marks read) the required lessons of one module, as a trainee must before its quiz
 * or role-play
 */
export async function readModuleLessons(
  enrolment: { id: string },
  definition: CourseDefinition,
  moduleId: string,
) {
  const { markLessonRead } = await import("~/activities/lesson/lesson.server");
  const lessons = definition.modules
    .find((m) => m.id === moduleId)!
    .activities.filter((a) => a.kind === "lesson" && a.required);
  for (const l of lessons) await markLessonRead(enrolment.id, l.id);
}

/** plays the demo fixture course to completion through the real services */
export async function completeFixtureCourse(
  enrolment: { id: string; userId: string },
  def: CourseDefinition,
) {
  const { markLessonRead } = await import("~/activities/lesson/lesson.server");
  const { startAttempt, submitAttempt } = await import("~/activities/quiz/quiz.server");
  const { startRoleplay, playReplies } = await import("~/activities/roleplay/roleplay.server");
  const { locateActivity } = await import("~/courses/courses.server");
  const { refreshCompletion } = await import("~/courses/progress.server");
  await markLessonRead(enrolment.id, "first-lesson");
  await markLessonRead(enrolment.id, "closing-lesson");
  const quiz = locateActivity(def, "basics", "basics-quiz")!.activity.content as QuizDefinition;
  const attempt = await startAttempt(enrolment, "basics-quiz", quiz);
  const fd = fixtureQuizAnswers(attempt.seed);
  fd.set("attemptId", attempt.id);
  fd.set("version", String(attempt.version));
  await submitAttempt(enrolment, "basics-quiz", quiz, fd);
  const scenario = locateActivity(def, "conversation", "first-meeting")!.activity
    .content as ScenarioDefinition;
  const play = await startRoleplay(enrolment, "first-meeting", scenario);
  await playReplies(enrolment, "first-meeting", scenario, play.id, ["open", "deepen"]);
  return refreshCompletion(enrolment, def);
}

/** the demo fixture quiz's right answers, as the form for an attempt with this seed posts them */
export function fixtureQuizAnswers(seed: string) {
  const fd = new FormData();
  const k = (q: string, o: string) => optionKey(seed, q, o);
  fd.set("q.open", k("open", "what"));
  fd.append("q.skills", k("skills", "listening"));
  fd.append("q.skills", k("skills", "probing"));
  fd.set("q.manager", "false");
  ["think", "tell", "deanery", "meet"].forEach((id, i) => fd.set(`q.steps.${k("steps", id)}`, String(i + 1)));
  fd.set("q.reflect", "A sounding board.");
  return fd;
}

/** asks for the next quiz attempt the way the quiz page does: under the quiz's retake rules */
export async function retryQuizIn(
  enrolment: { id: string; userId: string; courseVersionId?: string },
  definition: CourseDefinition,
  moduleId: string,
  activityId: string,
) {
  const location = locateActivity(definition, moduleId, activityId)!;
  const s = standingFor({
    enrolment: { courseVersionId: "", ...enrolment },
    definition,
    location,
  });
  return retryQuiz(enrolment, activityId, s.quiz, await s.standing(), s.lessonTitle);
}
