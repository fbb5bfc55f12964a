// development demo data only: plays a course to completion through the real services, with
// right quiz answers and a role-play path that meets each scenario's standard.
import { getInitialSnapshot } from "xstate";
import { markLessonRead } from "~/activities/lesson/lesson.server";
import { optionKey } from "~/activities/quiz/present";
import { startAttempt, submitAttempt } from "~/activities/quiz/quiz.server";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { offeredChoices } from "~/activities/roleplay/analyse";
import { machineFor, meetsMinimum, playReplies, startRoleplay } from "~/activities/roleplay/roleplay.server";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import { issueCertificate } from "~/certificates/issue.server";
import { courseForUser, enrol } from "~/courses/courses.server";
import { refreshCompletion } from "~/courses/progress.server";
import { prisma } from "~/db.server";

function rightAnswers(quiz: QuizDefinition, seed: string) {
  const fd = new FormData();
  for (const q of quiz.questions) {
    const name = `q.${q.id}`;
    if (q.kind === "single" || q.kind === "multiple") {
      for (const o of q.options.filter((o) => o.correct)) fd.append(name, optionKey(seed, q.id, o.id));
    } else if (q.kind === "true_false") fd.set(name, String(q.answer));
    else if (q.kind === "ordering")
      q.items.forEach((item, i) => fd.set(`${name}.${optionKey(seed, q.id, item.id)}`, String(i + 1)));
    else fd.set(name, "Demo reflection: I will ask more open questions and summarise before advising.");
  }
  return fd;
}

/** choice ids from the start to an ending that meets the scenario's minimum scores */
function passingPath(s: ScenarioDefinition): string[] {
  const machine = machineFor(s);
  const search = (
    snap: ReturnType<typeof getInitialSnapshot<typeof machine>>,
    path: string[],
  ): string[] | null => {
    if (snap.status === "done") return meetsMinimum(s, snap.context) ? path : null;
    for (const { choice, next } of offeredChoices(machine, s, snap)) {
      const found = search(next, [...path, choice]);
      if (found) return found;
    }
    return null;
  };
  const path = search(getInitialSnapshot(machine, undefined as never), []);
  if (!path) throw new Error(`no passing path in ${s.title}`);
  return path;
}

/** plays the course to the end; `at` backdates the completion and the certificate */
export async function completeCourse(userId: string, courseId: string, options: { at?: Date } = {}) {
  const enrolment = await enrol(userId, courseId);
  const def = (await courseForUser(courseId, userId))!.definition;
  for (const m of def.modules) {
    for (const a of m.activities) {
      if (a.kind === "lesson") await markLessonRead(enrolment.id, a.id);
      if (a.kind === "quiz") {
        const quiz = a.content as QuizDefinition;
        const attempt = await startAttempt(enrolment, a.id, quiz);
        const fd = rightAnswers(quiz, attempt.seed);
        fd.set("attemptId", attempt.id);
        fd.set("version", String(attempt.version));
        await submitAttempt(enrolment, a.id, quiz, fd);
      }
      if (a.kind === "roleplay") {
        const s = a.content as ScenarioDefinition;
        const play = await startRoleplay(enrolment, a.id, s);
        await playReplies(enrolment, a.id, s, play.id, passingPath(s));
      }
    }
  }
  if (options.at) {
    // the work happened before the completion it led to: no attempt dated after it
    const at = options.at;
    const before = (minutes: number) => new Date(at.getTime() - minutes * 60_000);
    await prisma.activityProgress.updateMany({
      where: { enrolmentId: enrolment.id },
      data: {
        startedAt: before(180),
        openedAt: before(180),
        lastReadAt: before(170),
        completedAt: before(170),
      },
    });
    await prisma.quizAttempt.updateMany({
      where: { enrolmentId: enrolment.id },
      data: { startedAt: before(90), submittedAt: before(80) },
    });
    await prisma.roleplayAttempt.updateMany({
      where: { enrolmentId: enrolment.id },
      data: { startedAt: before(40), endedAt: before(20) },
    });
    await prisma.enrolment.update({ where: { id: enrolment.id }, data: { completedAt: at } });
    await issueCertificate(enrolment.id, { now: options.at });
  }
  await refreshCompletion(enrolment, def, { activityAt: options.at ?? new Date() });
  return prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: enrolment.id } });
}

/** reads the first `lessons` lessons of a course: a trainee part of the way through */
export async function startCourse(
  enrolment: { id: string; userId: string },
  courseId: string,
  lessons: number,
  at: Date,
) {
  const def = (await courseForUser(courseId, enrolment.userId))!.definition;
  const all = def.modules.flatMap((m) => m.activities).filter((a) => a.kind === "lesson");
  for (const a of all.slice(0, lessons)) await markLessonRead(enrolment.id, a.id);
  // read on the day of their last activity, not today
  await prisma.activityProgress.updateMany({
    where: { enrolmentId: enrolment.id },
    data: { startedAt: at, openedAt: at, lastReadAt: at, completedAt: at },
  });
  await refreshCompletion(enrolment, def, { activityAt: at });
}
