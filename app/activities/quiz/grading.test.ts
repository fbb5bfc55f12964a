import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { readAnswers } from "./answers";
import { gradeQuiz } from "./grading";
import { optionKey, presentQuestions, shuffle } from "./present";
import { createQuizMachine } from "./quiz.machine";
import { feedback, outcomesLost } from "./results";
import type { Answer, Answers, Question, QuizDefinition } from "./schema";

const questions: Question[] = [
  {
    id: "single",
    kind: "single",
    prompt: "Pick A",
    options: [
      { id: "a", text: "A", correct: true, explanation: "A is right" },
      { id: "b", text: "B", correct: false },
      { id: "c", text: "C", correct: false },
    ],
  },
  {
    id: "multi",
    kind: "multiple",
    prompt: "Pick A and B",
    options: [
      { id: "a", text: "A", correct: true },
      { id: "b", text: "B", correct: true },
      { id: "c", text: "C", correct: false },
      { id: "d", text: "D", correct: false },
    ],
  },
  { id: "tf", kind: "true_false", prompt: "Sky is green", answer: false },
  {
    id: "order",
    kind: "ordering",
    prompt: "1 2 3 4",
    items: [
      { id: "one", text: "1" },
      { id: "two", text: "2" },
      { id: "three", text: "3" },
      { id: "four", text: "4" },
    ],
  },
  { id: "refl", kind: "reflection", prompt: "Think", minLength: 1, maxLength: 100 },
];
const quiz = { questions, passMark: 80, hash: "h1" };

const allRight: Answers = {
  single: { kind: "single", optionId: "a" },
  multi: { kind: "multiple", optionIds: ["a", "b"] },
  tf: { kind: "true_false", value: false },
  order: { kind: "ordering", order: ["one", "two", "three", "four"] },
  refl: { kind: "reflection", text: "Some thoughts" },
};

describe("gradeQuiz", () => {
  it("gives full marks for right answers and ignores the reflection in the score", () => {
    const r = gradeQuiz(quiz, { ...allRight });
    expect(r.scorePercent).toBe(100);
    expect(r.passed).toBe(true);
    expect(r.questions.find((q) => q.questionId === "refl")).toEqual({
      questionId: "refl",
      marked: false,
      credit: 0,
      correct: true,
    });
  });

  it("marks single choice and true/false right or wrong", () => {
    const r = gradeQuiz(quiz, {
      ...allRight,
      single: { kind: "single", optionId: "b" },
      tf: { kind: "true_false", value: true },
    });
    expect(r.questions[0]).toMatchObject({ credit: 0, correct: false });
    expect(r.questions[2]).toMatchObject({ credit: 0, correct: false });
    expect(r.scorePercent).toBe(50);
    expect(r.passed).toBe(false);
  });

  it("gives partial credit for multiple choice: each wrong choice cancels a right one", () => {
    const one = gradeQuiz(quiz, { ...allRight, multi: { kind: "multiple", optionIds: ["a"] } }).questions[1];
    expect(one).toMatchObject({ credit: 0.5, correct: false });
    const oneAndWrong = gradeQuiz(quiz, { ...allRight, multi: { kind: "multiple", optionIds: ["a", "c"] } })
      .questions[1];
    expect(oneAndWrong).toMatchObject({ credit: 0, correct: false });
    const everything = gradeQuiz(quiz, {
      ...allRight,
      multi: { kind: "multiple", optionIds: ["a", "b", "c", "d"] },
    }).questions[1];
    expect(everything).toMatchObject({ credit: 0, correct: false });
    const bothAndWrong = gradeQuiz(quiz, {
      ...allRight,
      multi: { kind: "multiple", optionIds: ["a", "b", "d"] },
    }).questions[1];
    expect(bothAndWrong).toMatchObject({ credit: 0.5, correct: false });
  });

  it("gives partial credit for ordering by items in the right place", () => {
    const r = gradeQuiz(quiz, {
      ...allRight,
      order: { kind: "ordering", order: ["one", "two", "four", "three"] },
    });
    expect(r.questions[3]).toMatchObject({ credit: 0.5, correct: false });
    // four marked questions, three right and one half right: 87.5%
    expect(r.scorePercent).toBe(87.5);
    expect(r.passed).toBe(true);
  });

  it("scores a missing answer as zero", () => {
    const r = gradeQuiz(quiz, {});
    expect(r.scorePercent).toBe(0);
  });

  it("passes a reflection-only quiz on submission", () => {
    const r = gradeQuiz(
      { questions: [questions[4]!], passMark: 80 },
      { refl: { kind: "reflection", text: "x" } },
    );
    expect(r).toMatchObject({ scorePercent: 100, passed: true });
  });
});

describe("presenting and reading answers", () => {
  const seed = "seed-1";
  const form = (entries: [string, string][]) => {
    const fd = new FormData();
    for (const [k, v] of entries) fd.append(k, v);
    return fd;
  };
  const key = (q: string, o: string) => optionKey(seed, q, o);
  const rightForm = () =>
    form([
      ["q.single", key("single", "a")],
      ["q.multi", key("multi", "a")],
      ["q.multi", key("multi", "b")],
      ["q.tf", "false"],
      ["q.order." + key("order", "one"), "1"],
      ["q.order." + key("order", "two"), "2"],
      ["q.order." + key("order", "three"), "3"],
      ["q.order." + key("order", "four"), "4"],
      ["q.refl", "  my thoughts  "],
    ]);

  it("shows no answers, no explanations and no authored option ids", () => {
    const shown = JSON.stringify(presentQuestions(questions, seed, true));
    expect(shown).not.toMatch(/correct|explanation|answer|A is right/);
    expect(shown).not.toMatch(/"(a|b|c|d|one|two)"/);
  });

  it("keeps the option order stable within an attempt and varies it between attempts", () => {
    const order = (s: string) =>
      (presentQuestions(questions, s, true)[1] as { options: { text: string }[] }).options
        .map((o) => o.text)
        .join("");
    expect(order("x")).toBe(order("x"));
    const orders = new Set(["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"].map(order));
    expect(orders.size).toBeGreaterThan(1);
    expect(shuffle("s", "q", [1, 2, 3]).sort()).toEqual([1, 2, 3]);
  });

  it("never presents an ordering question already in order", () => {
    for (const s of ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]) {
      const q = presentQuestions(questions, s, true)[3] as { items: { text: string }[] };
      expect(q.items.map((i) => i.text).join("")).not.toBe("1234");
    }
  });

  it("reads a complete form into answers in the quiz's own ids", () => {
    const r = readAnswers(questions, seed, rightForm());
    expect(r).toEqual({
      ok: true,
      answers: { ...allRight, refl: { kind: "reflection", text: "my thoughts" } },
    });
  });

  it("names every missing answer", () => {
    const r = readAnswers(questions, seed, form([]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      single: "Question 1: select an answer",
      multi: "Question 2: select at least one answer",
      tf: "Question 3: select true or false",
      order: "Question 4: give every item a position from 1 to 4",
      refl: "Question 5: write your reflection",
    });
  });

  it("refuses unknown option ids, repeated positions and overlong reflections", () => {
    const fd = rightForm();
    fd.set("q.single", "forged-key");
    fd.set("q.order." + key("order", "two"), "1");
    fd.set("q.refl", "x".repeat(101));
    const r = readAnswers(questions, seed, fd);
    expect(!r.ok && r.errors).toEqual({
      single: "Question 1: that answer is not one of the options. Reload the page and try again.",
      order: "Question 4: use each position once",
      refl: "Question 5: your reflection must be 100 characters or fewer",
    });
    // what was typed comes back to be shown again
    expect(!r.ok && r.values["q.multi"]).toHaveLength(2);
  });

  it("refuses an option key from another attempt", () => {
    const fd = rightForm();
    fd.set("q.single", optionKey("another-seed", "single", "a"));
    expect(readAnswers(questions, seed, fd).ok).toBe(false);
  });
});

describe("quiz attempt machine", () => {
  const start = (attemptNumber: number, maxAttempts: number | null) => {
    const actor = createActor(createQuizMachine(quiz), { input: { attemptNumber, maxAttempts } });
    actor.start();
    return actor;
  };

  it("goes started -> answering -> graded, refusing an incomplete submission", () => {
    const actor = start(1, null);
    expect(actor.getSnapshot().value).toBe("started");
    actor.send({ type: "START" });
    expect(actor.getSnapshot().value).toBe("answering");
    actor.send({ type: "SUBMIT", answers: { single: { kind: "single", optionId: "a" } } });
    expect(actor.getSnapshot().value).toBe("answering");
    actor.send({ type: "SUBMIT", answers: { ...allRight } });
    expect(actor.getSnapshot().value).toBe("graded");
    expect(actor.getSnapshot().context.result?.scorePercent).toBe(100);
  });

  it("ignores a second submission once graded", () => {
    const actor = start(1, null);
    actor.send({ type: "START" });
    actor.send({ type: "SUBMIT", answers: { ...allRight } });
    actor.send({ type: "SUBMIT", answers: { ...allRight, tf: { kind: "true_false", value: true } } });
    expect(actor.getSnapshot().context.result?.scorePercent).toBe(100);
  });

  it("allows a retry only while attempts remain", () => {
    const graded = (n: number, max: number | null) => {
      const a = start(n, max);
      a.send({ type: "START" });
      a.send({ type: "SUBMIT", answers: { ...allRight } });
      a.send({ type: "RETRY" });
      return a.getSnapshot().value;
    };
    expect(graded(1, 2)).toBe("retried");
    expect(graded(2, 2)).toBe("graded");
    expect(graded(7, null)).toBe("retried");
  });

  it("restores from a persisted snapshot and carries on", () => {
    const a = start(1, 3);
    a.send({ type: "START" });
    const saved = JSON.parse(JSON.stringify(a.getPersistedSnapshot()));
    const b = createActor(createQuizMachine(quiz), {
      snapshot: saved,
      input: { attemptNumber: 0, maxAttempts: null },
    });
    b.start();
    expect(b.getSnapshot().value).toBe("answering");
    expect(b.getSnapshot().context.maxAttempts).toBe(3);
    b.send({ type: "SUBMIT", answers: { ...allRight } });
    expect(b.getSnapshot().value).toBe("graded");
  });
});

/** a quiz definition around some questions, as the results code reads it */
const quizOf = (rest: object) =>
  ({
    title: "Q",
    passMark: 80,
    shuffle: false,
    estimatedMinutes: 5,
    hash: "h",
    completion: "pass",
    ...rest,
  }) as unknown as QuizDefinition;

describe("results of an attempt while the answers are withheld", () => {
  const quiz = quizOf({
    questions: [
      {
        id: "open",
        kind: "single",
        prompt: "Which is open?",
        explanation: "Open questions cannot be answered yes or no.",
        options: [
          { id: "what", text: "What brings you here?", correct: true, explanation: "It invites a story." },
          { id: "were", text: "Were you on call?", correct: false, explanation: "Yes or no answers it." },
        ],
      },
      {
        id: "steps",
        kind: "ordering",
        prompt: "Order these",
        explanation: "Think first, then tell.",
        items: [
          { id: "a", text: "Think" },
          { id: "b", text: "Tell" },
        ],
      },
    ],
  });
  const answers = {
    open: { kind: "single", optionId: "were" },
    steps: { kind: "ordering", order: ["b", "a"] },
  } as unknown as Record<string, Answer>;

  it("a withheld attempt shows the trainee's own answers, unmarked and without any explanation", () => {
    const mixed = { ...answers, steps: { kind: "ordering", order: ["a", "b"] } } as Record<string, Answer>;
    const result = gradeQuiz(quiz, mixed);
    expect(result.questions.map((q) => q.correct)).toEqual([false, true]);
    const shown = feedback(quiz, mixed, result, { reveal: false });
    const text = JSON.stringify(shown);
    // neither the wrong nor the right question is marked
    expect(shown.map((q) => [q.correct, q.marked])).toEqual([
      [false, false],
      [false, false],
    ]);
    // an explanation on the chosen option would mark it wrong
    expect(text).not.toContain("Yes or no answers it.");
    expect(text).not.toContain("It invites a story.");
    expect(text).not.toContain("Open questions cannot be answered yes or no.");
    expect(text).not.toContain("Think first, then tell.");
    expect(shown[0]!.options.every((o) => o.correct === false)).toBe(true);
    // only the option chosen: the authored order of all of them would give the right one away
    expect(shown[0]!.options.map((o) => o.text)).toEqual(["Were you on call?"]);
    expect(shown.every((q) => q.credit === 0)).toBe(true);
    expect(shown[1]!.rightOrder).toEqual([]);
  });

  it("once revealed (passed, or no attempt left) everything is shown", () => {
    const result = gradeQuiz(quiz, answers);
    const shown = feedback(quiz, answers, result, { reveal: true });
    const text = JSON.stringify(shown);
    expect(text).toContain("It invites a story.");
    expect(shown[0]!.options.find((o) => o.text === "What brings you here?")!.correct).toBe(true);
    expect(shown[1]!.rightOrder).toEqual(["Think", "Tell"]);
  });
});

describe("where an attempt lost marks", () => {
  const q = (id: string, outcome: string, answer: boolean) =>
    ({ id, kind: "true_false", outcome, prompt: `${id}?`, answer }) as Question;
  const quiz = quizOf({
    questions: [
      q("a1", "alpha", true),
      q("a2", "alpha", true),
      q("b1", "beta", true),
      q("c1", "gamma", true),
    ],
    outcomes: {
      alpha: { title: "Alpha things", lesson: "l-alpha", section: "the-alpha" },
      beta: { title: "Beta things", lesson: "l-beta" },
      gamma: { title: "Gamma things", lesson: "l-gamma" },
    },
  });

  it("names each outcome with a wrong answer once, in the quiz's order, with where it is taught", () => {
    const tf = (value: boolean) => ({ kind: "true_false", value }) as Answer;
    const result = gradeQuiz(quiz, { a1: tf(true), a2: tf(false), b1: tf(true), c1: tf(false) });
    expect(outcomesLost(quiz, result)).toEqual([
      { id: "alpha", title: "Alpha things", lesson: "l-alpha", section: "the-alpha" },
      { id: "gamma", title: "Gamma things", lesson: "l-gamma" },
    ]);
    // nothing lost, or a quiz without outcome titles: nothing to say
    expect(
      outcomesLost(quiz, gradeQuiz(quiz, { a1: tf(true), a2: tf(true), b1: tf(true), c1: tf(true) })),
    ).toEqual([]);
    expect(outcomesLost({ ...quiz, outcomes: undefined }, result)).toEqual([]);
  });
});
