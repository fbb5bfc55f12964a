// what a certificate certifies, per module: the role-play scores (with what they were out of)
// and the attempt at which each quiz was passed. stored in Certificate.results at issue and
// never recomputed; certificates issued before v2 hold the legacy per-skill percentages.

/** the shape issued before evidence: one averaged percentage per skill */
export type LegacySkillResult = { skill: string; label: string; percent: number | null; detail: string };

export type RoleplayEvidence = {
  activityId: string;
  title: string;
  /** the counted attempt: the earliest ended attempt that passes; null if none did */
  attempt: number | null;
  scores: {
    skill: string;
    label: string;
    score: number;
    /** the best score any complete path can reach */
    max: number;
    /** the lowest score any complete path can reach */
    min: number;
    /** the score needed to complete the role-play, if the course sets one */
    required: number | null;
  }[];
};

export type QuizEvidence = {
  activityId: string;
  title: string;
  passMark: number;
  /** the attemptNumber of the first passed attempt; null if never passed */
  passedAtAttempt: number | null;
  /** "submit": the course completes the quiz on submission, passed or not */
  completion: "pass" | "submit";
  /** the first graded attempt, for a quiz completed by submission without a pass */
  submittedAtAttempt: number | null;
};

export type ModuleEvidence = {
  moduleId: string;
  title: string;
  skill: string | null;
  /** the skill's name, or the module's title for a module without a skill */
  label: string;
  roleplays: RoleplayEvidence[];
  quizzes: QuizEvidence[];
};

export type EvidenceV2 = { v: 2; modules: ModuleEvidence[] };

/** what Certificate.results holds: the legacy array, or the versioned evidence */
export type CertificateResults = LegacySkillResult[] | EvidenceV2;

export function parseResults(json: string): CertificateResults {
  const value = JSON.parse(json) as unknown;
  if (Array.isArray(value)) return value as LegacySkillResult[];
  if (value && typeof value === "object" && (value as { v?: unknown }).v === 2) return value as EvidenceV2;
  // an unknown shape shows as no results rather than a broken page
  return [];
}

export function isEvidence(r: CertificateResults): r is EvidenceV2 {
  return !Array.isArray(r);
}

const ORDINALS = ["first", "second", "third"];

/** "first attempt", "second attempt", "third attempt", then "attempt 4" */
export function attemptPhrase(n: number) {
  return ORDINALS[n - 1] ? `${ORDINALS[n - 1]} attempt` : `attempt ${n}`;
}

/** "Probing 7 of 9, Questioning 4 of 4" */
export function scoresText(r: RoleplayEvidence) {
  return r.scores.map((s) => `${s.label} ${s.score} of ${s.max}`).join(", ");
}

export function roleplayText(r: RoleplayEvidence) {
  const when = r.attempt === null ? "not completed" : `completed at attempt ${r.attempt}`;
  return `${scoresText(r)}; ${when}`;
}

export function quizText(q: QuizEvidence) {
  if (q.passedAtAttempt !== null)
    return `Passed at ${attemptPhrase(q.passedAtAttempt)} (pass mark ${q.passMark}%)`;
  if (q.completion === "submit" && q.submittedAtAttempt !== null)
    return `Submitted at ${attemptPhrase(q.submittedAtAttempt)} (completed on submission)`;
  return `Not passed (pass mark ${q.passMark}%)`;
}

/** what the evidence means, said once above it on the verify page and in the pdf */
export const EVIDENCE_INTRO =
  "For each role-play, the scores of the conversation that completed it, out of the best score the conversation allows. For each quiz, the attempt at which it was passed.";

export type EvidenceRow = { key: string; module: string; activity: string; result: string };

/** one row per role-play and quiz, in course order: what the verify page and pdf show */
export function evidenceRows(e: EvidenceV2): EvidenceRow[] {
  return e.modules.flatMap((m) => [
    ...m.roleplays.map((r) => ({
      key: `${m.moduleId}/${r.activityId}`,
      module: m.label,
      activity: `Role-play: ${r.title}`,
      result: roleplayText(r),
    })),
    ...m.quizzes.map((q) => ({
      key: `${m.moduleId}/${q.activityId}`,
      module: m.label,
      activity: `Quiz: ${q.title}`,
      result: quizText(q),
    })),
  ]);
}

/** the legacy line: "Questioning: 100% (quiz 100%)" */
export function legacyText(r: LegacySkillResult) {
  return `${r.label}: ${r.percent === null ? "completed" : `${r.percent}%`}${r.detail ? ` (${r.detail})` : ""}`;
}

/** what a certificate attests, in the same words on the verify page and the pdf */
export const ATTESTS =
  "Online training with assessed quizzes and role-play simulations. It records the training, not competence as a mentor, which needs observed or supervised mentoring.";

/** one skill's results across the course, for the certificate's front page */
export type SkillSummary = {
  skill: string;
  label: string;
  /** the skill's scores summed over every role-play that scored it; null if none did */
  roleplays: { score: number; max: number; count: number } | null;
  /** the quiz of the skill's own module, as a short phrase; null if it has none */
  quiz: string | null;
};

/** "Quiz passed at first attempt", "Quiz submitted", "Quiz not passed" */
export function quizShort(q: QuizEvidence) {
  if (q.passedAtAttempt !== null) return `Quiz passed at ${attemptPhrase(q.passedAtAttempt)}`;
  if (q.completion === "submit" && q.submittedAtAttempt !== null) return "Quiz submitted";
  return "Quiz not passed";
}

/**
 * each skill the course has a module for, in course order: its role-play scores over the whole
 * course (a skill is also scored in other skills' conversations) and its module's quiz
 */
export function skillSummary(e: EvidenceV2): SkillSummary[] {
  const all = e.modules.flatMap((m) => m.roleplays.filter((r) => r.attempt !== null));
  return e.modules.flatMap((m) => {
    if (!m.skill) return [];
    const scored = all.flatMap((r) => r.scores.filter((s) => s.skill === m.skill));
    return [
      {
        skill: m.skill,
        label: m.label,
        roleplays: scored.length
          ? {
              score: scored.reduce((n, s) => n + s.score, 0),
              max: scored.reduce((n, s) => n + s.max, 0),
              count: scored.length,
            }
          : null,
        quiz: m.quizzes[0] ? quizShort(m.quizzes[0]) : null,
      },
    ];
  });
}
