import type { Question } from "./schema";

// item-writing checks: flaws that let a trainee score without knowing the answer, found in
// questions that are already valid. they are warnings, never errors: an author may keep one
// with a reason in the quiz's `waivers:`.

type Path = readonly PropertyKey[];

export type ItemFinding = {
  /** the check's code, which a waiver names */
  check: string;
  /** the question it is about; absent when it is about the whole quiz */
  subject?: string;
  /** where in the quiz file, as a yaml path */
  at: Path;
  message: string;
};

/** the quiz-wide checks fire from this many items, and when more than this share does */
export const LONGEST_KEYED = { min: 3, share: 1 / 2 };
export const TRUE_FALSE = { min: 3, share: 2 / 3 };
export const MIN_ORDERING_ITEMS = 3;

const percent = (n: number, of: number) => `${Math.round((100 * n) / of)}%`;
const orderings = (n: number): number => (n <= 1 ? 1 : n * orderings(n - 1));
const length = (s: string) => s.replace(/\s+/g, " ").trim().length;
const ids = (qs: readonly { id: string }[]) => qs.map((q) => `"${q.id}"`).join(", ");

/** case, whitespace and punctuation do not make two prompts different */
export function normaliseStem(text: string) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// "all of the above", "none of these", "all the above", "both of the above", "neither of the
// above options", ...: only at the start of an option, so a sentence that merely contains
// "all of these" is not caught
const OF_THE_ABOVE = /^(all|none|both|neither) (of )?(the )?(above|these|those|preceding|previous)\b/;

/**
 * every item-writing finding for a quiz file's questions: the quiz-wide ones first, then each
 * question's in file order. `list` is where the questions sit in the file.
 */
export function checkItems(questions: readonly Question[], list: Path = ["questions"]): ItemFinding[] {
  const findings: ItemFinding[] = [];

  // 1. the keyed option is the longest
  const singles = questions.filter((q) => q.kind === "single");
  const longest = singles.filter((q) => {
    const keyed = q.options.find((o) => o.correct);
    if (!keyed) return false;
    return q.options.every((o) => o === keyed || length(o.text) < length(keyed.text));
  });
  if (longest.length >= LONGEST_KEYED.min && longest.length > singles.length * LONGEST_KEYED.share) {
    findings.push({
      check: "longest-keyed-option",
      at: list,
      message:
        `in ${longest.length} of ${singles.length} single-answer questions (${percent(longest.length, singles.length)}) ` +
        `the right option is the longest: ${ids(longest)}. Trainees who pick the longest option score ` +
        `without knowing the answer; make a wrong option as long and as specific as the right one in some of them`,
    });
  }

  // 2. true/false keys lean one way
  const trueFalse = questions.filter((q) => q.kind === "true_false");
  if (trueFalse.length >= TRUE_FALSE.min) {
    for (const key of [true, false]) {
      const same = trueFalse.filter((q) => q.answer === key);
      if (same.length > trueFalse.length * TRUE_FALSE.share) {
        findings.push({
          check: "true-false-balance",
          at: list,
          message:
            `${same.length} of ${trueFalse.length} true/false questions (${percent(same.length, trueFalse.length)}) ` +
            `have the answer ${key}: ${ids(same)}. A trainee who always answers "${key}" scores well; ` +
            `rewrite some as ${!key} statements so neither answer is more than two-thirds`,
        });
      }
    }
  }

  const stems = new Map<string, string>();
  questions.forEach((q, i) => {
    const here = [...list, i];

    // 3. "all/none of the above"
    if (q.kind === "single" || q.kind === "multiple") {
      q.options.forEach((o, j) => {
        const match = OF_THE_ABOVE.exec(normaliseStem(o.text));
        if (!match) return;
        const none = match[1] === "none" || match[1] === "neither";
        findings.push({
          check: "all-none-of-the-above",
          subject: q.id,
          at: [...here, "options", j, "text"],
          message:
            `question "${q.id}", option "${o.id}" reads "${o.text}": when options are shuffled, "above" points at nothing. ` +
            (none
              ? "It also rewards spotting wrong answers rather than knowing the right one; write a plausible option instead"
              : "Make it a multiple-answer question, or write an option that says what it means"),
        });
      });
    }

    // 4. select-all scores well when most options are right
    if (q.kind === "multiple") {
      const right = q.options.filter((o) => o.correct).length;
      const wrong = q.options.length - right;
      if (right > wrong) {
        findings.push({
          check: "more-right-than-wrong",
          subject: q.id,
          at: [...here, "options"],
          message:
            `question "${q.id}": ${right} of ${q.options.length} options are right: ticking every box scores well. ` +
            `Add plausible wrong options until at least as many are wrong as right`,
        });
      }
    }

    // 5. two items are a coin toss
    if (q.kind === "ordering" && q.items.length < MIN_ORDERING_ITEMS) {
      findings.push({
        check: "short-ordering",
        subject: q.id,
        at: [...here, "items"],
        message:
          `question "${q.id}" has only ${q.items.length} items to put in order: a guess is right 1 time in ${orderings(q.items.length)}. ` +
          `Add a step (${MIN_ORDERING_ITEMS} or more), or make it a single-answer question`,
      });
    }

    // 7. the feedback on a wrong option names a right one: it says what is right instead of
    // why the option is weak
    if (q.kind === "single" || q.kind === "multiple") {
      const right = q.options.filter((o) => o.correct);
      for (const [o, option] of q.options.entries()) {
        if (option.correct || !option.explanation) continue;
        const said = ` ${normaliseStem(option.explanation)} `;
        const named = right.find((r) => {
          const words = normaliseStem(r.text);
          return words.length > 0 && words.split(" ").length <= 8 && said.includes(` ${words} `);
        });
        if (named) {
          findings.push({
            check: "explanation-names-answer",
            subject: q.id,
            at: [...here, "options", o, "explanation"],
            message:
              `question "${q.id}": the explanation of wrong option "${option.id}" names the right option "${named.id}" ` +
              `("${named.text}"): it tells the trainee what is right, not why their choice is weak. Explain why it ` +
              `is wrong in your own words`,
          });
        }
      }
    }

    // 6. the same stem twice (across the whole file: questions may be drawn from it as a pool)
    const stem = normaliseStem(q.prompt);
    const first = stems.get(stem);
    if (first !== undefined) {
      findings.push({
        check: "duplicate-stem",
        subject: q.id,
        at: [...here, "prompt"],
        message:
          `question "${q.id}" has the same prompt as question "${first}": a trainee may see the question twice, or learn ` +
          `the answer from the other one. Reword one of them, or remove it`,
      });
    } else stems.set(stem, q.id);
  });

  return findings;
}
