import { createActor, type SnapshotFrom } from "xstate";
import { formatDate } from "~/utils/dates";
import { ActivityError } from "../errors";
import type { RetakeState } from "../quiz/retake";
import { optionKey } from "../quiz/present";
import { countWords, readingSeconds } from "../reading";
import { shuffle } from "../quiz/present";
import { compileScenario, type RoleplayContext, type ScenarioMachine } from "./scenario.machine";
import type { EndingResult, ScenarioDefinition } from "./schema";

// the rules of a role-play that do not depend on where it runs: what passes, what is a
// critical error, the score, the order replies are offered in. the platform's server uses
// them, and so does the player inside an exported scorm package (app/scorm/export), in the
// learner's browser: one implementation.

export function meetsMinimum(s: Pick<ScenarioDefinition, "minScores">, ctx: Pick<RoleplayContext, "scores">) {
  return Object.entries(s.minScores).every(([skill, min]) => (ctx.scores[skill] ?? 0) >= (min as number));
}

/** the replies in the attempt that the author marked critical, in the order they were said */
export function criticalErrors(
  s: Pick<ScenarioDefinition, "nodes">,
  ctx: Pick<RoleplayContext, "transcript">,
) {
  return ctx.transcript.flatMap(({ node, choice }) => {
    const c = s.nodes[node]?.choices?.find((x) => x.id === choice);
    return c?.critical ? [{ node, choice, say: c.say, ...c.critical }] : [];
  });
}

/** the ending the conversation reached (the last reply leads to it), or null while it goes on */
export function endingReached(
  s: Pick<ScenarioDefinition, "nodes">,
  ctx: Pick<RoleplayContext, "transcript">,
): { node: string; result: EndingResult | null } | null {
  const last = ctx.transcript[ctx.transcript.length - 1];
  if (!last) return null;
  const next = s.nodes[last.node]?.choices?.find((c) => c.id === last.choice)?.next;
  const ending = next ? s.nodes[next]?.ending : undefined;
  if (!next || !ending) return null;
  return { node: next, result: ending.result ?? null };
}

/** the ending is one the author allows (versions compiled before ending results allow any) */
export function endingAllowed(
  s: Pick<ScenarioDefinition, "nodes" | "allowedEndings">,
  ctx: Pick<RoleplayContext, "transcript">,
) {
  const ending = endingReached(s, ctx);
  if (!ending) return false;
  if (!s.allowedEndings || ending.result === null) return true;
  return s.allowedEndings.includes(ending.result);
}

/**
 * completes the activity: an ending the author allows, every skill minimum met and no
 * critical error on the way
 */
export function attemptPasses(
  s: Pick<ScenarioDefinition, "minScores" | "nodes" | "allowedEndings">,
  ctx: Pick<RoleplayContext, "scores" | "transcript">,
) {
  return endingAllowed(s, ctx) && meetsMinimum(s, ctx) && criticalErrors(s, ctx).length === 0;
}

/** the attempt's total across assessed skills as a share of the best path's, 0-100 */
export function scorePercent(
  s: Pick<ScenarioDefinition, "skills" | "bounds">,
  ctx: Pick<RoleplayContext, "scores">,
) {
  const best = s.skills.reduce((sum, k) => sum + Math.max(0, s.bounds[k]?.max ?? 0), 0);
  const got = s.skills.reduce((sum, k) => sum + Math.max(0, ctx.scores[k] ?? 0), 0);
  return best === 0 ? 100 : Math.round((Math.min(got, best) / best) * 100);
}

const machines = new Map<string, ScenarioMachine>();
/** compiled once per scenario version */
export function machineFor(s: ScenarioDefinition) {
  let m = machines.get(s.hash);
  if (!m) {
    m = compileScenario(s);
    if (machines.size > 500) machines.clear();
    machines.set(s.hash, m);
  }
  return m;
}

/** the seconds what the conversation shows at a node takes to read at `wordsPerMinute` */
export function replyReadingSeconds(
  node: { mentee?: string; observe?: string },
  offered: readonly { say: string }[],
  wordsPerMinute: number,
) {
  return readingSeconds(countWords(node.mentee, node.observe, ...offered.map((c) => c.say)), wordsPerMinute);
}

/**
 * the order replies are offered in: shuffled per attempt and node (seeded by the attempt's
 * secret seed, so the same on a reload, a no-javascript post and the next visit), so the best reply is not
 * always in one place. a reply the author pinned first or last stays there.
 */
export function orderChoices<T extends { id: string; pin?: "first" | "last" }>(
  seed: string,
  nodeId: string,
  choices: readonly T[],
): T[] {
  const first = choices.filter((c) => c.pin === "first");
  const last = choices.filter((c) => c.pin === "last");
  const free = choices.filter((c) => c.pin === undefined);
  return [...first, ...shuffle(seed, `roleplay:${nodeId}`, free), ...last];
}

export class RoleplayError extends ActivityError {}
/** a reply chosen too soon: said beside the replies, where the trainee is reading */
export class TooSoonError extends RoleplayError {}

type Snap = SnapshotFrom<ScenarioMachine>;

export function restoreSnapshot(
  s: ScenarioDefinition,
  attempt: { snapshot: string; scenarioHash: string },
): Snap {
  if (attempt.scenarioHash !== s.hash)
    throw new RoleplayError("This conversation belongs to another version of the scenario.", 409);
  const actor = createActor(machineFor(s), { snapshot: JSON.parse(attempt.snapshot) });
  actor.start();
  const snap = actor.getSnapshot();
  actor.stop();
  return snap;
}

/** the attempt's secret: its seed (attempts from before seeds use their id) */
export function attemptSeed(attempt: { id: string; seed: string }) {
  return attempt.seed || attempt.id;
}

/**
 * the opaque key a reply is offered and posted under in one attempt: the authored ids read like
 * labels ("advise", "ask-hopes"), and the same id in every attempt would let a script keep a
 * bank of them
 */
export function choiceKey(attempt: { id: string; seed: string }, nodeId: string, choiceId: string) {
  return optionKey(attemptSeed(attempt), `roleplay:${nodeId}`, choiceId);
}

/** why a new conversation cannot start now, in words, or null when it can */
export function roleplayRefusal(state: RetakeState, lessonTitle: (id: string) => string): string | null {
  switch (state.kind) {
    case "read-first":
      return `This conversation puts the module's lessons into practice: read each one before you start it. Still to read: ${state.lessons.map(lessonTitle).join(", ")}.`;
    case "revisit":
      return `Read the module's lessons again before you try this conversation again: ${state.lessons.map(lessonTitle).join(", ")}.`;
    case "cool-down":
      return `You can try this conversation again from ${formatDate(state.until, "dateTime")}.`;
    default:
      return null;
  }
}
