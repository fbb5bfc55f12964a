import { getNextSnapshot, type SnapshotFrom } from "xstate";
import {
  applyChoice,
  compileScenario,
  conditionHolds,
  type RoleplayContext,
  type ScenarioMachine,
} from "./scenario.machine";
import type { ScenarioChoice, ScenarioFile } from "./schema";

// static validation of a scenario, by walking its compiled machine over every reachable
// context: every node reachable, no dead end (a reachable moment with no choice on offer),
// no loop, every conversation ends within maxSteps, and the score range each skill can reach.

export type ScenarioProblem = { node: string | null; message: string };

export type Analysis = {
  problems: ScenarioProblem[];
  bounds: Record<string, { min: number; max: number }>;
  maxSteps: number;
};

const MAX_STATES = 20_000;

type Snap = SnapshotFrom<ScenarioMachine>;

/** a moment in a conversation, as the walk sees it */
export type Moment = { value: string; done: boolean; context: RoleplayContext };

/** what makes two moments in a conversation the same for everything that follows */
export const keyOf = (s: Moment) =>
  `${s.value}|${JSON.stringify(s.context.scores)}|${[...s.context.visited].sort().join(",")}`;

/**
 * the moments one step on from `m`, read from the compiled machine's own CHOOSE transitions:
 * their guards' conditions and targets, with the same effect function its action runs. (the
 * runtime uses xstate's getNextSnapshot; this avoids building snapshots for every moment.)
 */
export function stepsFrom(machine: ScenarioMachine, m: Moment): (Moment & { choice: ScenarioChoice })[] {
  const stateNode = machine.root.states[m.value];
  const out: (Moment & { choice: ScenarioChoice })[] = [];
  for (const t of stateNode?.transitions.get("CHOOSE") ?? []) {
    const choice = (t.guard as { params: { choice: ScenarioChoice } }).params.choice;
    if (!conditionHolds(choice.when, m.context)) continue;
    const target = t.target![0]!;
    out.push({
      choice,
      value: target.key,
      done: target.type === "final",
      context: applyChoice(m.context, m.value, choice),
    });
  }
  return out;
}

/** every choice id of the node the snapshot is at, with the snapshot it leads to when offered */
export function offeredChoices(machine: ScenarioMachine, scenario: Pick<ScenarioFile, "nodes">, snap: Snap) {
  const node = scenario.nodes[String(snap.value)];
  const out: { choice: string; next: Snap }[] = [];
  for (const c of node?.choices ?? []) {
    const next = getNextSnapshot(machine, snap, { type: "CHOOSE", choice: c.id });
    if (next !== snap) out.push({ choice: c.id, next });
  }
  return out;
}

function staticProblems(s: ScenarioFile): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const ids = new Set(Object.keys(s.nodes));
  const assessed = new Set<string>(s.skills);
  if (!ids.has(s.start)) problems.push({ node: null, message: `the start node "${s.start}" does not exist` });
  for (const [id, node] of Object.entries(s.nodes)) {
    if (node.choices && node.ending) {
      problems.push({
        node: id,
        message: `node "${id}" has both choices and an ending: give it one or the other`,
      });
    }
    if (!node.choices && !node.ending) {
      problems.push({
        node: id,
        message: `node "${id}" is a dead end: it has no choices and is not an ending`,
      });
    }
    if (!node.mentee && !node.ending) {
      problems.push({
        node: id,
        message: `node "${id}" needs a "mentee" line for the trainee to respond to`,
      });
    }
    const seen = new Set<string>();
    for (const c of node.choices ?? []) {
      if (seen.has(c.id))
        problems.push({ node: id, message: `node "${id}" has two choices with id "${c.id}"` });
      seen.add(c.id);
      if (!ids.has(c.next)) {
        problems.push({
          node: id,
          message: `choice "${c.id}" in node "${id}" goes to "${c.next}", which does not exist`,
        });
      }
      for (const skill of [...Object.keys(c.scores), ...Object.keys(c.when?.minScore ?? {})]) {
        if (!assessed.has(skill)) {
          problems.push({
            node: id,
            message: `choice "${c.id}" in node "${id}" scores ${skill}, which is not in this scenario's skills`,
          });
        }
      }
      for (const ref of [...(c.when?.visited ?? []), ...(c.when?.notVisited ?? [])]) {
        if (!ids.has(ref)) {
          problems.push({
            node: id,
            message: `choice "${c.id}" in node "${id}" has a condition on node "${ref}", which does not exist`,
          });
        }
      }
    }
  }
  return problems;
}

export function initialMoment(machine: ScenarioMachine): Moment {
  const start = machine.root.states[machine.config.initial as string]!;
  return {
    value: start.key,
    done: start.type === "final",
    context: machine.config.context as RoleplayContext,
  };
}

export function analyseScenario(s: ScenarioFile): Analysis {
  const maxSteps = s.maxSteps ?? Object.keys(s.nodes).length;
  const problems = staticProblems(s);
  const bounds: Analysis["bounds"] = {};
  if (problems.length > 0) return { problems, bounds, maxSteps };

  const machine = compileScenario({ ...s, hash: "analysis" });
  const edges = new Map<string, string[]>();
  const reachedNodes = new Set<string>();
  const deadEnds = new Set<string>();
  const finals: Moment[] = [];

  // breadth-first over distinct moments, no deeper than maxSteps + 1
  const initial = initialMoment(machine);
  const seen = new Set<string>([keyOf(initial)]);
  const parent = new Map<string, string | null>([[keyOf(initial), null]]);
  const queue: { m: Moment; depth: number }[] = [{ m: initial, depth: 0 }];
  let tooLong: string | null = null;
  for (let head = 0; head < queue.length; head++) {
    const { m, depth } = queue[head]!;
    const key = keyOf(m);
    reachedNodes.add(m.value);
    if (m.done) {
      finals.push(m);
      edges.set(key, []);
      continue;
    }
    if (depth > maxSteps) {
      tooLong ??= key;
      continue;
    }
    const offered = stepsFrom(machine, m);
    if (offered.length === 0 && !deadEnds.has(m.value)) {
      deadEnds.add(m.value);
      const scores = Object.entries(m.context.scores)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      problems.push({
        node: m.value,
        message: `dead end at node "${m.value}": no choice is offered when the scores are ${scores || "all 0"} after visiting ${m.context.visited.join(", ")}`,
      });
    }
    const nextKeys: string[] = [];
    for (const next of offered) {
      const k = keyOf(next);
      nextKeys.push(k);
      if (!seen.has(k)) {
        if (seen.size >= MAX_STATES) {
          problems.push({
            node: null,
            message: `the scenario has more than ${MAX_STATES} distinct moments: simplify its conditions or loops`,
          });
          return { problems, bounds, maxSteps };
        }
        seen.add(k);
        parent.set(k, key);
        queue.push({ m: next, depth: depth + 1 });
      }
    }
    edges.set(key, nextKeys);
  }

  for (const id of Object.keys(s.nodes)) {
    if (!reachedNodes.has(id))
      problems.push({ node: id, message: `node "${id}" cannot be reached from "${s.start}"` });
  }

  const nodesOf = (keys: string[]) => keys.map((k) => k.split("|")[0]!);
  const describePath = (nodes: string[]) => {
    const repeats = nodes.some((n, i) => nodes.indexOf(n) !== i);
    return `${repeats ? "the conversation can loop" : "a conversation can run on"}: ${nodes.slice(0, 12).join(" → ")}${nodes.length > 12 ? " → …" : ""}`;
  };
  if (tooLong) {
    const path: string[] = [];
    for (let k: string | null | undefined = tooLong; k; k = parent.get(k)) path.unshift(k);
    const nodes = nodesOf(path);
    problems.push({
      node: nodes[nodes.length - 1]!,
      message: `${describePath(nodes)} without reaching an ending within maxSteps (${maxSteps}); every path must end`,
    });
  } else {
    // a cycle between moments that repeat exactly (no score change) is also a loop
    const onPath: string[] = [];
    const done = new Set<string>();
    const findCycle = (key: string): string[] | null => {
      if (onPath.includes(key)) return [...onPath.slice(onPath.indexOf(key)), key];
      if (done.has(key)) return null;
      onPath.push(key);
      for (const next of edges.get(key) ?? []) {
        const cycle = findCycle(next);
        if (cycle) return cycle;
      }
      onPath.pop();
      done.add(key);
      return null;
    };
    const cycle = findCycle(keyOf(initial));
    if (cycle) {
      const nodes = nodesOf(cycle);
      problems.push({
        node: nodes[0]!,
        message: `${describePath(nodes)} without ever reaching an ending; every path must end`,
      });
    }
  }

  if (finals.length === 0) {
    if (problems.length === 0) problems.push({ node: s.start, message: "no conversation reaches an ending" });
    return { problems, bounds, maxSteps };
  }
  for (const skill of s.skills) {
    const totals = finals.map((f) => f.context.scores[skill] ?? 0);
    bounds[skill] = { min: Math.min(...totals), max: Math.max(...totals) };
  }
  return { problems, bounds, maxSteps };
}
