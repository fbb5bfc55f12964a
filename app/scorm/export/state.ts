// what an exported module remembers about one learner, and how it fits in scorm's
// suspend_data. SCORM 1.2 gives a SCO 4,096 characters (CMIString4096), so the state keeps
// facts, never copies: the answers of the last graded quiz attempt as option indices, a
// role-play conversation as the index of each reply chosen (replayed through the compiled
// machine to restore it), counts where the platform keeps rows. everything is a non-negative
// integer, written in base 36 inside brackets and commas: no quotes or other characters an
// LMS might escape, and about a fifth of the length of the same state as JSON.
//
// the worst case for each real module is measured in tests (state.test.ts) and must stay
// under 4,096 characters.

export const SUSPEND_LIMIT_12 = 4096;
/** the latest graded quiz attempts listed on the quiz page; older ones are counted, not listed */
export const QUIZ_HISTORY = 10;
/** how often a question has been shown is kept up to this (enough to prefer unseen questions) */
export const SEEN_CAP = 35;
/** times are seconds since this moment (2024-01-01T00:00:00Z): six base-36 digits until 2093 */
export const EPOCH_MS = Date.UTC(2024, 0, 1);
const FORMAT = 1;

export type LessonState = { kind: "lesson"; readAt: number | null };

/** an answer as indices into the authored question: see answerCode in engine.ts */
export type AnswerCode = number | number[] | null;

export type QuizState = {
  kind: "quiz";
  /** attempts graded so far */
  graded: number;
  /** when the last graded attempt was submitted */
  lastAt: number | null;
  passed: boolean;
  /** the latest graded attempts (score in tenths of a percent) */
  history: { number: number; score: number; passed: boolean }[];
  /** per question, in authored order: how many attempts have shown it (capped) */
  seen: number[];
  open: { number: number; seed: string; questions: number[]; startedAt: number } | null;
  /** the last graded attempt, to show its results again */
  last: { number: number; seed: string; questions: number[]; answers: AnswerCode[] } | null;
};

export type RoleplayState = {
  kind: "roleplay";
  /** conversations that ended, or were abandoned part-way */
  graded: number;
  lastAt: number | null;
  passed: boolean;
  /** the status score: the best conversation's percent (a passing one first) */
  score: number | null;
  current: {
    number: number;
    seed: string;
    ended: boolean;
    /** when the conversation last moved (the reading clock for the next reply) */
    at: number;
    /** the index, in the node's authored replies, of each reply chosen */
    path: number[];
  } | null;
};

export type ActivityState = LessonState | QuizState | RoleplayState;

export type ModuleState = {
  /** the first 8 hex digits of the module's content hash: state from other content is not reused */
  hash: string;
  activities: ActivityState[];
};

export const toSeconds = (ms: number) => Math.max(0, Math.floor((ms - EPOCH_MS) / 1000));
export const fromSeconds = (s: number) => EPOCH_MS + s * 1000;

// ---- the packed form -----------------------------------------------------------------

type Packed = number | null | Packed[];

export function pack(value: Packed): string {
  if (value === null) return "~";
  if (Array.isArray(value)) return `[${value.map(pack).join(",")}]`;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`cannot pack ${value}`);
  return value.toString(36);
}

export function unpack(text: string): Packed {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`suspend data is not readable at ${at}: ${why}`);
  };
  const value = (): Packed => {
    const c = text[at];
    if (c === "~") {
      at++;
      return null;
    }
    if (c === "[") {
      at++;
      const items: Packed[] = [];
      if (text[at] === "]") {
        at++;
        return items;
      }
      for (;;) {
        items.push(value());
        const sep = text[at++];
        if (sep === "]") return items;
        if (sep !== ",") fail("expected , or ]");
      }
    }
    const m = /^[0-9a-z]{1,11}/.exec(text.slice(at));
    if (!m) return fail("expected a value");
    at += m[0].length;
    return parseInt(m[0], 36);
  };
  const out = value();
  if (at !== text.length) fail("trailing characters");
  return out;
}

// seeds are two 31-bit numbers, written "a.b" as the shuffle's seed string
export function newSeed(random: () => number = Math.random): string {
  const part = () => Math.floor(random() * 0x7fffffff).toString(36);
  return `${part()}.${part()}`;
}
const seedOut = (seed: string): Packed[] => seed.split(".").map((p) => parseInt(p, 36));
const seedIn = (a: Packed, b: Packed) => `${num(a).toString(36)}.${num(b).toString(36)}`;

const bit = (b: boolean) => (b ? 1 : 0);
const opt = (n: number | null): Packed => n;

function num(p: Packed | undefined): number {
  if (typeof p !== "number") throw new Error("suspend data: expected a number");
  return p;
}
function list(p: Packed | undefined): Packed[] {
  if (!Array.isArray(p)) throw new Error("suspend data: expected a list");
  return p;
}
const nums = (p: Packed | undefined) => list(p).map(num);
const maybe = <T>(p: Packed | undefined, read: (p: Packed) => T): T | null =>
  p === null || p === undefined ? null : read(p);

function packActivity(a: ActivityState): Packed {
  switch (a.kind) {
    case "lesson":
      return [opt(a.readAt)];
    case "quiz":
      return [
        a.graded,
        opt(a.lastAt),
        bit(a.passed),
        a.history.map((h) => [h.number, h.score, bit(h.passed)]),
        a.seen,
        a.open ? [a.open.number, ...seedOut(a.open.seed), a.open.startedAt, a.open.questions] : null,
        a.last
          ? [
              a.last.number,
              ...seedOut(a.last.seed),
              a.last.questions,
              a.last.answers.map((x) => (x === null ? null : x)),
            ]
          : null,
      ];
    case "roleplay":
      return [
        a.graded,
        opt(a.lastAt),
        bit(a.passed),
        opt(a.score),
        a.current
          ? [a.current.number, ...seedOut(a.current.seed), bit(a.current.ended), a.current.at, a.current.path]
          : null,
      ];
  }
}

function unpackActivity(kind: ActivityState["kind"], p: Packed): ActivityState {
  const v = list(p);
  switch (kind) {
    case "lesson":
      return { kind, readAt: maybe(v[0], num) };
    case "quiz":
      return {
        kind,
        graded: num(v[0]),
        lastAt: maybe(v[1], num),
        passed: num(v[2]) === 1,
        history: list(v[3]).map((h) => {
          const [n, score, passed] = nums(h);
          return { number: n!, score: score!, passed: passed === 1 };
        }),
        seen: nums(v[4]),
        open: maybe(v[5], (o) => {
          const x = list(o);
          return {
            number: num(x[0]),
            seed: seedIn(x[1]!, x[2]!),
            startedAt: num(x[3]),
            questions: nums(x[4]),
          };
        }),
        last: maybe(v[6], (o) => {
          const x = list(o);
          return {
            number: num(x[0]),
            seed: seedIn(x[1]!, x[2]!),
            questions: nums(x[3]),
            answers: list(x[4]).map((a) => (a === null ? null : Array.isArray(a) ? nums(a) : num(a))),
          };
        }),
      };
    case "roleplay":
      return {
        kind,
        graded: num(v[0]),
        lastAt: maybe(v[1], num),
        passed: num(v[2]) === 1,
        score: maybe(v[3], num),
        current: maybe(v[4], (o) => {
          const x = list(o);
          return {
            number: num(x[0]),
            seed: seedIn(x[1]!, x[2]!),
            ended: num(x[3]) === 1,
            at: num(x[4]),
            path: nums(x[5]),
          };
        }),
      };
  }
}

/** the state as suspend_data */
export function encodeState(state: ModuleState): string {
  return pack([FORMAT, parseInt(state.hash, 16), state.activities.map(packActivity)]);
}

/**
 * suspend_data back to state, for a module whose activities are of these kinds. null when it
 * is empty, unreadable, or was written for other content (the module changed since): the
 * learner starts the module's state again, and says so
 */
export function decodeState(
  text: string,
  expect: { hash: string; kinds: ActivityState["kind"][] },
): { state: ModuleState } | { state: null; reason: "empty" | "unreadable" | "changed" } {
  if (!text) return { state: null, reason: "empty" };
  try {
    const top = list(unpack(text));
    if (num(top[0]) !== FORMAT) return { state: null, reason: "unreadable" };
    const hash = num(top[1]).toString(16).padStart(8, "0");
    if (hash !== expect.hash) return { state: null, reason: "changed" };
    const items = list(top[2]);
    if (items.length !== expect.kinds.length) return { state: null, reason: "changed" };
    return { state: { hash, activities: items.map((p, i) => unpackActivity(expect.kinds[i]!, p)) } };
  } catch {
    return { state: null, reason: "unreadable" };
  }
}

export function emptyState(hash: string, kinds: ActivityState["kind"][]): ModuleState {
  return {
    hash,
    activities: kinds.map((kind): ActivityState => {
      if (kind === "lesson") return { kind, readAt: null };
      if (kind === "quiz")
        return {
          kind,
          graded: 0,
          lastAt: null,
          passed: false,
          history: [],
          seen: [],
          open: null,
          last: null,
        };
      return { kind, graded: 0, lastAt: null, passed: false, score: null, current: null };
    }),
  };
}
