import { assign, setup } from "xstate";
import type { ScenarioChoice, ScenarioFile, Scores } from "./schema";

// one compiler turns a scenario into an xstate machine: nodes are states, endings are final
// states, choices are CHOOSE transitions whose conditions are guards. context holds the
// per-skill scores, the transcript (node and choice ids) and the visited nodes.

export type RoleplayContext = {
  scenarioHash: string;
  scores: Record<string, number>;
  transcript: { node: string; choice: string }[];
  visited: string[];
};

export type RoleplayEvent = { type: "CHOOSE"; choice: string };

type ChoiceParams = { choice: ScenarioChoice };

export function conditionHolds(
  when: ScenarioChoice["when"],
  ctx: Pick<RoleplayContext, "scores" | "visited">,
) {
  if (!when) return true;
  for (const [skill, min] of Object.entries(when.minScore ?? {})) {
    if ((ctx.scores[skill] ?? 0) < (min as number)) return false;
  }
  if (when.visited && !when.visited.every((n) => ctx.visited.includes(n))) return false;
  if (when.notVisited && when.notVisited.some((n) => ctx.visited.includes(n))) return false;
  return true;
}

/** the effect of a choice on the context: the one implementation, used by the machine's action */
export function applyChoice(context: RoleplayContext, node: string, choice: ScenarioChoice): RoleplayContext {
  const scores = { ...context.scores };
  for (const [skill, delta] of Object.entries(choice.scores as Scores)) {
    scores[skill] = (scores[skill] ?? 0) + (delta ?? 0);
  }
  const next = choice.next;
  return {
    ...context,
    scores,
    transcript: [...context.transcript, { node, choice: choice.id }],
    visited: context.visited.includes(next) ? context.visited : [...context.visited, next],
  };
}

export function compileScenario(
  scenario: Pick<ScenarioFile, "start" | "nodes" | "skills"> & { hash: string },
) {
  const states: Record<string, object> = {};
  for (const [id, node] of Object.entries(scenario.nodes)) {
    if (node.ending) {
      states[id] = { type: "final" };
      continue;
    }
    states[id] = {
      on: {
        CHOOSE: (node.choices ?? []).map((choice) => ({
          guard: { type: "offered", params: { choice } },
          target: choice.next,
          actions: [{ type: "apply", params: { node: id, choice } }],
        })),
      },
    };
  }
  return setup({
    types: {
      context: {} as RoleplayContext,
      events: {} as RoleplayEvent,
    },
    guards: {
      offered: ({ context, event }, params: ChoiceParams) =>
        event.choice === params.choice.id && conditionHolds(params.choice.when, context),
    },
    actions: {
      apply: assign(({ context }, params: ChoiceParams & { node: string }) =>
        applyChoice(context, params.node, params.choice),
      ),
    },
  }).createMachine({
    id: "roleplay",
    initial: scenario.start,
    context: {
      scenarioHash: scenario.hash,
      scores: Object.fromEntries(scenario.skills.map((s) => [s, 0])),
      transcript: [],
      visited: [scenario.start],
    },
    // the states object is built from the scenario; xstate checks targets when creating it
    states: states as never,
  });
}

export type ScenarioMachine = ReturnType<typeof compileScenario>;
