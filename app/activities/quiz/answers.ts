import { isCleanMultiLine } from "~/utils/forms";
import { countWords } from "../reading";
import { optionKey } from "./present";
import type { Answers, Question } from "./schema";

export type AnswerErrors = Record<string, string>;

/** the submitted form -> answers in the quiz's own ids, or a message per question */
export function readAnswers(
  questions: Question[],
  seed: string,
  form: FormData,
): { ok: true; answers: Answers } | { ok: false; errors: AnswerErrors; values: Record<string, string[]> } {
  const answers: Answers = {};
  const errors: AnswerErrors = {};
  const field = (q: Question) => `q.${q.id}`;
  questions.forEach((q, index) => {
    const n = index + 1;
    switch (q.kind) {
      case "single": {
        const value = form.get(field(q));
        if (typeof value !== "string" || value === "") {
          errors[q.id] = `Question ${n}: select an answer`;
          return;
        }
        const option = q.options.find((o) => optionKey(seed, q.id, o.id) === value);
        if (!option)
          errors[q.id] =
            `Question ${n}: that answer is not one of the options. Reload the page and try again.`;
        else answers[q.id] = { kind: "single", optionId: option.id };
        return;
      }
      case "multiple": {
        const values = form.getAll(field(q)).filter((v): v is string => typeof v === "string" && v !== "");
        if (values.length === 0) {
          errors[q.id] = `Question ${n}: select at least one answer`;
          return;
        }
        const ids = values.map((v) => q.options.find((o) => optionKey(seed, q.id, o.id) === v)?.id);
        if (ids.some((id) => id === undefined) || new Set(ids).size !== ids.length) {
          errors[q.id] =
            `Question ${n}: one of those answers is not an option. Reload the page and try again.`;
        } else answers[q.id] = { kind: "multiple", optionIds: ids as string[] };
        return;
      }
      case "true_false": {
        const value = form.get(field(q));
        if (value !== "true" && value !== "false") errors[q.id] = `Question ${n}: select true or false`;
        else answers[q.id] = { kind: "true_false", value: value === "true" };
        return;
      }
      case "ordering": {
        const positions = q.items.map((item) =>
          Number(form.get(`${field(q)}.${optionKey(seed, q.id, item.id)}`)),
        );
        const valid = positions.every((p) => Number.isInteger(p) && p >= 1 && p <= q.items.length);
        if (!valid) {
          errors[q.id] = `Question ${n}: give every item a position from 1 to ${q.items.length}`;
          return;
        }
        if (new Set(positions).size !== positions.length) {
          errors[q.id] = `Question ${n}: use each position once`;
          return;
        }
        const order = q.items.map((item, i) => ({ id: item.id, p: positions[i]! })).sort((a, b) => a.p - b.p);
        answers[q.id] = { kind: "ordering", order: order.map((o) => o.id) };
        return;
      }
      case "reflection": {
        const value = form.get(field(q));
        const text = typeof value === "string" ? value.trim() : "";
        if (text.length < q.minLength) {
          errors[q.id] =
            q.minLength > 1
              ? `Question ${n}: write at least ${q.minLength} characters`
              : `Question ${n}: write your reflection`;
        } else if (text.length > q.maxLength) {
          errors[q.id] = `Question ${n}: your reflection must be ${q.maxLength} characters or fewer`;
        } else if (!isCleanMultiLine(text)) {
          errors[q.id] = `Question ${n}: your reflection must not contain control characters`;
        } else answers[q.id] = { kind: "reflection", text };
        return;
      }
    }
  });
  if (Object.keys(errors).length === 0) return { ok: true, answers };
  return { ok: false, errors, values: submittedValues(form) };
}

/** what was submitted, to show again next to an error: nothing typed is lost */
export function submittedValues(form: FormData) {
  const values: Record<string, string[]> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("q.") && typeof value === "string") (values[key] ??= []).push(value.slice(0, 10_000));
  }
  return values;
}

/** the words a question puts on screen: what reading it takes */
export function questionWords(q: Question) {
  switch (q.kind) {
    case "single":
    case "multiple":
      return countWords(q.prompt, ...q.options.map((o) => o.text));
    case "ordering":
      return countWords(q.prompt, ...q.items.map((i) => i.text));
    case "reflection":
      return countWords(q.prompt, q.hint);
    case "true_false":
      return countWords(q.prompt, "True False");
  }
}
