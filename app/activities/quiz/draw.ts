import { sha256Hex } from "~/utils/sha256";
import type { Question } from "./schema";

// question pools: a quiz with `draw: {perOutcome: N}` gives each attempt N questions for each
// learning outcome its questions are tagged with. the draw is seeded by the attempt and stored
// with it, so a reload shows the same questions; questions the trainee has seen least often
// come first, so a retake asks mostly new ones while the pool lasts. the drawn questions keep
// the order the author wrote them in (a quiz often builds from one idea to the next).

export type Draw = { perOutcome: number };

function rank(seed: string, questionId: string) {
  return sha256Hex(`${seed}:draw:${questionId}`);
}

/** the outcomes of a pool, in the order they first appear */
export function outcomesOf(questions: readonly Question[]) {
  return [...new Set(questions.map((q) => q.outcome ?? ""))];
}

export function drawQuestions(
  questions: readonly Question[],
  draw: Draw | undefined,
  seed: string,
  /** how many earlier attempts of this trainee showed each question */
  seen: ReadonlyMap<string, number> = new Map(),
): string[] {
  if (!draw) return questions.map((q) => q.id);
  const chosen = new Set<string>();
  for (const outcome of outcomesOf(questions)) {
    const pool = questions
      .filter((q) => (q.outcome ?? "") === outcome)
      .map((q) => ({ id: q.id, seen: seen.get(q.id) ?? 0, rank: rank(seed, q.id) }))
      .sort((a, b) => a.seen - b.seen || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    for (const q of pool.slice(0, draw.perOutcome)) chosen.add(q.id);
  }
  return questions.filter((q) => chosen.has(q.id)).map((q) => q.id);
}

/** the questions of one attempt: those it drew, or (attempts from before pools) all of them */
export function attemptQuestions<Q extends { id: string }>(
  questions: readonly Q[],
  questionIds: readonly string[] | undefined,
): Q[] {
  if (!questionIds) return [...questions];
  const byId = new Map(questions.map((q) => [q.id, q]));
  return questionIds.map((id) => byId.get(id)).filter((q): q is Q => q !== undefined);
}
