import { describe, expect, it } from "vitest";
import { initialMoment, stepsFrom, type Moment } from "~/activities/roleplay/analyse";
import { choiceKey, machineFor } from "~/activities/roleplay/rules";
import { correctAnswers, realModule } from "../../../../tests/setup/scorm-export";
import { decodeState, emptyState, encodeState, type QuizState, type RoleplayState } from "../state";
import { ModuleSession, type ExportedModule } from "./engine";

// the exported module's engine plays the platform's rules in the browser: these drive it as
// the player's forms do, over the real course's "questioning" module

function form(fields: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
}

function session(m: ExportedModule, start = Date.UTC(2026, 11, 5, 9)) {
  let now = start;
  const s = new ModuleSession(
    m,
    emptyState(
      m.stateHash,
      m.activities.map((a) => a.kind),
    ),
    () => now,
  );
  return { s, tick: (seconds: number) => (now += seconds * 1000) };
}

const ids = (m: ExportedModule, kind: string) => m.activities.filter((a) => a.kind === kind).map((a) => a.id);

function readAll(s: ModuleSession, m: ExportedModule, tick: (n: number) => void) {
  for (const id of ids(m, "lesson")) {
    s.view({ name: "activity", id, section: null });
    tick(400);
    expect(s.act(id, form([["intent", "complete"]]))).toHaveProperty("redirect");
  }
}

function quizOf(m: ExportedModule) {
  return m.activities.find((a) => a.kind === "quiz")! as Extract<
    ExportedModule["activities"][number],
    { kind: "quiz" }
  >;
}

function takeQuiz(s: ModuleSession, m: ExportedModule, right: boolean, tick: (n: number) => void) {
  const quiz = quizOf(m);
  const start = s.act(
    quiz.id,
    form([
      [
        "intent",
        s.state.activities[m.activities.indexOf(quiz)]!.kind === "quiz" &&
        (s.state.activities[m.activities.indexOf(quiz)] as QuizState).graded > 0
          ? "retry"
          : "start",
      ],
    ]),
  );
  expect(start).toEqual({ redirect: `#/a/${quiz.id}` });
  const st = s.state.activities[m.activities.indexOf(quiz)] as QuizState;
  const open = st.open!;
  const qids = open.questions.map((i) => quiz.content.questions[i]!.id);
  let fields = correctAnswers(quiz.content, qids, open.seed);
  if (!right) {
    // every single-answer question answered with a wrong option
    const wrong = new Set(fields.map(([k]) => k));
    fields = [];
    for (const id of qids) {
      const q = quiz.content.questions.find((x) => x.id === id)!;
      if (q.kind === "single" || q.kind === "multiple") {
        const o = q.options.find((x) => !x.correct)!;
        const page = s.view({ name: "activity", id: quiz.id, section: null });
        const pq = page.kind === "quiz" ? page.data.open!.questions.find((x) => x.id === id)! : null;
        const key = pq && "options" in pq ? pq.options.find((x) => x.text === o.text)!.key : "";
        fields.push([`q.${id}`, key]);
      } else fields.push(...correctAnswers(quiz.content, [id], open.seed));
    }
    expect(wrong.size).toBeGreaterThan(0);
  }
  tick(600);
  return s.act(
    quiz.id,
    form([["intent", "submit"], ["attemptId", String(open.number)], ["version", "0"], ...fields]),
  );
}

function playPath(
  s: ModuleSession,
  m: ExportedModule,
  id: string,
  steps: { node: string; choice: string }[],
  tick: (n: number) => void,
) {
  const i = m.activities.findIndex((a) => a.id === id);
  expect(s.act(id, form([["intent", "start"]]))).toEqual({ redirect: `#/a/${id}` });
  for (const step of steps) {
    const cur = (s.state.activities[i] as RoleplayState).current!;
    tick(120);
    const r = s.act(
      id,
      form([
        ["intent", "choose"],
        ["attemptId", String(cur.number)],
        ["version", String(cur.path.length)],
        ["choice", choiceKey({ id: String(cur.number), seed: cur.seed }, step.node, step.choice)],
      ]),
    );
    expect(r).toEqual({ redirect: `#/a/${id}` });
  }
}

describe("the exported module's engine", () => {
  it("completes a module as the platform does: lessons, a passed quiz and both role-plays", async () => {
    const m = await realModule("questioning");
    const { s, tick } = session(m);
    const quiz = quizOf(m);
    const refused = s.act(quiz.id, form([["intent", "start"]]));
    expect(refused).toMatchObject({ status: 409 });
    expect(JSON.stringify(refused)).toContain("read each one before you start it");
    readAll(s, m, tick);
    expect(s.report()).toMatchObject({ completed: false, success: "unknown", score: null });
    expect(takeQuiz(s, m, true, tick)).toEqual({ redirect: `#/a/${quiz.id}/attempts/1` });
    expect(s.report()).toMatchObject({ completed: false, success: "unknown", score: 100 });
    const results = s.view({ name: "attempt", id: quiz.id, number: 1 });
    expect(results.kind === "results" && "revealed" in results.data && results.data.revealed).toBe(true);
    for (const a of m.activities.filter((x) => x.kind === "roleplay")) {
      if (a.kind !== "roleplay") continue;
      playPath(s, m, a.id, a.content.bestPath!, tick);
      const page = s.view({ name: "activity", id: a.id, section: null });
      expect(page.kind === "roleplay" && page.data.attempt?.debrief?.passed).toBe(true);
    }
    expect(s.report()).toEqual({ completed: true, success: "passed", score: 100, progress: 1 });
  });

  it("after two quiz attempts that do not pass, asks for the lessons again, and the next draw asks mostly new questions", async () => {
    const m = await realModule("questioning");
    const { s, tick } = session(m);
    const quiz = quizOf(m);
    const qi = m.activities.indexOf(quiz);
    readAll(s, m, tick);
    takeQuiz(s, m, false, tick);
    const first = (s.state.activities[qi] as QuizState).last!.questions;
    // a learner who may try again has not failed
    expect(s.report().success).toBe("unknown");
    takeQuiz(s, m, false, tick);
    const second = (s.state.activities[qi] as QuizState).last!.questions;
    expect(second.filter((q) => first.includes(q)).length).toBeLessThan(first.length / 2);
    const refused = s.act(quiz.id, form([["intent", "retry"]]));
    expect(JSON.stringify(refused)).toContain("Read the module's lessons again");
    const page = s.view({ name: "activity", id: quiz.id, section: null });
    expect(page.kind === "quiz" && page.data.retake.kind).toBe("revisit");
    tick(60);
    readAll(s, m, tick);
    expect(takeQuiz(s, m, true, tick)).toEqual({ redirect: `#/a/${quiz.id}/attempts/3` });
    // a passed quiz is not taken again
    expect(JSON.stringify(s.act(quiz.id, form([["intent", "retry"]])))).toContain(
      "You have passed this quiz",
    );
  });

  it("keeps the answers of an attempt unmarked until the quiz is passed", async () => {
    const m = await realModule("questioning");
    const { s, tick } = session(m);
    const quiz = quizOf(m);
    readAll(s, m, tick);
    takeQuiz(s, m, false, tick);
    const results = s.view({ name: "attempt", id: quiz.id, number: 1 });
    if (results.kind !== "results" || !("revealed" in results.data)) throw new Error("no results");
    expect(results.data.revealed).toBe(false);
    expect(
      results.data.questions.every((q) => q.options.every((o) => !o.correct && o.explanation === null)),
    ).toBe(true);
    expect(results.data.lostOn.length).toBeGreaterThan(0);
  });

  it("does not complete a role-play whose conversation includes a critical reply", async () => {
    const m = await realModule("challenging");
    const { s, tick } = session(m);
    readAll(s, m, tick);
    // a conversation that reaches a critical reply: searched through the compiled machine
    const found = m.activities.flatMap((a) => {
      if (a.kind !== "roleplay") return [];
      const machine = machineFor(a.content);
      const search = (at: Moment, path: { node: string; choice: string }[]): typeof path | null => {
        for (const step of stepsFrom(machine, at)) {
          const here = [...path, { node: at.value, choice: step.choice.id }];
          if (step.choice.critical) return here;
          if (!step.done) {
            const deeper = search(step, here);
            if (deeper) return deeper;
          }
        }
        return null;
      };
      const path = search(initialMoment(machine), []);
      return path ? [{ a, path }] : [];
    })[0]!;
    expect(found).toBeDefined();
    playPath(s, m, found.a.id, found.path, tick);
    const i = m.activities.indexOf(found.a);
    for (let guard = 0; guard < 50; guard++) {
      const st = s.state.activities[i] as RoleplayState;
      if (st.current!.ended) break;
      const page = s.view({ name: "activity", id: found.a.id, section: null });
      if (page.kind !== "roleplay") throw new Error("not a role-play");
      tick(120);
      s.act(
        found.a.id,
        form([
          ["intent", "choose"],
          ["attemptId", String(st.current!.number)],
          ["version", String(st.current!.path.length)],
          ["choice", page.data.attempt!.current!.choices[0]!.key],
        ]),
      );
    }
    const page = s.view({ name: "activity", id: found.a.id, section: null });
    if (page.kind !== "roleplay") throw new Error("not a role-play");
    expect(page.data.attempt!.debrief!.passed).toBe(false);
    expect(page.data.attempt!.debrief!.criticalErrors.length).toBeGreaterThan(0);
    expect(s.status(found.a).state).toBe("in_progress");
  });

  it("refuses answers sent sooner than they can be read, and keeps them", async () => {
    const m = await realModule("questioning", { readingWpm: 500, lessonReadFraction: 0.5 });
    const { s, tick } = session(m);
    const lesson = ids(m, "lesson")[0]!;
    s.view({ name: "activity", id: lesson, section: null });
    tick(5);
    expect(JSON.stringify(s.act(lesson, form([["intent", "complete"]])))).toContain(
      "Take time to read the lesson",
    );
    tick(400);
    expect(s.act(lesson, form([["intent", "complete"]]))).toHaveProperty("redirect");
    readAll(s, m, tick);
    const quiz = quizOf(m);
    s.act(quiz.id, form([["intent", "start"]]));
    const open = (s.state.activities[m.activities.indexOf(quiz)] as QuizState).open!;
    const fields = correctAnswers(
      quiz.content,
      open.questions.map((i) => quiz.content.questions[i]!.id),
      open.seed,
    );
    tick(3);
    const early = s.act(
      quiz.id,
      form([["intent", "submit"], ["attemptId", String(open.number)], ["version", "0"], ...fields]),
    );
    expect(early).toMatchObject({ status: 400 });
    expect(JSON.stringify(early)).toContain("sooner than its questions can be read");
    // the first question's answers come back as sent: one for a single choice, each box ticked
    // for a multiple choice (the attempt's seed is new each run, so either may come first)
    const first = fields[0]![0];
    expect((early as unknown as { data: { values: Record<string, string[]> } }).data.values[first]).toEqual(
      fields.filter(([name]) => name === first).map(([, value]) => value),
    );
    expect((s.state.activities[m.activities.indexOf(quiz)] as QuizState).graded).toBe(0);
  });

  it("resumes from suspend data exactly where the learner was, with the same reply order", async () => {
    const m = await realModule("questioning");
    const { s, tick } = session(m);
    readAll(s, m, tick);
    const rp = m.activities.find((a) => a.kind === "roleplay")!;
    if (rp.kind !== "roleplay") throw new Error("no role-play");
    playPath(s, m, rp.id, rp.content.bestPath!.slice(0, 2), tick);
    const before = s.view({ name: "activity", id: rp.id, section: null });
    const text = encodeState(s.state);
    const back = decodeState(text, { hash: m.stateHash, kinds: m.activities.map((a) => a.kind) });
    const again = new ModuleSession(m, back.state!, () => Date.UTC(2026, 11, 6));
    const after = again.view({ name: "activity", id: rp.id, section: null });
    expect(after).toEqual(before);
    expect(again.statuses()).toEqual(s.statuses());
  });

  it("shuffles the options of each attempt by its own seed", async () => {
    const m = await realModule("questioning");
    const quiz = quizOf(m);
    const orders = new Set<string>();
    for (let n = 0; n < 4; n++) {
      const { s, tick } = session(m);
      readAll(s, m, tick);
      s.act(quiz.id, form([["intent", "start"]]));
      const page = s.view({ name: "activity", id: quiz.id, section: null });
      if (page.kind !== "quiz") throw new Error("not a quiz");
      orders.add(
        JSON.stringify(
          page.data.open!.questions.map((q) => ("options" in q ? q.options.map((o) => o.text) : q.id)),
        ),
      );
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});
