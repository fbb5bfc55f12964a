import { getInitialSnapshot, getNextSnapshot } from "xstate";
import { SKILL_LABELS, type Skill } from "~/courses/types";
import { offeredChoices } from "./analyse";
import {
  attemptPasses,
  criticalErrors,
  endingAllowed,
  endingReached,
  machineFor,
  meetsMinimum,
  restoreSnapshot,
} from "./roleplay.server";
import type { RoleplayContext } from "./scenario.machine";
import { CRITICAL_LABELS, ENDING_LABELS, type ScenarioDefinition } from "./schema";
import { shuffle } from "~/activities/quiz/present";

// what the conversation page shows: the dialogue so far with feedback, the replies on offer
// now, and at an ending the debrief. computed from the persisted snapshot and the scenario.

export type Delta = { skill: string; label: string; delta: number };

export type Step = {
  mentee: string | null;
  observe: string | null;
  said: string;
  feedback: string;
  tone: "good" | "poor" | "neutral";
  deltas: Delta[];
};

export type DebriefSkill = {
  skill: string;
  label: string;
  score: number;
  pathMax: number;
  bestMax: number;
  minimum: number | null;
};

const label = (skill: string) => SKILL_LABELS[skill as Skill] ?? skill;

/**
 * the order replies are offered in: shuffled per attempt and node (seeded by the attempt's id,
 * so the same on a reload, a no-javascript post and the next visit), so the best reply is not
 * always in one place. a reply the author pinned first or last stays there.
 */
export function orderChoices<T extends { id: string; pin?: "first" | "last" }>(
  attemptId: string,
  nodeId: string,
  choices: readonly T[],
): T[] {
  const first = choices.filter((c) => c.pin === "first");
  const last = choices.filter((c) => c.pin === "last");
  const free = choices.filter((c) => c.pin === undefined);
  return [...first, ...shuffle(attemptId, `roleplay:${nodeId}`, free), ...last];
}

export function presentAttempt(
  s: ScenarioDefinition,
  attempt: {
    id: string;
    version: number;
    attemptNumber: number;
    state: string;
    snapshot: string;
    scenarioHash: string;
    note: string | null;
  },
  /** replay the best conversation at the debrief (once the trainee has completed the scenario) */
  { revealBest = true }: { revealBest?: boolean } = {},
) {
  const snap = restoreSnapshot(s, attempt);
  const ctx = snap.context as RoleplayContext;
  const machine = machineFor(s);

  // replay the transcript to annotate it and to find what each step could have earned
  // replay the transcript: each step's feedback, and the most each step could have earned
  const pathMax: Record<string, number> = Object.fromEntries(s.skills.map((k) => [k, 0]));
  let replay = getInitialSnapshot(machine, undefined as never);
  const steps: Step[] = ctx.transcript.map(({ node, choice }) => {
    const n = s.nodes[node]!;
    const offered = offeredChoices(machine, s, replay).map((o) => n.choices!.find((c) => c.id === o.choice)!);
    for (const k of s.skills) {
      pathMax[k] =
        pathMax[k]! + Math.max(0, ...offered.map((c) => (c.scores as Record<string, number>)[k] ?? 0));
    }
    const c = n.choices!.find((x) => x.id === choice)!;
    replay = getNextSnapshot(machine, replay, { type: "CHOOSE", choice });
    const deltas = Object.entries(c.scores as Record<string, number>)
      .filter(([, d]) => d !== 0)
      .map(([skill, delta]) => ({ skill, label: label(skill), delta }));
    const sum = deltas.reduce((t, d) => t + d.delta, 0);
    return {
      mentee: n.mentee ?? null,
      observe: n.observe ?? null,
      said: c.say,
      feedback: c.feedback,
      tone: sum > 0 ? "good" : sum < 0 ? "poor" : "neutral",
      deltas,
    };
  });

  const nodeId = String(snap.value);
  const node = s.nodes[nodeId]!;
  const playing = attempt.state === "playing";
  const ended = snap.status === "done";
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
              attempt.id,
              nodeId,
              offeredChoices(machine, s, snap).map(({ choice }) =>
                node.choices!.find((c) => c.id === choice)!,
              ),
            ).map((c) => ({ id: c.id, say: c.say })),
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
            pathMax: pathMax[k] ?? 0,
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
