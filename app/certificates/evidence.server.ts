import { attemptPasses } from "~/activities/roleplay/roleplay.server";
import type { RoleplayContext } from "~/activities/roleplay/scenario.machine";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import type { QuizDefinition } from "~/activities/quiz/schema";
import type { EnrolmentRef } from "~/activities/types";
import { SKILL_LABELS, type CourseDefinition, type Skill } from "~/courses/types";
import { prisma } from "~/db.server";
import type { EvidenceV2, ModuleEvidence, QuizEvidence, RoleplayEvidence } from "./evidence";

const skillLabel = (s: string) => SKILL_LABELS[s as Skill] ?? s;

/**
 * the evidence a certificate records, from the enrolment's attempts: per role-play the
 * per-skill scores of the earliest ended attempt that passes, per quiz the first passed
 * attempt. modules with neither (lessons only) are left out.
 */
export async function collectEvidence(enrolment: EnrolmentRef, def: CourseDefinition): Promise<EvidenceV2> {
  const [roleplayAttempts, quizAttempts] = await Promise.all([
    prisma.roleplayAttempt.findMany({
      where: { enrolmentId: enrolment.id, state: "ended" },
      select: { activityId: true, attemptNumber: true, snapshot: true },
      orderBy: { attemptNumber: "asc" },
    }),
    prisma.quizAttempt.findMany({
      where: { enrolmentId: enrolment.id, scorePercent: { not: null } },
      select: { activityId: true, attemptNumber: true, passed: true },
      orderBy: { attemptNumber: "asc" },
    }),
  ]);

  const modules: ModuleEvidence[] = [];
  for (const m of def.modules) {
    const roleplays: RoleplayEvidence[] = [];
    const quizzes: QuizEvidence[] = [];
    for (const a of m.activities) {
      if (a.kind === "roleplay") {
        const scenario = a.content as ScenarioDefinition;
        const counted = roleplayAttempts
          .filter((t) => t.activityId === a.id)
          .map((t) => ({
            attempt: t.attemptNumber,
            ctx: (JSON.parse(t.snapshot) as { context: RoleplayContext }).context,
          }))
          .find((t) => attemptPasses(scenario, t.ctx));
        if (!counted && !a.required) continue;
        roleplays.push({
          activityId: a.id,
          title: a.title,
          attempt: counted?.attempt ?? null,
          scores: scenario.skills.map((skill) => ({
            skill,
            label: skillLabel(skill),
            score: counted?.ctx.scores[skill] ?? 0,
            max: scenario.bounds[skill]?.max ?? 0,
            min: scenario.bounds[skill]?.min ?? 0,
            required: scenario.minScores[skill] ?? null,
          })),
        });
      } else if (a.kind === "quiz") {
        const quiz = a.content as QuizDefinition;
        const mine = quizAttempts.filter((t) => t.activityId === a.id);
        const passed = mine.find((t) => t.passed === true);
        if (!passed && !a.required) continue;
        quizzes.push({
          activityId: a.id,
          title: a.title,
          passMark: quiz.passMark,
          passedAtAttempt: passed?.attemptNumber ?? null,
          completion: quiz.completion,
          submittedAtAttempt: mine[0]?.attemptNumber ?? null,
        });
      }
    }
    if (!m.skill && roleplays.length === 0 && quizzes.length === 0) continue;
    modules.push({
      moduleId: m.id,
      title: m.title,
      skill: m.skill,
      label: m.skill ? skillLabel(m.skill) : m.title,
      roleplays,
      quizzes,
    });
  }
  return { v: 2, modules };
}
