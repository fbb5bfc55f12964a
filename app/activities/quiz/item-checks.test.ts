import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCourses } from "~/courses/loader.server";
import { copyFixtureCourse } from "../../../tests/setup/courses";
import { checkItems, normaliseStem } from "./item-checks";
import type { Question, QuizDefinition } from "./schema";

type Option = { id: string; text: string; correct: boolean };
const opt = (id: string, text: string, correct = false): Option => ({ id, text, correct });
const single = (id: string, options: Option[], prompt = `Question ${id}?`): Question => ({
  id,
  kind: "single",
  prompt,
  options,
});
const multiple = (id: string, options: Option[]): Question => ({
  id,
  kind: "multiple",
  prompt: `Question ${id}?`,
  options,
});
const tf = (id: string, answer: boolean): Question => ({
  id,
  kind: "true_false",
  prompt: `Statement ${id}.`,
  answer,
});
const ordering = (id: string, n: number): Question => ({
  id,
  kind: "ordering",
  prompt: `Order ${id}.`,
  items: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, text: `Step ${i}` })),
});
/** the right option is the longest */
const longKeyed = (id: string) =>
  single(id, [
    opt("a", "A long and carefully qualified right answer", true),
    opt("b", "Short"),
    opt("c", "Brief"),
  ]);
/** a wrong option is as long as the right one */
const evenKeyed = (id: string) =>
  single(id, [opt("a", "Right", true), opt("b", "Wrong"), opt("c", "Also wrong")]);
const checks = (qs: Question[]) => checkItems(qs).map((f) => [f.check, f.subject ?? null]);

describe("item-writing checks", () => {
  it("longest-keyed-option: once per quiz when more than half (and 3 or more) of the single-answer keys are the longest", () => {
    const found = checkItems([
      longKeyed("q1"),
      longKeyed("q2"),
      longKeyed("q3"),
      evenKeyed("q4"),
      tf("t", true),
    ]);
    expect(found).toEqual([expect.objectContaining({ check: "longest-keyed-option", at: ["questions"] })]);
    expect(found[0]!.subject).toBeUndefined();
    expect(found[0]!.message).toContain("3 of 4 single-answer questions (75%)");
    expect(found[0]!.message).toContain('"q1", "q2", "q3"');
  });

  it("longest-keyed-option: not at half, nor with fewer than 3, nor when a wrong option ties", () => {
    expect(checks([longKeyed("q1"), longKeyed("q2"), evenKeyed("q3"), evenKeyed("q4")])).toEqual([]);
    expect(checks([longKeyed("q1"), longKeyed("q2")])).toEqual([]);
    const tie = (id: string) => single(id, [opt("a", "Twelve chars", true), opt("b", "twelve chars")]);
    expect(checks([tie("q1"), tie("q2"), tie("q3")])).toEqual([]);
  });

  it("true-false-balance: 3 of 4 true is more than two-thirds; all-false of 3 too", () => {
    expect(checks([tf("a", true), tf("b", true), tf("c", true), tf("d", false)])).toEqual([
      ["true-false-balance", null],
    ]);
    const [all] = checkItems([tf("a", false), tf("b", false), tf("c", false)]);
    expect(all!.message).toContain("3 of 3 true/false questions (100%) have the answer false");
  });

  it("true-false-balance: 2 of 3 is balanced enough, and fewer than 3 items are not judged", () => {
    expect(checks([tf("a", true), tf("b", true), tf("c", false)])).toEqual([]);
    expect(checks([tf("a", true), tf("b", true)])).toEqual([]);
  });

  it("all-none-of-the-above: catches the variants, in any case and punctuation, at the option", () => {
    const q = multiple("m", [
      opt("a", "Listening", true),
      opt("b", "All of the above.", true),
      opt("c", "NONE OF THESE"),
      opt("d", "all the above"),
      opt("e", "Neither of the above options"),
    ]);
    const found = checkItems([q]).filter((f) => f.check === "all-none-of-the-above");
    expect(found.map((f) => f.at)).toEqual(
      ["b", "c", "d", "e"].map((_, i) => ["questions", 0, "options", i + 1, "text"]),
    );
    expect(found.every((f) => f.subject === "m")).toBe(true);
  });

  it("all-none-of-the-above: an option that only contains the words is fine", () => {
    const q = single("s", [
      opt("a", "Ask about all of these areas in turn", true),
      opt("b", "Above all, listen"),
    ]);
    expect(checks([q])).toEqual([]);
  });

  it("more-right-than-wrong: 3 right of 5 is flagged at the options", () => {
    const q = multiple("m", [
      opt("a", "A", true),
      opt("b", "B", true),
      opt("c", "C", true),
      opt("d", "D"),
      opt("e", "E"),
    ]);
    expect(checkItems([q])).toEqual([
      expect.objectContaining({
        check: "more-right-than-wrong",
        subject: "m",
        at: ["questions", 0, "options"],
      }),
    ]);
  });

  it("more-right-than-wrong: as many wrong as right is fine", () => {
    const q = multiple("m", [opt("a", "A", true), opt("b", "B", true), opt("c", "C"), opt("d", "D")]);
    expect(checks([q])).toEqual([]);
  });

  it("short-ordering: 2 items are flagged, 3 are not", () => {
    expect(checkItems([ordering("o", 2)])).toEqual([
      expect.objectContaining({ check: "short-ordering", subject: "o", at: ["questions", 0, "items"] }),
    ]);
    expect(checks([ordering("o", 3)])).toEqual([]);
  });

  it("duplicate-stem: the same prompt after case, spacing and punctuation, on the later question, across kinds", () => {
    const found = checkItems([
      single("first", [opt("a", "A", true), opt("b", "B")], "What is an open question?"),
      tf("t", true),
      { id: "again", kind: "reflection", prompt: "what  is an OPEN question", minLength: 1, maxLength: 100 },
    ]);
    expect(found).toEqual([
      expect.objectContaining({ check: "duplicate-stem", subject: "again", at: ["questions", 2, "prompt"] }),
    ]);
    expect(found[0]!.message).toContain('question "first"');
  });

  it("duplicate-stem: different words are different stems", () => {
    expect(normaliseStem("What’s an open question?")).toBe("what s an open question");
    const a = single("a", [opt("a", "A", true), opt("b", "B")], "What is an open question?");
    const b = single("b", [opt("a", "A", true), opt("b", "B")], "What is a closed question?");
    expect(checks([a, b])).toEqual([]);
  });
});

describe("item-writing checks in courses:check", () => {
  // the fixture quiz's "skills" question has 2 right options and 1 wrong
  const waiver = (reason: string) => (t: string) =>
    `${t}waivers:\n  - check: more-right-than-wrong\n    subject: skills\n${reason}`;
  const quizFile = "basics/quiz.yaml";

  async function load(edits: Record<string, (t: string) => string> = {}) {
    const { root, dir } = copyFixtureCourse(edits);
    const result = await loadCourses(root);
    const lines = readFileSync(path.join(dir, quizFile), "utf8").split("\n");
    return { ...result, file: path.relative(process.cwd(), path.join(dir, quizFile)), lines };
  }

  it("warns at file:line, and a waiver keeps the warning with its reason", async () => {
    const open = await load();
    expect(open.problems).toEqual([]);
    // the skills question's options list starts at its first option
    const options = open.lines.findIndex((l) => l.includes("id: listening")) + 1;
    expect(open.findings.filter((f) => f.file === open.file)).toEqual([
      expect.objectContaining({
        file: open.file,
        line: options,
        check: "more-right-than-wrong",
        severity: "warning",
        waived: null,
      }),
    ]);

    const reason = "The BMA names exactly these two skills; a third wrong one would be contrived.";
    const kept = await load({ [quizFile]: waiver(`    reason: ${reason}\n`) });
    expect(kept.problems).toEqual([]);
    expect(kept.findings.filter((f) => f.file === kept.file)).toEqual([
      expect.objectContaining({ check: "more-right-than-wrong", waived: reason }),
    ]);
    // waivers are for authors: the quiz trainees take (and its version stamp) is the same
    const quiz = (r: typeof open) => r.courses[0]!.modules[0]!.activities[1]!.content as QuizDefinition;
    expect(quiz(kept)).not.toHaveProperty("waivers");
    expect(quiz(kept).hash).toBe(quiz(open).hash);
  });

  it("a waiver for another question does not keep the warning", async () => {
    const r = await load({
      [quizFile]: (t) =>
        `${t}waivers:\n  - check: more-right-than-wrong\n    subject: open\n    reason: This waiver is about another question entirely.\n`,
    });
    expect(r.findings.filter((f) => f.file === r.file)).toEqual([
      expect.objectContaining({ check: "more-right-than-wrong", waived: null }),
    ]);
  });

  it("a waiver without a reason, or with a too-short one, is an error at its line", async () => {
    const none = await load({ [quizFile]: waiver("") });
    expect(none.courses).toEqual([]);
    expect(none.problems).toEqual([
      expect.objectContaining({
        file: none.file,
        line: none.lines.findIndex((l) => l.includes("- check: more-right-than-wrong")) + 1,
        message: '"reason" is required',
      }),
    ]);
    const short = await load({ [quizFile]: waiver("    reason: it is fine\n") });
    expect(short.courses).toEqual([]);
    expect(short.problems).toEqual([
      expect.objectContaining({
        line: short.lines.findIndex((l) => l.includes("reason: it is fine")) + 1,
        message: expect.stringContaining("20 characters or more"),
      }),
    ]);
  });

  it("explanation-names-answer: a wrong option's feedback that names a right option, and not one that only shares a word", () => {
    const q: Question = {
      id: "checklist",
      kind: "multiple",
      prompt: "Which are on the checklist?",
      options: [
        { id: "goals", text: "Goals", correct: true },
        { id: "frequency", text: "Frequency of meetings", correct: true },
        {
          id: "career",
          text: "The mentor's career",
          correct: false,
          explanation: "Goals are the mentee's, in their words.",
        },
        {
          id: "report",
          text: "Reporting",
          correct: false,
          explanation: "Meetings are private; frequency is agreed.",
        },
      ],
    };
    const findings = checkItems([q]).filter((f) => f.check === "explanation-names-answer");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      subject: "checklist",
      at: ["questions", 0, "options", 2, "explanation"],
    });
    expect(findings[0]!.message).toMatch(/names the right option "goals"/);
  });
});
