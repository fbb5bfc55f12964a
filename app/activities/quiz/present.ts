import { sha256Base64Url, sha256Bytes } from "~/utils/sha256";
import type { Question } from "./schema";

// what the browser sees of a quiz during an attempt: prompts and options in this attempt's
// order, each option under an opaque key. no "correct" flags, no explanations.

export function optionKey(seed: string, questionId: string, optionId: string) {
  return sha256Base64Url(`${seed}:${questionId}:${optionId}`).slice(0, 12);
}

/** deterministic fisher-yates from the attempt's seed: stable within an attempt */
export function shuffle<T>(seed: string, salt: string, items: readonly T[]): T[] {
  const out = [...items];
  let state = sha256Bytes(`${seed}:${salt}`);
  let cursor = 0;
  const next = () => {
    if (cursor + 4 > state.length) {
      state = sha256Bytes(state);
      cursor = 0;
    }
    const value = new DataView(state.buffer, state.byteOffset, state.byteLength).getUint32(cursor);
    cursor += 4;
    return value / 0x1_0000_0000;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type PublicQuestion =
  | { id: string; kind: "single" | "multiple"; prompt: string; options: { key: string; text: string }[] }
  | { id: string; kind: "true_false"; prompt: string }
  | { id: string; kind: "ordering"; prompt: string; items: { key: string; text: string }[] }
  | { id: string; kind: "reflection"; prompt: string; hint: string | null; maxLength: number };

export function presentQuestions(
  questions: Question[],
  seed: string,
  shuffleOptions: boolean,
): PublicQuestion[] {
  return questions.map((q): PublicQuestion => {
    switch (q.kind) {
      case "single":
      case "multiple": {
        const options = (q.shuffle ?? shuffleOptions) ? shuffle(seed, q.id, q.options) : q.options;
        return {
          id: q.id,
          kind: q.kind,
          prompt: q.prompt,
          options: options.map((o) => ({ key: optionKey(seed, q.id, o.id), text: o.text })),
        };
      }
      case "true_false":
        return { id: q.id, kind: q.kind, prompt: q.prompt };
      case "ordering": {
        // never shown in the right order: rotate a shuffle that happens to be correct
        let items = shuffle(seed, q.id, q.items);
        if (items.every((it, i) => it.id === q.items[i]!.id)) items = [...items.slice(1), items[0]!];
        return {
          id: q.id,
          kind: q.kind,
          prompt: q.prompt,
          items: items.map((it) => ({ key: optionKey(seed, q.id, it.id), text: it.text })),
        };
      }
      case "reflection":
        return { id: q.id, kind: q.kind, prompt: q.prompt, hint: q.hint ?? null, maxLength: q.maxLength };
    }
  });
}
