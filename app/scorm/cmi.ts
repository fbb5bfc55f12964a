import type { ScormVersion } from "./types";

// server-side checks of the cmi data model the player sends on every commit, flattened to
// full element names ("cmi.core.lesson_status" -> "passed"). the browser is not trusted:
// everything is re-checked here against the scorm 1.2 / 2004 data types, all problems are
// reported at once, and a summary the server can act on is read out of it.
//
// an empty string always passes: scorm-again reports every element nobody has set as "",
// and the summary reads "" as "not set" (null).

export type CmiError = { element: string; code: number; message: string };

export type CmiLimits = {
  /** longest 1.2 cmi.suspend_data; the spec's CMIString4096 */
  suspendData12Max: number;
  /** longest 2004 cmi.suspend_data; the spec's 64,000 is a floor an lms may exceed */
  suspendData2004Max: number;
  maxElements: number;
  /** longest value of any element without a rule of its own */
  maxValueLength: number;
  /** all keys and values together */
  maxTotalChars: number;
};

export const DEFAULT_CMI_LIMITS: CmiLimits = {
  suspendData12Max: 4096,
  suspendData2004Max: 256_000,
  maxElements: 5_000,
  maxValueLength: 256_000,
  maxTotalChars: 2_000_000,
};

/** not scorm codes: the data is not an object of strings, or breaks a server bound */
export const CMI_MALFORMED = 0;
/** scorm 1.2 "incorrect data type", used for every type, vocabulary and range problem */
export const CMI12_INCORRECT_TYPE = 405;
/** scorm 2004 "data model element type mismatch" */
export const CMI2004_TYPE_MISMATCH = 406;
/** scorm 2004 "data model element value out of range" */
export const CMI2004_OUT_OF_RANGE = 407;

export type CmiInteraction = {
  id: string;
  type: string | null;
  result: string | null;
  learnerResponse: string | null;
  correctResponses: string[];
  timestamp: string | null;
  latency: string | null;
  weighting: string | null;
  description: string | null;
};

export type CmiObjective = {
  id: string;
  successStatus: string | null;
  completionStatus: string | null;
  scoreScaled: number | null;
  scoreRaw: number | null;
  status12: string | null;
};

export type CmiSummary = {
  completionStatus: "completed" | "incomplete" | "not attempted" | "unknown";
  successStatus: "passed" | "failed" | "unknown";
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  location: string | null;
  suspendData: string | null;
  exit: string | null;
  sessionTimeSeconds: number | null;
  progressMeasure: number | null;
  /** the raw 1.2 cmi.core.lesson_status, for the record */
  lessonStatus12: string | null;
  interactions: CmiInteraction[];
  objectives: CmiObjective[];
  navRequest: string | null;
};

export type CmiValidation =
  { ok: true; summary: CmiSummary; cmi: Record<string, string> } | { ok: false; errors: CmiError[] };

// ---------------------------------------------------------------------------- times

// times are worked in whole centiseconds so sums do not drift
const MAX_12_CS = ((9999 * 60 + 59) * 60 + 59) * 100 + 99;
// 2004 timeinterval (second,10,2): at most 10 digits of seconds
const MAX_2004_CS = 999_999_999_999;

const TIMESPAN_12 = /^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$/;
const DURATION_2004 =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,2}))?S)?)?$/;

function centis(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(2, "0")) : 0;
}

function toCentis(seconds: number, max: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.min(Math.round(seconds * 100), max);
}

/** a scorm 1.2 CMITimespan "HHHH:MM:SS.SS" (2-4 hour digits, 0-2 decimals) in seconds */
export function parseScorm12Time(v: string): number | null {
  const m = TIMESPAN_12.exec(v);
  if (!m) return null;
  const cs = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 100 + centis(m[4]);
  return cs / 100;
}

/** seconds as a 1.2 CMITimespan, e.g. 3725.5 -> "0001:02:05.50"; clamped to 0..9999:59:59.99 */
export function formatScorm12Time(seconds: number): string {
  const cs = toCentis(seconds, MAX_12_CS);
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${pad(h, 4)}:${pad(m, 2)}:${pad(s, 2)}.${pad(cs % 100, 2)}`;
}

function isoDurationCentis(v: string): number | null {
  const m = DURATION_2004.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  if (y === undefined && mo === undefined && d === undefined && h === undefined && mi === undefined) {
    if (s === undefined) return null; // "P", "PT"
  }
  if (v.endsWith("T")) return null; // "P1DT"
  // a year is 365 days and a month 30 days, as scorm-again and most lmss count them
  const days = Number(y ?? 0) * 365 + Number(mo ?? 0) * 30 + Number(d ?? 0);
  const secs = ((days * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60 + Number(s ?? 0);
  const cs = secs * 100 + centis(frac);
  return Number.isSafeInteger(cs) && cs <= MAX_2004_CS ? cs : null;
}

/**
 * a scorm 2004 timeinterval "P[yY][mM][dD][T[hH][mM][s[.s]S]]" in seconds: whole numbers
 * but for up to 2 decimals of seconds; a year counts 365 days and a month 30. null for
 * anything else, "P" and "PT" on their own, negatives, and more than 9,999,999,999.99 s
 */
export function parseIsoDuration(v: string): number | null {
  const cs = isoDurationCentis(v);
  return cs === null ? null : cs / 100;
}

/** seconds as "PT#H#M#S" with up to 2 decimals, e.g. 0 -> "PT0S", 3723.5 -> "PT1H2M3.5S" */
export function formatIsoDuration(seconds: number): string {
  const cs = toCentis(seconds, MAX_2004_CS);
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = cs % 6000;
  let out = "PT";
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (s || (!h && !m)) out += `${s % 100 ? (s / 100).toFixed(2).replace(/0$/, "") : s / 100}S`;
  return out;
}

/**
 * adds one session's session_time to the stored total; null when the session time is not a
 * valid time for the version (an empty one included). a stored total that is negative or not
 * a number counts as 0. totalSeconds is exact to the centisecond; the 1.2 text clamps at
 * 9999 hours
 */
export function addSessionTime(
  version: ScormVersion,
  totalSeconds: number,
  sessionTime: string,
  maxSessionSeconds = Number.POSITIVE_INFINITY,
): { totalSeconds: number; total: string } | null {
  const reported = version === "1.2" ? parseScorm12Time(sessionTime) : parseIsoDuration(sessionTime);
  if (reported === null) return null;
  const session = Math.min(reported, Math.max(0, maxSessionSeconds));
  const cs = toCentis(totalSeconds, Number.MAX_SAFE_INTEGER) + Math.round(session * 100);
  const sum = cs / 100;
  return { totalSeconds: sum, total: version === "1.2" ? formatScorm12Time(sum) : formatIsoDuration(sum) };
}

// ---------------------------------------------------------------------------- scores

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;
const clampPercent = (n: number) => Math.min(100, Math.max(0, n));

/**
 * the score as a percentage, rounded to 7 decimals (so 0.57 scaled is 57, not 56.99...):
 * 1. scaled × 100 when scaled is set (2004; may be negative, as scaled may);
 * 2. else raw placed between min and max, clamped 0-100, when max is set and above min
 *    (a missing min counts as 0: scorm-again sets max to "100" and leaves min empty);
 * 3. else raw itself clamped 0-100: with no usable range it is read as a percentage, which
 *    is what scorm 1.2 scores are;
 * 4. else null.
 */
export function scorePercent(
  s: Pick<CmiSummary, "scoreRaw" | "scoreMin" | "scoreMax" | "scoreScaled">,
): number | null {
  if (s.scoreScaled !== null) return round7(s.scoreScaled * 100);
  if (s.scoreRaw === null) return null;
  const min = s.scoreMin ?? 0;
  if (s.scoreMax !== null && s.scoreMax > min) {
    return round7(clampPercent(((s.scoreRaw - min) * 100) / (s.scoreMax - min)));
  }
  return round7(clampPercent(s.scoreRaw));
}

export type CompletionRule = { kind: "completed" } | { kind: "passed" } | { kind: "score"; min: number };

/** whether a summary meets a completion rule; a 1.2 "failed" is completed, not passed */
export function meetsRule(rule: CompletionRule, s: CmiSummary): boolean {
  switch (rule.kind) {
    case "completed":
      return s.completionStatus === "completed";
    case "passed":
      return s.successStatus === "passed";
    case "score": {
      const p = scorePercent(s);
      return p !== null && p >= rule.min;
    }
  }
}

/** the results an attempt has on record: its status and score columns */
export type RecordedResults = Pick<CmiSummary, "scoreRaw" | "scoreMin" | "scoreMax" | "scoreScaled"> & {
  completionStatus: string;
  successStatus: string;
};

/**
 * once an attempt has met its rule, what it reported is kept: a later commit may add to it (a
 * pass after a completion, a higher score) but not take it back. content keeps committing
 * after it finishes (a bookmark, suspend data), and an old window or a hand-made request could
 * otherwise turn a recorded pass back into "not attempted". the stored data is changed to
 * match, so what the content reads on resume is what the reports show.
 */
export function keepResults(
  version: ScormVersion,
  before: RecordedResults,
  s: CmiSummary,
  data: Record<string, string>,
): { summary: CmiSummary; data: Record<string, string> } {
  const is12 = version === "1.2";
  const summary = { ...s };
  const out = { ...data };
  if (before.completionStatus === "completed") summary.completionStatus = "completed";
  if (before.successStatus === "passed") summary.successStatus = "passed";
  const was = scorePercent(before);
  const now = scorePercent(s);
  const keepScore = was !== null && (now === null || now < was);
  if (keepScore) {
    summary.scoreRaw = before.scoreRaw;
    summary.scoreMin = before.scoreMin;
    summary.scoreMax = before.scoreMax;
    summary.scoreScaled = before.scoreScaled;
    const prefix = is12 ? "cmi.core.score." : "cmi.score.";
    const parts: [string, number | null][] = [
      ["raw", before.scoreRaw],
      ["min", before.scoreMin],
      ["max", before.scoreMax],
      ...(is12 ? [] : ([["scaled", before.scoreScaled]] as [string, number | null][])),
    ];
    for (const [k, v] of parts) {
      if (v === null) delete out[`${prefix}${k}`];
      else out[`${prefix}${k}`] = String(v);
    }
  }
  if (is12) {
    const status =
      summary.successStatus === "passed"
        ? "passed"
        : summary.successStatus === "failed"
          ? "failed"
          : summary.completionStatus === "completed"
            ? "completed"
            : null;
    if (status && status !== s.lessonStatus12) {
      out["cmi.core.lesson_status"] = status;
      summary.lessonStatus12 = status;
    }
  } else {
    if (summary.completionStatus !== s.completionStatus)
      out["cmi.completion_status"] = summary.completionStatus;
    if (summary.successStatus !== s.successStatus) out["cmi.success_status"] = summary.successStatus;
  }
  return { summary, data: out };
}

// ---------------------------------------------------------------------------- element rules

type Rule = (element: string, v: string, limits: CmiLimits) => CmiError | null;

const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const isDecimal = (v: string) => DECIMAL.test(v) && Number.isFinite(Number(v));
const list = (words: readonly string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "");

function oneOf(code: number, version: string, words: readonly string[], orDecimal = false): Rule {
  return (element, v) =>
    words.includes(v) || (orDecimal && isDecimal(v))
      ? null
      : {
          element,
          code,
          message: `${element} is ${show(v)}; SCORM ${version} allows ${list(words)}${orDecimal ? " or a number" : ""}`,
        };
}

function decimal(version: string, typeCode: number, range?: [number, number], rangeCode = typeCode): Rule {
  return (element, v) => {
    if (!isDecimal(v)) return { element, code: typeCode, message: `${element} is ${show(v)}, not a number` };
    const n = Number(v);
    if (range && (n < range[0] || n > range[1])) {
      return {
        element,
        code: rangeCode,
        message: `${element} is ${v}; SCORM ${version} requires it between ${range[0]} and ${range[1]}`,
      };
    }
    return null;
  };
}

function maxLength(code: number, version: string, max: number, type: string): Rule {
  return (element, v) =>
    v.length > max
      ? {
          element,
          code,
          message: `${element} is ${v.length} characters; SCORM ${version} allows at most ${max} (${type})`,
        }
      : null;
}

function pattern(code: number, test: (v: string) => boolean, what: string): Rule {
  return (element, v) =>
    test(v) ? null : { element, code, message: `${element} is ${show(v)}, not ${what}` };
}

const E12 = CMI12_INCORRECT_TYPE;
const STATUS_12 = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"] as const;
const score12 = decimal("1.2", E12, [0, 100]);
const timespan12 = pattern(E12, (v) => parseScorm12Time(v) !== null, "a CMITimespan (HHHH:MM:SS.SS)");
const identifier12 = maxLength(E12, "1.2", 255, "CMIIdentifier");

const RULES_12: Record<string, Rule> = {
  "cmi.core.lesson_status": oneOf(E12, "1.2", STATUS_12),
  "cmi.core.exit": oneOf(E12, "1.2", ["time-out", "suspend", "logout", ""]),
  "cmi.core.score.raw": score12,
  "cmi.core.score.min": score12,
  "cmi.core.score.max": score12,
  "cmi.core.lesson_location": maxLength(E12, "1.2", 255, "CMIString255"),
  "cmi.core.session_time": timespan12,
  "cmi.core.total_time": timespan12,
  "cmi.suspend_data": (element, v, limits) =>
    v.length > limits.suspendData12Max
      ? {
          element,
          code: E12,
          message:
            limits.suspendData12Max === 4096
              ? `${element} is ${v.length} characters; SCORM 1.2 allows at most 4096 (CMIString4096)`
              : `${element} is ${v.length} characters; this server accepts at most ${limits.suspendData12Max}`,
        }
      : null,
  "cmi.comments": maxLength(E12, "1.2", 4096, "CMIString4096"),
  "cmi.interactions.n.id": identifier12,
  "cmi.interactions.n.type": oneOf(E12, "1.2", [
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
  ]),
  "cmi.interactions.n.result": oneOf(E12, "1.2", ["correct", "wrong", "unanticipated", "neutral"], true),
  "cmi.interactions.n.time": pattern(
    E12,
    (v) => /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,2})?$/.test(v),
    "a CMITime (HH:MM:SS.SS)",
  ),
  "cmi.interactions.n.latency": timespan12,
  "cmi.interactions.n.weighting": decimal("1.2", E12),
  "cmi.objectives.n.id": identifier12,
  "cmi.objectives.n.status": oneOf(E12, "1.2", STATUS_12),
  "cmi.objectives.n.score.raw": score12,
  "cmi.objectives.n.score.min": score12,
  "cmi.objectives.n.score.max": score12,
};

const T04 = CMI2004_TYPE_MISMATCH;
const R04 = CMI2004_OUT_OF_RANGE;
const COMPLETION_2004 = ["completed", "incomplete", "not attempted", "unknown"] as const;
const SUCCESS_2004 = ["passed", "failed", "unknown"] as const;
const real04 = decimal("2004", T04);
const scaled04 = decimal("2004", T04, [-1, 1], R04);
const progress04 = decimal("2004", T04, [0, 1], R04);
const duration04 = pattern(
  T04,
  (v) => isoDurationCentis(v) !== null,
  "a SCORM 2004 time interval such as PT1H2M3.5S",
);

const RULES_2004: Record<string, Rule> = {
  "cmi.completion_status": oneOf(T04, "2004", COMPLETION_2004),
  "cmi.success_status": oneOf(T04, "2004", SUCCESS_2004),
  "cmi.exit": oneOf(T04, "2004", ["time-out", "suspend", "logout", "normal", ""]),
  "cmi.score.scaled": scaled04,
  "cmi.score.raw": real04,
  "cmi.score.min": real04,
  "cmi.score.max": real04,
  "cmi.progress_measure": progress04,
  "cmi.location": maxLength(R04, "2004", 1000, "characterstring SPM 1000"),
  "cmi.suspend_data": (element, v, limits) =>
    v.length > limits.suspendData2004Max
      ? {
          element,
          code: R04,
          message: `${element} is ${v.length} characters; this server accepts at most ${limits.suspendData2004Max} (SCORM 2004 requires at least 64000)`,
        }
      : null,
  "cmi.session_time": duration04,
  "cmi.total_time": duration04,
  "cmi.interactions.n.type": oneOf(T04, "2004", [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "likert",
    "matching",
    "performance",
    "sequencing",
    "numeric",
    "other",
  ]),
  "cmi.interactions.n.result": oneOf(T04, "2004", ["correct", "incorrect", "unanticipated", "neutral"], true),
  "cmi.interactions.n.latency": duration04,
  "cmi.interactions.n.weighting": real04,
  "cmi.objectives.n.success_status": oneOf(T04, "2004", SUCCESS_2004),
  "cmi.objectives.n.completion_status": oneOf(T04, "2004", COMPLETION_2004),
  "cmi.objectives.n.score.scaled": scaled04,
  "cmi.objectives.n.score.raw": real04,
  "cmi.objectives.n.score.min": real04,
  "cmi.objectives.n.score.max": real04,
  "cmi.objectives.n.progress_measure": progress04,
};

// ---------------------------------------------------------------------------- validation

const KEY = /^(?:cmi|adl)(?:\.[A-Za-z0-9_]+)+$/;
// the segment after one of these is an index (or _count / _children)
const COLLECTIONS = new Set([
  "interactions",
  "objectives",
  "correct_responses",
  "comments_from_learner",
  "comments_from_lms",
  "data",
]);
const INDEX = /^(?:0|[1-9]\d{0,8})$/;

function keyProblem(key: string): string | null {
  if (key.length > 255) return `an element name is ${key.length} characters; at most 255 are allowed`;
  if (!key.startsWith("cmi.") && !key.startsWith("adl."))
    return `${show(key)} does not start with cmi. or adl.`;
  if (!KEY.test(key)) return `${show(key)} is not a valid element name`;
  const parts = key.split(".");
  for (let i = 1; i < parts.length - 1; i++) {
    const next = parts[i + 1]!;
    if (COLLECTIONS.has(parts[i]!) && !INDEX.test(next) && next !== "_count" && next !== "_children") {
      return `${show(key)} has ${show(next)} where an index is expected`;
    }
  }
  return null;
}

// scorm-again's flattened model holds {} for an empty collection ("cmi.objectives": {});
// they carry nothing, so they are dropped rather than refused
function isEmptyContainer(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const generic = (key: string) => key.replace(/\.\d+(?=\.|$)/g, ".n");

/**
 * checks a flattened cmi data model from the player. every problem is reported, each with
 * a scorm error code (1.2: 405; 2004: 406 type, 407 range) or 0 when the data is not an
 * object of strings or breaks a server bound. elements without a rule pass through,
 * bounded by limits.maxValueLength
 */
export function validateCmi(
  version: ScormVersion,
  cmi: unknown,
  limits: Partial<CmiLimits> = DEFAULT_CMI_LIMITS,
): CmiValidation {
  const lim: CmiLimits = { ...DEFAULT_CMI_LIMITS, ...limits };
  const malformed = (element: string, message: string): CmiError => ({
    element,
    code: CMI_MALFORMED,
    message,
  });
  if (!isPlainObject(cmi)) {
    const what = cmi === null ? "null" : Array.isArray(cmi) ? "a list" : typeof cmi;
    return { ok: false, errors: [malformed("cmi", `the data should be an object of elements, not ${what}`)] };
  }
  const keys = Object.keys(cmi);
  if (keys.length > lim.maxElements) {
    return {
      ok: false,
      errors: [
        malformed(
          "cmi",
          `the data has ${keys.length} elements; this server accepts at most ${lim.maxElements}`,
        ),
      ],
    };
  }

  const errors: CmiError[] = [];
  const data: Record<string, string> = {};
  let total = 0;
  for (const key of keys) {
    const v = cmi[key];
    const problem = keyProblem(key);
    if (problem) {
      errors.push(malformed(key.length > 255 ? `${key.slice(0, 255)}…` : key, problem));
      continue;
    }
    if (typeof v === "string") {
      data[key] = v;
      total += key.length + v.length;
    } else if (!isEmptyContainer(v)) {
      const what = v === null ? "null" : Array.isArray(v) ? "a list" : typeof v;
      errors.push(malformed(key, `${key} should be text, not ${what}`));
    }
  }
  if (total > lim.maxTotalChars) {
    errors.push(
      malformed("cmi", `the data is ${total} characters; this server accepts at most ${lim.maxTotalChars}`),
    );
    return { ok: false, errors };
  }

  const rules = version === "1.2" ? RULES_12 : RULES_2004;
  for (const [key, v] of Object.entries(data)) {
    const rule = rules[generic(key)];
    const error = v === "" ? null : rule ? rule(key, v, lim) : null;
    if (error) errors.push(error);
    // suspend_data has its own configured bound
    else if (v.length > lim.maxValueLength && key !== "cmi.suspend_data") {
      errors.push(
        malformed(key, `${key} is ${v.length} characters; this server accepts at most ${lim.maxValueLength}`),
      );
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, summary: summarise(version, data), cmi: data };
}

// ---------------------------------------------------------------------------- summary

function text(v: string | undefined): string | null {
  return v === undefined || v === "" ? null : v;
}

function num(v: string | undefined): number | null {
  return v === undefined || v === "" ? null : Number(v);
}

/** groups "prefix.<n>.rest" keys by n, in numeric order */
function byIndex(data: Record<string, string>, prefix: string): Array<Record<string, string>> {
  const groups = new Map<number, Record<string, string>>();
  for (const [key, v] of Object.entries(data)) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
    if (!m) continue;
    const n = Number(m[1]);
    const group = groups.get(n) ?? {};
    group[m[2]!] = v;
    groups.set(n, group);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

const LESSON_STATUS_12: Record<string, Pick<CmiSummary, "completionStatus" | "successStatus">> = {
  passed: { completionStatus: "completed", successStatus: "passed" },
  failed: { completionStatus: "completed", successStatus: "failed" },
  completed: { completionStatus: "completed", successStatus: "unknown" },
  incomplete: { completionStatus: "incomplete", successStatus: "unknown" },
  browsed: { completionStatus: "incomplete", successStatus: "unknown" },
  "not attempted": { completionStatus: "not attempted", successStatus: "unknown" },
};

function summarise(version: ScormVersion, d: Record<string, string>): CmiSummary {
  const is12 = version === "1.2";
  const lessonStatus = is12 ? text(d["cmi.core.lesson_status"]) : null;
  const statuses: Pick<CmiSummary, "completionStatus" | "successStatus"> = is12
    ? ((lessonStatus === null ? undefined : LESSON_STATUS_12[lessonStatus]) ?? {
        completionStatus: "unknown",
        successStatus: "unknown",
      })
    : {
        completionStatus: (text(d["cmi.completion_status"]) ?? "unknown") as CmiSummary["completionStatus"],
        successStatus: (text(d["cmi.success_status"]) ?? "unknown") as CmiSummary["successStatus"],
      };
  const score = is12 ? "cmi.core.score." : "cmi.score.";
  const sessionTime = text(d[is12 ? "cmi.core.session_time" : "cmi.session_time"]);

  const interactions = byIndex(d, "cmi.interactions.").map((g): CmiInteraction => ({
    id: g["id"] ?? "",
    type: text(g["type"]),
    result: text(g["result"]),
    learnerResponse: text(g[is12 ? "student_response" : "learner_response"]),
    correctResponses: byIndex(g, "correct_responses.").flatMap((c) =>
      c["pattern"] === undefined ? [] : [c["pattern"]],
    ),
    timestamp: text(g[is12 ? "time" : "timestamp"]),
    latency: text(g["latency"]),
    weighting: text(g["weighting"]),
    description: is12 ? null : text(g["description"]),
  }));
  const objectives = byIndex(d, "cmi.objectives.").map((g): CmiObjective => ({
    id: g["id"] ?? "",
    successStatus: is12 ? null : text(g["success_status"]),
    completionStatus: is12 ? null : text(g["completion_status"]),
    scoreScaled: is12 ? null : num(g["score.scaled"]),
    scoreRaw: num(g["score.raw"]),
    status12: is12 ? text(g["status"]) : null,
  }));

  return {
    ...statuses,
    scoreRaw: num(d[`${score}raw`]),
    scoreMin: num(d[`${score}min`]),
    scoreMax: num(d[`${score}max`]),
    scoreScaled: is12 ? null : num(d["cmi.score.scaled"]),
    location: text(d[is12 ? "cmi.core.lesson_location" : "cmi.location"]),
    suspendData: text(d["cmi.suspend_data"]),
    exit: text(d[is12 ? "cmi.core.exit" : "cmi.exit"]),
    sessionTimeSeconds:
      sessionTime === null ? null : is12 ? parseScorm12Time(sessionTime) : parseIsoDuration(sessionTime),
    progressMeasure: is12 ? null : num(d["cmi.progress_measure"]),
    lessonStatus12: lessonStatus,
    interactions,
    objectives,
    navRequest: text(d["adl.nav.request"]),
  };
}
