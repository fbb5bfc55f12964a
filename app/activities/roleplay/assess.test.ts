import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCourses } from "~/courses/loader.server";
import { assessPaths, type PassRule } from "./assess";
import { attemptPasses, endingReached } from "./roleplay.server";
import { compileScenario } from "./scenario.machine";
import { scenarioSchema, type ScenarioDefinition, type ScenarioFile } from "./schema";

// the fixture's six complete conversations (questioning, active listening):
//   open, summarise → heard (good)          q 3, al 2
//   open, reassure → missed (partial)       q 2, al -1
//   open, deepen → heard (good)             q 4, al 0   (deepen only when questioning ≥ 2)
//   closed, reflect, summarise → heard      q 0, al 4
//   closed, reflect, reassure → missed      q -1, al 1
//   closed, move-on → missed                q -1, al -2
const FIXTURE_DIR = path.resolve("tests/fixtures/courses/valid");
const SCENARIO = "demo-course/conversation/first-meeting.yaml";
const fixture = (): ScenarioFile =>
  scenarioSchema.parse(parse(readFileSync(path.join(FIXTURE_DIR, SCENARIO), "utf8")));
const assess = (s: ScenarioFile, rule: Partial<PassRule> = {}) =>
  assessPaths(s, compileScenario({ ...s, hash: "t" }), {
    minScores: { questioning: 2 },
    allowedEndings: ["good", "partial"],
    ...rule,
  });

describe("every complete conversation, counted", () => {
  it("counts the conversations that pass, by ending, and what a reply at random achieves", () => {
    const a = assess(fixture());
    expect(a.total).toBe(6);
    expect(a.passing).toBe(3);
    expect(a.byResult).toEqual({
      good: { total: 3, passing: 2 },
      partial: { total: 3, passing: 1 },
      harmful: { total: 0, passing: 0 },
    });
    // the opening choice decides: half the time at random, then every reply passes
    expect(a.randomPass).toBeCloseTo(0.5);
  });

  it("an ending the module does not allow never passes", () => {
    const a = assess(fixture(), { allowedEndings: ["good"] });
    expect(a.passing).toBe(2);
    expect(a.randomPass).toBeCloseTo(1 / 3);
  });

  it("a critical reply takes every conversation through it out of the passing ones", () => {
    const s = fixture();
    s.nodes["opens-up"]!.choices!.find((c) => c.id === "reassure")!.critical = {
      category: "boundaries",
      why: "Reassurance shuts the subject.",
      instead: "Stay with what Sam said.",
    };
    expect(assess(s).passing).toBe(2);
  });

  it("the best conversation is the highest-scoring one that passes and ends well", () => {
    expect(assess(fixture()).bestPath).toEqual([
      { node: "opening", choice: "open" },
      { node: "opens-up", choice: "summarise" },
    ]);
  });

  it("plays the script that always picks the longest reply", () => {
    const a = assess(fixture());
    expect(a.longest).toEqual({ passes: true, ending: "heard", result: "good" });
    const s = fixture();
    s.nodes.opening!.choices!.find((c) => c.id === "closed")!.say =
      "Is it about the night shifts, which I know from my own training can be very hard on everyone?";
    // then at "guarded" the longest is changing the subject
    expect(assess(s).longest).toEqual({ passes: false, ending: "missed", result: "partial" });
  });

  it("finds good replies offered only above a running score, and longest-is-best decision points", () => {
    const a = assess(fixture());
    expect(a.gatedOnPassingPaths).toEqual([
      { node: "opens-up", choice: "deepen", minScore: { questioning: 2 } },
    ]);
    expect(a.longestIsBest).toEqual({ points: 3, longest: 2, nodes: ["opening", "opens-up"] });
  });
});

describe("completion needs an allowed ending", () => {
  const definition = (allowedEndings?: ScenarioDefinition["allowedEndings"]) =>
    ({ ...fixture(), minScores: { questioning: 2 }, allowedEndings }) as unknown as ScenarioDefinition;
  const reassure = {
    scores: { questioning: 2, active_listening: -1 },
    transcript: [
      { node: "opening", choice: "open" },
      { node: "opens-up", choice: "reassure" },
    ],
  };
  it("reads the ending from the last reply", () => {
    expect(endingReached(definition(), reassure)).toEqual({ node: "missed", result: "partial" });
    expect(endingReached(definition(), { transcript: reassure.transcript.slice(0, 1) })).toBeNull();
  });
  it("passes at an allowed ending only; versions compiled before ending results allow any", () => {
    expect(attemptPasses(definition(["good", "partial"]), reassure)).toBe(true);
    expect(attemptPasses(definition(["good"]), reassure)).toBe(false);
    expect(attemptPasses(definition(undefined), reassure)).toBe(true);
  });
});

describe("courses:check on a scenario", () => {
  function copy(edit: (files: { module: string; scenario: string }) => { module: string; scenario: string }) {
    const root = path.resolve("tests/.tmp", `assess-${process.pid}-${Date.now()}-${Math.random()}`);
    mkdirSync(root, { recursive: true });
    cpSync(FIXTURE_DIR, root, { recursive: true });
    const moduleFile = path.join(root, "demo-course/conversation/module.yaml");
    const scenarioFile = path.join(root, SCENARIO);
    const out = edit({
      module: readFileSync(moduleFile, "utf8"),
      scenario: readFileSync(scenarioFile, "utf8"),
    });
    writeFileSync(moduleFile, out.module);
    writeFileSync(scenarioFile, out.scenario);
    return { root, moduleFile, scenarioFile };
  }

  it("reports the pass rate and warns about a good reply hidden behind a score", async () => {
    const { courses, problems, findings } = await loadCourses(FIXTURE_DIR);
    expect(problems).toEqual([]);
    const mine = findings.filter((f) => f.file.endsWith(SCENARIO));
    expect(mine.find((f) => f.check === "pass-rate")?.message).toBe(
      "A first meeting with Sam: 3 of 6 complete conversations pass (50%; by ending good 2/3, partial 1/3); replies picked at random pass 50%; always the longest reply passes (ends at heard, good)",
    );
    const gated = mine.find((f) => f.check === "gated-best-reply")!;
    expect(gated.message).toMatch(
      /reply "deepen" in node "opens-up" leads to a good ending but is offered only when questioning ≥ 2/,
    );
    expect(gated.line).toBe(
      readFileSync(path.join(FIXTURE_DIR, SCENARIO), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("minScore:")) + 1,
    );
    expect(mine.find((f) => f.check === "longest-reply-passes")).toBeDefined();
    const s = courses[0]!.modules
      .find((m) => m.id === "conversation")!
      .activities.find((a) => a.kind === "roleplay")!.content as ScenarioDefinition;
    expect(s.allowedEndings).toEqual(["good", "partial"]);
    expect(s.bestPath).toEqual([
      { node: "opening", choice: "open" },
      { node: "opens-up", choice: "summarise" },
    ]);
  });

  it("keeps a warning the author waived with a reason", async () => {
    const { root } = copy((f) => ({
      ...f,
      scenario: `${f.scenario}\nwaivers:\n  - check: gated-best-reply\n    subject: opens-up/deepen\n    reason: Deepening only makes sense once Sam has been asked an open question.\n`,
    }));
    const { findings, problems } = await loadCourses(root);
    expect(problems).toEqual([]);
    const gated = findings.find((f) => f.check === "gated-best-reply")!;
    expect(gated.waived).toBe("Deepening only makes sense once Sam has been asked an open question.");
  });

  it("refuses a module that lets a harmful ending complete, and a scenario nobody can pass", async () => {
    const harmful = copy((f) => ({
      ...f,
      module: f.module.replace("      minScores:", "      endings: [good, harmful]\n      minScores:"),
    }));
    const a = await loadCourses(harmful.root);
    expect(a.problems.map((p) => p.message)).toEqual([
      "completion allows a harmful ending: a conversation that leaves the mentee worse off can never complete a role-play; allow good and partial endings only",
    ]);
    const impossible = copy((f) => ({
      scenario: f.scenario.replace(
        "feedback: An open question lets Sam set the agenda.",
        "feedback: An open question lets Sam set the agenda.\n        critical: { category: boundaries, why: test why, instead: test instead }",
      ),
      module: f.module.replace("      minScores:", "      endings: [good]\n      minScores:"),
    }));
    const b = await loadCourses(impossible.root);
    expect(b.problems.map((p) => p.message)).toEqual([
      "no complete conversation in first-meeting.yaml passes: it needs an ending that is good, questioning 2 and no critical reply",
    ]);
  });
});
