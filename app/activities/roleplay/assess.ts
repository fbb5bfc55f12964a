import { initialMoment, keyOf, stepsFrom, type Moment } from "./analyse";
import type { ScenarioMachine } from "./scenario.machine";
import type { EndingResult, ScenarioFile, Scores } from "./schema";

// does a scenario assess anything? walks every complete conversation of a (valid, loop-free)
// scenario and counts the ones that pass: an allowed ending, the skill minimums and no
// critical reply. also plays the cheats a test-wise learner or a script would use (a reply at
// random, always the longest reply) and finds the best conversation, shown as a replay after
// an attempt.

export type PassRule = { minScores: Scores; allowedEndings: readonly EndingResult[] };

type Tally = {
  /** complete conversations from here */
  total: number;
  passing: number;
  /** passing and ending well: what the best replies lead to */
  passingGood: number;
  /** the chance that a reply picked at random at every step passes */
  randomPass: number;
  byResult: Record<EndingResult, { total: number; passing: number }>;
  /** the highest-scoring passing conversation that ends well, from here */
  best: { total: number; path: { node: string; choice: string }[] } | null;
};

export type PathAssessment = {
  total: number;
  passing: number;
  randomPass: number;
  byResult: Record<EndingResult, { total: number; passing: number }>;
  /** always choosing the longest reply on offer (ties: the first written) */
  longest: { passes: boolean; ending: string; result: EndingResult | null };
  /** replies offered only above a running score that lie on a conversation that passes and ends well */
  gatedOnPassingPaths: { node: string; choice: string; minScore: Scores }[];
  /** decision points (nodes with two replies or more) where the longest reply scores best */
  longestIsBest: { points: number; longest: number; nodes: string[] };
  bestPath: { node: string; choice: string }[] | null;
};

const emptyByResult = () => ({
  good: { total: 0, passing: 0 },
  partial: { total: 0, passing: 0 },
  harmful: { total: 0, passing: 0 },
});

const sumScores = (scores: Record<string, number>) => Object.values(scores).reduce((a, b) => a + b, 0);

export function passesAt(
  s: Pick<ScenarioFile, "nodes">,
  rule: PassRule,
  final: Moment,
  critical: boolean,
): { passes: boolean; result: EndingResult | null } {
  const result = s.nodes[final.value]?.ending?.result ?? null;
  const allowed = result === null || rule.allowedEndings.includes(result);
  const minimums = Object.entries(rule.minScores).every(
    ([skill, min]) => (final.context.scores[skill] ?? 0) >= (min as number),
  );
  return { passes: allowed && minimums && !critical, result };
}

export function assessPaths(
  s: Pick<ScenarioFile, "nodes">,
  machine: ScenarioMachine,
  rule: PassRule,
): PathAssessment {
  const memo = new Map<string, Tally>();
  const gated = new Map<string, { node: string; choice: string; minScore: Scores }>();

  const walk = (m: Moment, critical: boolean): Tally => {
    const key = `${keyOf(m)}|${critical}`;
    const known = memo.get(key);
    if (known) return known;
    let tally: Tally;
    if (m.done) {
      const { passes, result } = passesAt(s, rule, m, critical);
      const byResult = emptyByResult();
      if (result) {
        byResult[result].total = 1;
        byResult[result].passing = passes ? 1 : 0;
      }
      const good = passes && (result === null || result === "good");
      tally = {
        total: 1,
        passing: passes ? 1 : 0,
        passingGood: good ? 1 : 0,
        randomPass: passes ? 1 : 0,
        byResult,
        best: good ? { total: sumScores(m.context.scores), path: [] } : null,
      };
    } else {
      const steps = stepsFrom(machine, m);
      tally = { total: 0, passing: 0, passingGood: 0, randomPass: 0, byResult: emptyByResult(), best: null };
      for (const step of steps) {
        const child = walk(step, critical || Boolean(step.choice.critical));
        tally.total += child.total;
        tally.passing += child.passing;
        tally.passingGood += child.passingGood;
        tally.randomPass += child.randomPass / steps.length;
        for (const r of Object.keys(tally.byResult) as EndingResult[]) {
          tally.byResult[r].total += child.byResult[r].total;
          tally.byResult[r].passing += child.byResult[r].passing;
        }
        if (child.best && (!tally.best || child.best.total > tally.best.total)) {
          tally.best = {
            total: child.best.total,
            path: [{ node: m.value, choice: step.choice.id }, ...child.best.path],
          };
        }
        if (step.choice.when?.minScore && child.passingGood > 0) {
          gated.set(`${m.value}/${step.choice.id}`, {
            node: m.value,
            choice: step.choice.id,
            minScore: step.choice.when.minScore as Scores,
          });
        }
      }
    }
    memo.set(key, tally);
    return tally;
  };

  const initial = initialMoment(machine);
  const all = walk(initial, false);

  // the script that always clicks the longest reply
  let m = initial;
  let critical = false;
  for (let guard = 0; !m.done && guard < 500; guard++) {
    const steps = stepsFrom(machine, m);
    const pick = steps.reduce((a, b) => (b.choice.say.length > a.choice.say.length ? b : a));
    critical ||= Boolean(pick.choice.critical);
    m = pick;
  }
  const longestRun = passesAt(s, rule, m, critical);

  // the test-wise learner's rule of thumb, per decision point as written
  const points: string[] = [];
  const longestBest: string[] = [];
  for (const [id, node] of Object.entries(s.nodes)) {
    const choices = node.choices ?? [];
    if (choices.length < 2) continue;
    points.push(id);
    const value = (c: (typeof choices)[number]) => sumScores(c.scores as Record<string, number>);
    const top = Math.max(...choices.map(value));
    const longest = choices.reduce((a, b) => (b.say.length > a.say.length ? b : a));
    const unique = choices.filter((c) => c.say.length === longest.say.length).length === 1;
    if (unique && value(longest) === top && choices.some((c) => value(c) < top)) longestBest.push(id);
  }

  return {
    total: all.total,
    passing: all.passing,
    randomPass: all.randomPass,
    byResult: all.byResult,
    longest: { passes: longestRun.passes, ending: m.value, result: longestRun.result },
    gatedOnPassingPaths: [...gated.values()],
    longestIsBest: { points: points.length, longest: longestBest.length, nodes: longestBest },
    bestPath: all.best?.path ?? null,
  };
}
