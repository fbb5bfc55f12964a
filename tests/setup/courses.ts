import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCourses, formatProblems } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { ROOT, TMP } from "./paths";

export const FIXTURE_COURSES = path.join(ROOT, "tests", "fixtures", "courses", "valid");

/**
 * a private copy of the demo fixture course under its own id (tests in one worker share a
 * database), optionally edited, loaded and synced. returns the folder to edit it again.
 */
export async function syncFixtureCourse(edits: Record<string, (text: string) => string> = {}, id?: string) {
  const courseId = id ?? `demo-${crypto.randomUUID().slice(0, 8)}`;
  const root = path.join(TMP, "course-copies", courseId);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(FIXTURE_COURSES, "demo-course"), path.join(root, "course"), { recursive: true });
  const dir = path.join(root, "course");
  const own = (t: string) => t.replace("id: demo-course", `id: ${courseId}`);
  const courseEdit = edits["course.yaml"];
  editCourse(dir, { ...edits, "course.yaml": courseEdit ? (t) => courseEdit(own(t)) : own });
  return { courseId, dir, ...(await syncFolder(root)) };
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
