import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createActor, getInitialSnapshot } from "xstate";
import { parse } from "yaml";
import { loadCourses } from "~/courses/loader.server";
import { analyseScenario, offeredChoices } from "./analyse";
import { compileScenario } from "./scenario.machine";
import { scenarioSchema, type ScenarioDefinition, type ScenarioFile } from "./schema";

const FIXTURE = path.resolve("tests/fixtures/courses/valid/demo-course/conversation/first-meeting.yaml");
const fixture = (): ScenarioFile => scenarioSchema.parse(parse(readFileSync(FIXTURE, "utf8")));

function play(s: ScenarioFile, choices: string[]) {
  const actor = createActor(compileScenario({ ...s, hash: "h" }));
  actor.start();
  for (const choice of choices) actor.send({ type: "CHOOSE", choice });
  return actor;
}

/** mulberry32: a small seeded generator, so the property tests are repeatable */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("scenario compiler", () => {
  it("compiles the fixture: choices move between nodes and score skills", () => {
    const actor = play(fixture(), ["open"]);
    expect(actor.getSnapshot().value).toBe("opens-up");
    expect(actor.getSnapshot().context.scores).toEqual({ questioning: 2, active_listening: 0 });
    expect(actor.getSnapshot().context.transcript).toEqual([{ node: "opening", choice: "open" }]);
    expect(actor.getSnapshot().context.visited).toEqual(["opening", "opens-up"]);
  });

  it("conditional choices are guards: 'deepen' is offered only after an open question", () => {
    const s = fixture();
    const machine = compileScenario({ ...s, hash: "h" });
    const viaOpen = play(s, ["open"]).getSnapshot();
    const viaClosed = play(s, ["closed", "reflect"]).getSnapshot();
    expect(offeredChoices(machine, s, viaOpen).map((c) => c.choice)).toEqual([
      "summarise",
      "reassure",
      "deepen",
    ]);
    expect(offeredChoices(machine, s, viaClosed).map((c) => c.choice)).toEqual(["summarise", "reassure"]);
    const actor = play(s, ["closed", "reflect", "deepen"]);
    expect(actor.getSnapshot().value).toBe("opens-up"); // refused: nothing changed
    expect(actor.getSnapshot().context.transcript).toHaveLength(2);
  });

  it("endings are final states and ignore further choices", () => {
    const actor = play(fixture(), ["open", "deepen", "summarise"]);
    expect(actor.getSnapshot().status).toBe("done");
    expect(actor.getSnapshot().value).toBe("heard");
    expect(actor.getSnapshot().context.scores).toEqual({ questioning: 4, active_listening: 0 });
  });

  it("a choice id that does not exist changes nothing", () => {
    const actor = play(fixture(), ["made-up", "heard"]);
    expect(actor.getSnapshot().value).toBe("opening");
  });

  it("persist -> restore -> continue gives the same result as playing straight through", () => {
    const s = fixture();
    const machine = compileScenario({ ...s, hash: "h" });
    const path = ["closed", "reflect", "summarise"];
    const straight = play(s, path).getSnapshot();
    let persisted = JSON.stringify(createActor(machine).getPersistedSnapshot());
    for (const choice of path) {
      const actor = createActor(machine, { snapshot: JSON.parse(persisted) });
      actor.start();
      actor.send({ type: "CHOOSE", choice });
      persisted = JSON.stringify(actor.getPersistedSnapshot());
      actor.stop();
    }
    const restored = createActor(machine, { snapshot: JSON.parse(persisted) });
    restored.start();
    expect(restored.getSnapshot().value).toEqual(straight.value);
    expect(restored.getSnapshot().status).toBe("done");
    expect(restored.getSnapshot().context).toEqual(straight.context);
  });
});

describe("scenario validation", () => {
  const edit = (change: (s: ScenarioFile) => void) => {
    const s = fixture();
    change(s);
    return analyseScenario(s);
  };

  it("the fixture is valid and its score bounds are known", () => {
    const a = analyseScenario(fixture());
    expect(a.problems).toEqual([]);
    expect(a.bounds).toEqual({ questioning: { min: -1, max: 4 }, active_listening: { min: -2, max: 4 } });
    expect(a.maxSteps).toBe(5);
  });

  it("reports an unreachable node", () => {
    const a = edit((s) => {
      s.nodes.orphan = {
        mentee: "Nobody asks me anything.",
        ending: { result: "good", outcome: "o", modelAnswer: "m" },
      };
    });
    expect(a.problems).toEqual([
      { node: "orphan", message: 'node "orphan" cannot be reached from "opening"' },
    ]);
  });

  it("reports a dead end: a reachable moment where no choice is offered", () => {
    const a = edit((s) => {
      for (const c of s.nodes.guarded!.choices!) c.when = { minScore: { questioning: 1 } };
    });
    expect(a.problems).toEqual([
      {
        node: "guarded",
        message:
          'dead end at node "guarded": no choice is offered when the scores are questioning -1, active_listening 0 after visiting opening, guarded',
      },
    ]);
  });

  it("reports a choice that goes to a missing node", () => {
    const a = edit((s) => {
      s.nodes.guarded!.choices![0]!.next = "nowhere";
    });
    expect(a.problems).toEqual([
      {
        node: "guarded",
        message: 'choice "reflect" in node "guarded" goes to "nowhere", which does not exist',
      },
    ]);
  });

  it("reports an unbounded loop, with the path that loops", () => {
    const a = edit((s) => {
      s.nodes.guarded!.choices![0]!.next = "guarded"; // reflecting forever, gaining points each time
    });
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]!.node).toBe("guarded");
    expect(a.problems[0]!.message).toMatch(
      /^the conversation can loop: opening → guarded → guarded → .* every path must end$/,
    );
  });

  it("reports a loop in which nothing changes", () => {
    const a = edit((s) => {
      s.nodes.guarded!.choices![1]!.next = "opening";
      s.nodes.guarded!.choices![1]!.scores = {};
      s.nodes.opening!.choices![1]!.scores = {};
    });
    expect(a.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^the conversation can loop: guarded → opening → guarded without ever reaching an ending/,
      ),
    ]);
  });

  it("reports scores for skills the scenario does not assess, and nodes with both choices and an ending", () => {
    const a = edit((s) => {
      s.nodes.opening!.choices![0]!.scores = { coaching: 1 };
      s.nodes.heard!.choices = [{ id: "x", say: "x", next: "missed", scores: {}, feedback: "f" }];
    });
    expect(a.problems.map((p) => p.node)).toEqual(["opening", "heard"]);
  });

  it("reports problems in the file, at the node, through the course loader", async () => {
    const { cpSync, mkdirSync, writeFileSync } = await import("node:fs");
    const root = path.resolve("tests/.tmp", `scenario-${process.pid}-${Date.now()}`);
    mkdirSync(root, { recursive: true });
    cpSync("tests/fixtures/courses/valid", root, { recursive: true });
    const file = path.join(root, "demo-course", "conversation", "first-meeting.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "next: missed\n        scores: { active_listening: -2 }",
        "next: nowhere\n        scores: { active_listening: -2 }",
      ),
    );
    const { problems } = await loadCourses(root);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(problems).toEqual([
      {
        file: path.relative(process.cwd(), file),
        line: lines.findIndex((l) => l.startsWith("  guarded:")) + 1,
        column: 3,
        message: 'choice "move-on" in node "guarded" goes to "nowhere", which does not exist',
      },
    ]);
  });
});

describe("every scenario, walked at random", () => {
  it("1,000 random walks per scenario always reach an ending within maxSteps, with scores inside the bounds", async () => {
    const scenarios: { name: string; s: ScenarioDefinition }[] = [];
    for (const root of ["courses", "tests/fixtures/courses/valid"]) {
      const { courses, problems } = await loadCourses(path.resolve(root));
      expect(problems).toEqual([]);
      for (const c of courses)
        for (const m of c.modules)
          for (const a of m.activities)
            if (a.kind === "roleplay")
              scenarios.push({ name: `${c.id}/${a.id}`, s: a.content as ScenarioDefinition });
    }
    expect(scenarios.length).toBeGreaterThan(0);
    const next = random(20261125);
    for (const { name, s } of scenarios) {
      const machine = compileScenario(s);
      for (let walk = 0; walk < 1000; walk++) {
        let snap = getInitialSnapshot(machine, undefined as never);
        let steps = 0;
        while (snap.status !== "done") {
          const offered = offeredChoices(machine, s, snap);
          expect(offered.length, `${name}: stuck at ${String(snap.value)}`).toBeGreaterThan(0);
          snap = offered[Math.floor(next() * offered.length)]!.next;
          steps++;
          expect(steps, `${name}: walk ${walk} too long`).toBeLessThanOrEqual(s.maxSteps);
        }
        for (const skill of s.skills) {
          const score = snap.context.scores[skill] ?? 0;
          expect(score).toBeGreaterThanOrEqual(s.bounds[skill]!.min);
          expect(score).toBeLessThanOrEqual(s.bounds[skill]!.max);
        }
      }
    }
  });
});
