import { SKILL_LABELS, type Skill } from "~/courses/types";
import { offeredChoices } from "./analyse";
import {
  attemptPasses,
  attemptSeed,
  choiceKey,
  criticalErrors,
  endingAllowed,
  endingReached,
  machineFor,
  meetsMinimum,
  restoreSnapshot,
  orderChoices,
} from "./rules";
import type { RoleplayContext } from "./scenario.machine";
import { CRITICAL_LABELS, ENDING_LABELS } from "./labels";
import type { ScenarioDefinition } from "./schema";

export { orderChoices };

// what the conversation page shows: the dialogue so far, the replies on offer now, and at an
// ending the debrief. computed from the persisted snapshot and the scenario.
//
// nothing judges a reply while the conversation goes on: a label on each reply as it is said
// ("good", "+2 questioning") lets a script learn a scenario by trial and error in a few
// attempts. the judgement comes at the debrief, and in two depths: until the trainee has
// completed the scenario, the reasoning on each of their replies (the teaching) without a
// verdict or points; once completed, the verdicts, the points and the best conversation.

export type Delta = { skill: string; label: string; delta: number };

export type Step = {
  mentee: string | null;
  observe: string | null;
  said: string;
  /** the reasoning on the reply: at the debrief only */
  feedback: string | null;
  /** the verdict and the points: once the scenario is completed */
  tone: "good" | "poor" | "neutral" | null;
  deltas: Delta[];
};

export type DebriefSkill = {
  skill: string;
  label: string;
  score: number;
  bestMax: number;
  minimum: number | null;
};

const label = (skill: string) => SKILL_LABELS[skill as Skill] ?? skill;

export function presentAttempt(
  s: ScenarioDefinition,
  attempt: {
    id: string;
    seed: string;
    version: number;
    attemptNumber: number;
    state: string;
    snapshot: string;
    scenarioHash: string;
    note: string | null;
  },
  /**
   * the trainee has completed the scenario: the debrief gives each reply's verdict and points
   * and replays the best conversation
   */
  { revealBest = true }: { revealBest?: boolean } = {},
) {
  const snap = restoreSnapshot(s, attempt);
  const ctx = snap.context as RoleplayContext;
  const machine = machineFor(s);

  const nodeId = String(snap.value);
  const node = s.nodes[nodeId]!;
  const playing = attempt.state === "playing";
  const ended = snap.status === "done";
  const judged = ended && revealBest;

  const steps: Step[] = ctx.transcript.map(({ node: at, choice }) => {
    const n = s.nodes[at]!;
    const c = n.choices!.find((x) => x.id === choice)!;
    const deltas = Object.entries(c.scores as Record<string, number>)
      .filter(([, d]) => d !== 0)
      .map(([skill, delta]) => ({ skill, label: label(skill), delta }));
    const sum = deltas.reduce((t, d) => t + d.delta, 0);
    return {
      mentee: n.mentee ?? null,
      observe: n.observe ?? null,
      said: c.say,
      feedback: ended ? c.feedback : null,
      tone: judged ? (sum > 0 ? "good" : sum < 0 ? "poor" : "neutral") : null,
      deltas: judged ? deltas : [],
    };
  });
  return {
    id: attempt.id,
    version: attempt.version,
    number: attempt.attemptNumber,
    menteeName: s.persona.name,
    state: attempt.state as "playing" | "ended" | "abandoned",
    steps,
    current:
      playing && !ended
        ? {
            mentee: node.mentee ?? null,
            observe: node.observe ?? null,
            choices: orderChoices(
              attemptSeed(attempt),
              nodeId,
              offeredChoices(machine, s, snap).map(({ choice }) =>
                node.choices!.find((c) => c.id === choice)!,
              ),
            ).map((c) => ({ key: choiceKey(attempt, nodeId, c.id), say: c.say })),
          }
        : null,
    ending:
      ended && node.ending
        ? { mentee: node.mentee ?? null, observe: node.observe ?? null, ...node.ending }
        : null,
    debrief: ended
      ? {
          passed: attemptPasses(s, ctx),
          metMinimum: meetsMinimum(s, ctx),
          ending: endingSummary(s, ctx),
          bestPath: revealBest ? bestPathReplay(s) : null,
          /** a replay exists but is held back until the scenario is completed */
          bestPathHeld: !revealBest && bestPathReplay(s) !== null,
          criticalErrors: criticalErrors(s, ctx).map((e) => ({
            say: e.say,
            category: CRITICAL_LABELS[e.category],
            why: e.why,
            instead: e.instead,
          })),
          skills: s.skills.map((k): DebriefSkill => ({
            skill: k,
            label: label(k),
            score: ctx.scores[k] ?? 0,
            bestMax: s.bounds[k]?.max ?? 0,
            minimum: (s.minScores as Record<string, number>)[k] ?? null,
          })),
        }
      : null,
    note: attempt.note,
  };
}

function endingSummary(s: ScenarioDefinition, ctx: RoleplayContext) {
  const reached = endingReached(s, ctx);
  const result = reached?.result ?? null;
  return {
    result,
    label: result ? ENDING_LABELS[result] : null,
    allowed: endingAllowed(s, ctx),
    /** what would have completed the activity, in words */
    allowedLabels: (s.allowedEndings ?? []).map((r) => ENDING_LABELS[r]),
  };
}

/**
 * the best conversation through the scenario with the reasoning for each reply: shown only at
 * a debrief, so never before the trainee's own attempt has ended
 */
export function bestPathReplay(s: ScenarioDefinition) {
  if (!s.bestPath || s.bestPath.length === 0) return null;
  const steps = s.bestPath.map(({ node, choice }) => {
    const n = s.nodes[node]!;
    const c = n.choices!.find((x) => x.id === choice)!;
    return { mentee: n.mentee ?? null, observe: n.observe ?? null, said: c.say, feedback: c.feedback };
  });
  const last = s.bestPath[s.bestPath.length - 1]!;
  const endNode = s.nodes[s.nodes[last.node]!.choices!.find((c) => c.id === last.choice)!.next]!;
  return {
    steps,
    ending: { mentee: endNode.mentee ?? null, outcome: endNode.ending!.outcome },
  };
}

export type PresentedAttempt = ReturnType<typeof presentAttempt>;

/** what a role-play's page says of the scenario before any conversation: the same on the platform and in an exported package */
export function scenarioSummary(s: ScenarioDefinition) {
  return {
    summary: s.summary,
    persona: s.persona,
    skills: s.skills.map((k) => SKILL_LABELS[k as Skill] ?? k),
    minScores: Object.entries(s.minScores).map(([k, v]) => ({
      label: SKILL_LABELS[k as Skill] ?? k,
      min: v as number,
    })),
    /** "a good or partial ending"; null for versions compiled before endings were rated */
    endings: s.allowedEndings ? s.allowedEndings.join(" or ") : null,
  };
}
