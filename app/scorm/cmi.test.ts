import { describe, expect, it } from "vitest";
import {
  addSessionTime,
  type CmiSummary,
  DEFAULT_CMI_LIMITS,
  formatIsoDuration,
  formatScorm12Time,
  meetsRule,
  parseIsoDuration,
  parseScorm12Time,
  scorePercent,
  validateCmi,
} from "./cmi";
import type { ScormVersion } from "./types";

function errorsOf(version: ScormVersion, cmi: unknown, limits?: Parameters<typeof validateCmi>[2]) {
  const r = validateCmi(version, cmi, limits);
  if (r.ok) throw new Error(`expected errors for ${JSON.stringify(cmi).slice(0, 200)}`);
  return r.errors;
}

function summaryOf(version: ScormVersion, cmi: Record<string, string>) {
  const r = validateCmi(version, cmi);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.summary;
}

const blank: CmiSummary = {
  completionStatus: "unknown",
  successStatus: "unknown",
  scoreRaw: null,
  scoreMin: null,
  scoreMax: null,
  scoreScaled: null,
  location: null,
  suspendData: null,
  exit: null,
  sessionTimeSeconds: null,
  progressMeasure: null,
  lessonStatus12: null,
  interactions: [],
  objectives: [],
  navRequest: null,
};

describe("scorm 1.2 CMITimespan", () => {
  it.each([
    ["00:00:00", 0],
    ["0000:00:30.50", 30.5],
    ["0001:59:30.00", 7170],
    ["01:02:03", 3723],
    ["0100:00:00", 360_000],
    ["100:00:00", 360_000],
    ["9999:59:59.99", 35_999_999.99],
    ["00:00:01.5", 1.5],
    ["00:00:01.05", 1.05],
  ])("reads %s as %s seconds", (v, seconds) => {
    expect(parseScorm12Time(v)).toBe(seconds);
  });

  it.each([
    "",
    "0:00:00",
    "10000:00:00",
    "00:60:00",
    "00:00:60",
    "00:0:00",
    "00:00:00.",
    "00:00:00.123",
    "-01:00:00",
    "00:00",
    "PT1S",
    " 00:00:00",
    "00:00:00\n",
  ])("refuses %j", (v) => {
    expect(parseScorm12Time(v)).toBeNull();
  });

  it.each([
    [0, "0000:00:00.00"],
    [3725.5, "0001:02:05.50"],
    [30.5, "0000:00:30.50"],
    [0.005, "0000:00:00.01"],
    [360_000, "0100:00:00.00"],
    [-5, "0000:00:00.00"],
    [Number.NaN, "0000:00:00.00"],
    [36_000_000, "9999:59:59.99"],
    [Number.POSITIVE_INFINITY, "0000:00:00.00"],
  ])("writes %s seconds as %s", (seconds, v) => {
    expect(formatScorm12Time(seconds)).toBe(v);
  });

  it("round-trips to the centisecond", () => {
    for (const seconds of [
      0, 0.01, 0.1, 1.23, 59.99, 61, 3599.99, 3600, 86_399.5, 1_234_567.89, 35_999_999.99,
    ]) {
      expect(parseScorm12Time(formatScorm12Time(seconds))).toBe(seconds);
    }
  });
});

describe("scorm 2004 timeinterval", () => {
  it.each([
    ["PT0S", 0],
    ["PT0H0M0S", 0],
    ["PT1M30.5S", 90.5],
    ["PT1H2M3.5S", 3723.5],
    ["PT30M15.25S", 1815.25],
    ["P1DT2H", 93_600],
    ["P1D", 86_400],
    ["P1M", 30 * 86_400],
    ["P1Y", 365 * 86_400],
    ["P1Y2M3DT4H5M6.07S", 365 * 86_400 + 60 * 86_400 + 3 * 86_400 + 4 * 3600 + 5 * 60 + 6.07],
    ["PT100H", 360_000],
    ["PT90M", 5400],
    ["PT0.5S", 0.5],
  ])("reads %s as %s seconds", (v, seconds) => {
    expect(parseIsoDuration(v)).toBe(seconds);
  });

  it.each([
    "",
    "P",
    "PT",
    "P1DT",
    "-PT1S",
    "PT-1S",
    "PT1.5H",
    "PT1.5M",
    "PT1.555S",
    "PT.5S",
    "P1W",
    "P1H",
    "pt1s",
    "T1S",
    "PT1S ",
    "01:00:00",
    "P1000Y",
    "P99999999999999999999Y",
  ])("refuses %j", (v) => {
    expect(parseIsoDuration(v)).toBeNull();
  });

  it.each([
    [0, "PT0S"],
    [0.5, "PT0.5S"],
    [0.05, "PT0.05S"],
    [90.5, "PT1M30.5S"],
    [3600, "PT1H"],
    [3660, "PT1H1M"],
    [3723.5, "PT1H2M3.5S"],
    [93_600, "PT26H"],
    [1.234, "PT1.23S"],
    [-1, "PT0S"],
    [Number.NaN, "PT0S"],
  ])("writes %s seconds as %s", (seconds, v) => {
    expect(formatIsoDuration(seconds)).toBe(v);
  });

  it("round-trips to the centisecond", () => {
    for (const seconds of [0, 0.01, 0.1, 1.23, 59.99, 61, 3599.99, 3600, 86_399.5, 1_234_567.89]) {
      expect(parseIsoDuration(formatIsoDuration(seconds))).toBe(seconds);
    }
  });
});

describe("adding session time to the total", () => {
  it("accumulates 1.2 timespans", () => {
    const first = addSessionTime("1.2", 0, "0000:00:30.50");
    expect(first).toEqual({ totalSeconds: 30.5, total: "0000:00:30.50" });
    expect(addSessionTime("1.2", first!.totalSeconds, "0001:59:30.00")).toEqual({
      totalSeconds: 7200.5,
      total: "0002:00:00.50",
    });
  });

  it("counts a session as no longer than the cap it is given (how long the launch has lasted)", () => {
    expect(addSessionTime("1.2", 100, "9999:00:00", 600)).toEqual({
      totalSeconds: 700,
      total: "0000:11:40.00",
    });
    expect(addSessionTime("2004", 0, "PT5M", 600)).toEqual({ totalSeconds: 300, total: "PT5M" });
    expect(addSessionTime("2004", 0, "PT5M", -3)?.totalSeconds).toBe(0);
  });

  it("accumulates past 99 hours in 1.2", () => {
    expect(addSessionTime("1.2", 360_000, "0100:00:00")).toEqual({
      totalSeconds: 720_000,
      total: "0200:00:00.00",
    });
  });

  it("accumulates 2004 durations", () => {
    const first = addSessionTime("2004", 0, "PT1H");
    expect(first).toEqual({ totalSeconds: 3600, total: "PT1H" });
    expect(addSessionTime("2004", first!.totalSeconds, "PT30M15.25S")).toEqual({
      totalSeconds: 5415.25,
      total: "PT1H30M15.25S",
    });
  });

  it("does not drift over many small sessions", () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) total = addSessionTime("2004", total, "PT0.1S")!.totalSeconds;
    expect(total).toBe(100);
    expect(formatIsoDuration(total)).toBe("PT1M40S");
  });

  it("is null for a session time that is invalid for the version", () => {
    expect(addSessionTime("1.2", 10, "PT1S")).toBeNull();
    expect(addSessionTime("2004", 10, "00:00:01")).toBeNull();
    expect(addSessionTime("2004", 10, "P")).toBeNull();
    expect(addSessionTime("1.2", 10, "")).toBeNull();
  });

  it("treats a stored total that is not a number as 0", () => {
    expect(addSessionTime("2004", Number.NaN, "PT5S")).toEqual({ totalSeconds: 5, total: "PT5S" });
    expect(addSessionTime("1.2", -3, "00:00:05")).toEqual({ totalSeconds: 5, total: "0000:00:05.00" });
  });

  it("keeps the exact total while the 1.2 text stops at 9999 hours", () => {
    expect(addSessionTime("1.2", 9999 * 3600, "0002:00:00")).toEqual({
      totalSeconds: 10_001 * 3600,
      total: "9999:59:59.99",
    });
  });
});

describe("malformed input", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a list", [["cmi.core.lesson_status", "passed"]]],
    ["a string", "cmi.core.lesson_status=passed"],
    ["a number", 42],
    ["a date", new Date()],
    ["a map", new Map([["cmi.core.lesson_status", "passed"]])],
  ])("refuses %s", (_, cmi) => {
    const errors = errorsOf("1.2", cmi);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ element: "cmi", code: 0 });
  });

  it("refuses values that are not text, one error each", () => {
    const errors = errorsOf("2004", {
      "cmi.score.raw": 85,
      "cmi.completion_status": null,
      "cmi.location": true,
      "cmi.suspend_data": { a: "b" },
      "cmi.exit": ["suspend"],
      "cmi.success_status": "passed",
    });
    expect(errors.map((e) => [e.element, e.code])).toEqual([
      ["cmi.score.raw", 0],
      ["cmi.completion_status", 0],
      ["cmi.location", 0],
      ["cmi.suspend_data", 0],
      ["cmi.exit", 0],
    ]);
    expect(errors[0]!.message).toBe("cmi.score.raw should be text, not number");
    expect(errors[1]!.message).toBe("cmi.completion_status should be text, not null");
  });

  it("drops the empty {} and [] scorm-again writes for empty collections", () => {
    const r = validateCmi("2004", {
      "cmi.objectives": {},
      "cmi.interactions": [],
      "cmi.interactions.0.id": "q1",
      "cmi.interactions.0.objectives": {},
    });
    expect(r).toMatchObject({ ok: true, cmi: { "cmi.interactions.0.id": "q1" } });
    if (r.ok) expect(Object.keys(r.cmi)).toEqual(["cmi.interactions.0.id"]);
  });

  it.each([
    ["core.lesson_status", "does not start with cmi. or adl."],
    ["CMI.core.lesson_status", "does not start with cmi. or adl."],
    ["scorm.anything", "does not start with cmi. or adl."],
    ["cmi.", "is not a valid element name"],
    ["cmi..core", "is not a valid element name"],
    ["cmi.core.lesson_status.", "is not a valid element name"],
    ["cmi.core lesson_status", "is not a valid element name"],
    ["cmi.core.lesson-status", "is not a valid element name"],
    ["cmi.core.<script>", "is not a valid element name"],
    ["cmi.interactions[0].id", "is not a valid element name"],
    ["cmi.interactions.x.id", "where an index is expected"],
    ["cmi.interactions.01.id", "where an index is expected"],
    ["cmi.interactions.0.correct_responses.a.pattern", "where an index is expected"],
    ["cmi.objectives.-1.id", "is not a valid element name"],
  ])("refuses the element name %j", (key, message) => {
    const errors = errorsOf("2004", { [key]: "x" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe(0);
    expect(errors[0]!.message).toContain(message);
  });

  it("refuses an element name over 255 characters", () => {
    const key = `cmi.${"a".repeat(252)}`;
    expect(key).toHaveLength(256);
    const errors = errorsOf("2004", { [key]: "x" });
    expect(errors[0]!.message).toBe("an element name is 256 characters; at most 255 are allowed");
    expect(validateCmi("2004", { [key.slice(0, 255)]: "x" }).ok).toBe(true);
  });

  it("accepts _count and _children and passes unknown and adl elements through", () => {
    const cmi = {
      "cmi.interactions._count": "0",
      "cmi.objectives._children": "id,score,status",
      "cmi.launch_data": "anything",
      "cmi.learner_preference.audio_level": "1",
      "adl.nav.request": "continue",
      "adl.data.0.id": "shared",
      "adl.data.0.store": '{"a":1}',
    };
    expect(validateCmi("2004", cmi)).toMatchObject({ ok: true, cmi });
  });

  it("refuses more elements than the limit, without looking further", () => {
    const cmi: Record<string, unknown> = {};
    for (let i = 0; i <= DEFAULT_CMI_LIMITS.maxElements; i++) cmi[`cmi.interactions.${i}.id`] = `q${i}`;
    cmi["cmi.completion_status"] = "nonsense";
    expect(errorsOf("2004", cmi)).toEqual([
      { element: "cmi", code: 0, message: "the data has 5002 elements; this server accepts at most 5000" },
    ]);
    expect(validateCmi("2004", { "cmi.location": "a", "cmi.exit": "" }, { maxElements: 2 }).ok).toBe(true);
    expect(validateCmi("2004", { "cmi.location": "a", "cmi.exit": "" }, { maxElements: 1 }).ok).toBe(false);
  });

  it("refuses more characters in all than the limit", () => {
    const cmi = { "cmi.location": "abcd", "cmi.exit": "" };
    // 12 + 4 + 8 + 0
    expect(validateCmi("2004", cmi, { maxTotalChars: 24 }).ok).toBe(true);
    expect(errorsOf("2004", cmi, { maxTotalChars: 23 })).toEqual([
      { element: "cmi", code: 0, message: "the data is 24 characters; this server accepts at most 23" },
    ]);
  });

  it("refuses a value over maxValueLength for an element without a rule of its own", () => {
    const limits = { maxValueLength: 10 };
    expect(validateCmi("2004", { "cmi.launch_data": "x".repeat(10) }, limits).ok).toBe(true);
    expect(errorsOf("2004", { "cmi.launch_data": "x".repeat(11) }, limits)).toEqual([
      {
        element: "cmi.launch_data",
        code: 0,
        message: "cmi.launch_data is 11 characters; this server accepts at most 10",
      },
    ]);
    // suspend_data is bounded by its own limit only
    expect(validateCmi("2004", { "cmi.suspend_data": "x".repeat(100) }, limits).ok).toBe(true);
  });
});

function ok(version: ScormVersion, key: string, value: string) {
  const r = validateCmi(version, { [key]: value });
  if (!r.ok) throw new Error(`${key}=${JSON.stringify(value)}: ${JSON.stringify(r.errors)}`);
}

function bad(version: ScormVersion, key: string, value: string, code: number) {
  const errors = errorsOf(version, { [key]: value });
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ element: key, code });
  return errors[0]!;
}

// element, values accepted, values refused
const RULES_12: Array<[string, string[], string[]]> = [
  [
    "cmi.core.lesson_status",
    ["passed", "completed", "failed", "incomplete", "browsed", "not attempted", ""],
    ["Passed", "unknown", "not_attempted", " passed"],
  ],
  ["cmi.core.exit", ["time-out", "suspend", "logout", ""], ["normal", "Suspend", "exit"]],
  [
    "cmi.core.score.raw",
    ["0", "85", "100", "99.5", "5.", ".5", "0.0", ""],
    ["-1", "100.01", "abc", "1e2", "+5", "-", "."],
  ],
  ["cmi.core.score.min", ["0", "50"], ["-0.5", "101", "x"]],
  ["cmi.core.score.max", ["100", "0"], ["1000", "ten"]],
  ["cmi.core.lesson_location", ["page-3", "x".repeat(255)], ["x".repeat(256)]],
  [
    "cmi.core.session_time",
    ["00:00:00", "0000:00:30.50", "0100:00:00", "12:34:56.7"],
    ["PT1S", "0:00:01", "00:61:00"],
  ],
  ["cmi.core.total_time", ["0000:00:00.00", "9999:59:59.99"], ["10000:00:00", "1 hour"]],
  ["cmi.suspend_data", ["", "x".repeat(4096)], ["x".repeat(4097)]],
  ["cmi.comments", ["a comment", "x".repeat(4096)], ["x".repeat(4097)]],
  [
    "cmi.interactions.0.type",
    ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"],
    ["long-fill-in", "other", "Choice"],
  ],
  [
    "cmi.interactions.3.result",
    ["correct", "wrong", "unanticipated", "neutral", "0.5", "1", "-2"],
    ["incorrect", "right", "1x"],
  ],
  ["cmi.interactions.0.latency", ["00:00:05.5"], ["PT5S"]],
  ["cmi.interactions.0.time", ["09:15:00", "23:59:59.99"], ["24:00:00", "2024-01-01T09:15:00"]],
  ["cmi.interactions.0.weighting", ["1", "0.5"], ["heavy"]],
  ["cmi.interactions.0.id", ["q1", "x".repeat(255)], ["x".repeat(256)]],
  [
    "cmi.objectives.12.status",
    ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"],
    ["unknown", "satisfied"],
  ],
  ["cmi.objectives.0.score.raw", ["0", "100"], ["101", "-1", "n/a"]],
  ["cmi.objectives.0.score.min", ["0"], ["-5"]],
  ["cmi.objectives.0.score.max", ["100"], ["200"]],
];

describe.each(RULES_12)("scorm 1.2 %s", (key, good, wrong) => {
  it.each(good)("accepts %j", (v) => ok("1.2", key, v));
  it.each(wrong)("refuses %j with 405", (v) => void bad("1.2", key, v, 405));
});

const RULES_2004: Array<[string, string[], string[], number]> = [
  [
    "cmi.completion_status",
    ["completed", "incomplete", "not attempted", "unknown", ""],
    ["passed", "browsed"],
    406,
  ],
  ["cmi.success_status", ["passed", "failed", "unknown"], ["completed", "Passed"], 406],
  ["cmi.exit", ["time-out", "suspend", "logout", "normal", ""], ["exit", "Normal"], 406],
  ["cmi.score.scaled", ["-1", "0", "0.85", "1", "1.0"], ["x", "85%"], 406],
  ["cmi.score.scaled", [], ["1.01", "-1.5", "85"], 407],
  ["cmi.score.raw", ["-20", "0", "150.1234567", "1000"], ["lots", "1e3", "Infinity", "NaN"], 406],
  ["cmi.score.min", ["0"], ["min"], 406],
  ["cmi.score.max", ["250"], ["max"], 406],
  ["cmi.progress_measure", ["0", "0.5", "1"], ["half"], 406],
  ["cmi.progress_measure", [], ["1.1", "-0.1"], 407],
  ["cmi.location", ["slide-7", "x".repeat(1000)], ["x".repeat(1001)], 407],
  [
    "cmi.session_time",
    ["PT1M30.5S", "PT0H0M0S", "P1DT2H", "PT0S"],
    ["P", "PT", "00:01:30", "PT1.555S", "P1W"],
    406,
  ],
  ["cmi.total_time", ["PT0S", "PT12H"], ["forever"], 406],
  [
    "cmi.interactions.0.type",
    [
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
    ],
    ["essay", "True-False"],
    406,
  ],
  [
    "cmi.interactions.7.result",
    ["correct", "incorrect", "unanticipated", "neutral", "0.75", "-3"],
    ["wrong", "right"],
    406,
  ],
  ["cmi.interactions.0.latency", ["PT5S"], ["00:00:05"], 406],
  ["cmi.interactions.0.weighting", ["2"], ["double"], 406],
  ["cmi.objectives.0.success_status", ["passed", "failed", "unknown"], ["completed"], 406],
  [
    "cmi.objectives.0.completion_status",
    ["completed", "incomplete", "not attempted", "unknown"],
    ["passed"],
    406,
  ],
  ["cmi.objectives.0.score.scaled", ["0.5"], ["2"], 407],
  ["cmi.objectives.0.score.raw", ["42"], ["forty-two"], 406],
  ["cmi.objectives.0.progress_measure", ["0.2"], ["5"], 407],
];

describe.each(RULES_2004)("scorm 2004 %s", (key, good, wrong, code) => {
  it.each(good)("accepts %j", (v) => ok("2004", key, v));
  it.each(wrong)(`refuses %j with ${code}`, (v) => void bad("2004", key, v, code));
});

describe("rules belong to their version", () => {
  it("does not apply 1.2 vocabularies to 2004 and the reverse", () => {
    ok("2004", "cmi.core.lesson_status", "anything");
    ok("1.2", "cmi.completion_status", "anything");
    ok("2004", "cmi.interactions.0.result", "incorrect");
    bad("1.2", "cmi.interactions.0.result", "incorrect", 405);
  });
});

describe("suspend_data", () => {
  it("1.2 allows 4096 characters and refuses 4097 with 405", () => {
    ok("1.2", "cmi.suspend_data", "x".repeat(4096));
    expect(bad("1.2", "cmi.suspend_data", "x".repeat(5000), 405).message).toBe(
      "cmi.suspend_data is 5000 characters; SCORM 1.2 allows at most 4096 (CMIString4096)",
    );
  });

  it("1.2 can be given a higher server bound", () => {
    expect(
      validateCmi("1.2", { "cmi.suspend_data": "x".repeat(64_000) }, { suspendData12Max: 64_000 }).ok,
    ).toBe(true);
    expect(errorsOf("1.2", { "cmi.suspend_data": "x".repeat(64_001) }, { suspendData12Max: 64_000 })).toEqual(
      [
        {
          element: "cmi.suspend_data",
          code: 405,
          message: "cmi.suspend_data is 64001 characters; this server accepts at most 64000",
        },
      ],
    );
  });

  it("2004 allows 64,000 and 256,000 characters and refuses 256,001 with 407, never truncating", () => {
    ok("2004", "cmi.suspend_data", "x".repeat(64_000));
    const big = "y".repeat(256_000);
    const r = validateCmi("2004", { "cmi.suspend_data": big });
    expect(r.ok && r.cmi["cmi.suspend_data"] === big && r.summary.suspendData === big).toBe(true);
    expect(bad("2004", "cmi.suspend_data", "x".repeat(256_001), 407).message).toBe(
      "cmi.suspend_data is 256001 characters; this server accepts at most 256000 (SCORM 2004 requires at least 64000)",
    );
  });

  it("2004 follows the configured bound", () => {
    expect(validateCmi("2004", { "cmi.suspend_data": "x".repeat(300) }, { suspendData2004Max: 300 }).ok).toBe(
      true,
    );
    expect(
      errorsOf("2004", { "cmi.suspend_data": "x".repeat(301) }, { suspendData2004Max: 300 })[0],
    ).toMatchObject({ code: 407 });
  });
});

describe("error accumulation", () => {
  it("reports every problem, not just the first", () => {
    const errors = errorsOf("1.2", {
      "cmi.core.lesson_status": "done",
      "cmi.core.score.raw": "150",
      "cmi.core.exit": "normal",
      "cmi.core.session_time": "PT1M",
      "cmi.suspend_data": "x".repeat(4097),
      "cmi.core.lesson_location": "fine",
      "cmi.interactions.0.type": "essay",
      "cmi.interactions.1.result": "incorrect",
      "cmi.objectives.0.status": "unknown",
      "cmi.core.credit": 1,
      "bad.key": "x",
    });
    expect(errors.map((e) => [e.element, e.code])).toEqual([
      ["cmi.core.credit", 0],
      ["bad.key", 0],
      ["cmi.core.lesson_status", 405],
      ["cmi.core.score.raw", 405],
      ["cmi.core.exit", 405],
      ["cmi.core.session_time", 405],
      ["cmi.suspend_data", 405],
      ["cmi.interactions.0.type", 405],
      ["cmi.interactions.1.result", 405],
      ["cmi.objectives.0.status", 405],
    ]);
  });

  it("says what was wrong in plain words", () => {
    const errors = errorsOf("2004", {
      "cmi.completion_status": "done",
      "cmi.score.scaled": "1.5",
      "cmi.score.raw": "lots",
      "cmi.session_time": "90 seconds",
    });
    expect(errors.map((e) => e.message)).toEqual([
      'cmi.completion_status is "done"; SCORM 2004 allows completed, incomplete, not attempted or unknown',
      "cmi.score.scaled is 1.5; SCORM 2004 requires it between -1 and 1",
      'cmi.score.raw is "lots", not a number',
      'cmi.session_time is "90 seconds", not a SCORM 2004 time interval such as PT1H2M3.5S',
    ]);
  });

  it("shortens long values it quotes", () => {
    const e = bad("2004", "cmi.exit", "z".repeat(500), 406);
    expect(e.message.length).toBeLessThan(200);
  });
});

describe("summary", () => {
  it.each([
    ["passed", "completed", "passed"],
    ["failed", "completed", "failed"],
    ["completed", "completed", "unknown"],
    ["incomplete", "incomplete", "unknown"],
    ["browsed", "incomplete", "unknown"],
    ["not attempted", "not attempted", "unknown"],
    ["", "unknown", "unknown"],
  ] as const)("1.2 lesson_status %j is %s and %s", (status, completion, success) => {
    const s = summaryOf("1.2", { "cmi.core.lesson_status": status });
    expect(s).toMatchObject({
      completionStatus: completion,
      successStatus: success,
      lessonStatus12: status || null,
    });
  });

  it("1.2 with no lesson_status is unknown", () => {
    expect(summaryOf("1.2", {})).toEqual(blank);
  });

  it("2004 statuses are read directly, unknown when missing", () => {
    expect(summaryOf("2004", {})).toEqual(blank);
    expect(summaryOf("2004", { "cmi.completion_status": "incomplete" })).toMatchObject({
      completionStatus: "incomplete",
      successStatus: "unknown",
    });
    expect(
      summaryOf("2004", { "cmi.completion_status": "completed", "cmi.success_status": "failed" }),
    ).toMatchObject({ completionStatus: "completed", successStatus: "failed", lessonStatus12: null });
  });

  it("reads a 1.2 model as scorm-again flattens it", () => {
    const s = summaryOf("1.2", {
      "cmi.suspend_data": "state=3",
      "cmi.launch_data": "",
      "cmi.comments": "",
      "cmi.core.student_id": "",
      "cmi.core.lesson_location": "page-3",
      "cmi.core.credit": "",
      "cmi.core.lesson_status": "passed",
      "cmi.core.entry": "",
      "cmi.core.lesson_mode": "normal",
      "cmi.core.exit": "suspend",
      "cmi.core.session_time": "01:02:03",
      "cmi.core.score.raw": "85",
      "cmi.core.score.min": "",
      "cmi.core.score.max": "100",
      "cmi.objectives.0.id": "o1",
      "cmi.objectives.0.status": "",
      "cmi.objectives.0.score.raw": "70",
      "cmi.objectives.0.score.min": "",
      "cmi.objectives.0.score.max": "100",
      "cmi.interactions.0.id": "q1",
      "cmi.interactions.0.time": "09:15:00",
      "cmi.interactions.0.type": "choice",
      "cmi.interactions.0.weighting": "1",
      "cmi.interactions.0.student_response": "a",
      "cmi.interactions.0.result": "wrong",
      "cmi.interactions.0.latency": "00:00:12.5",
      "cmi.interactions.0.correct_responses.0.pattern": "b",
    });
    expect(s).toEqual({
      ...blank,
      completionStatus: "completed",
      successStatus: "passed",
      scoreRaw: 85,
      scoreMax: 100,
      location: "page-3",
      suspendData: "state=3",
      exit: "suspend",
      sessionTimeSeconds: 3723,
      lessonStatus12: "passed",
      interactions: [
        {
          id: "q1",
          type: "choice",
          result: "wrong",
          learnerResponse: "a",
          correctResponses: ["b"],
          timestamp: "09:15:00",
          latency: "00:00:12.5",
          weighting: "1",
          description: null,
        },
      ],
      objectives: [
        {
          id: "o1",
          successStatus: null,
          completionStatus: null,
          scoreScaled: null,
          scoreRaw: 70,
          status12: null,
        },
      ],
    });
  });

  it("reads a 2004 model", () => {
    const s = summaryOf("2004", {
      "cmi.completion_status": "completed",
      "cmi.success_status": "passed",
      "cmi.score.scaled": "0.9",
      "cmi.score.raw": "18",
      "cmi.score.min": "0",
      "cmi.score.max": "20",
      "cmi.location": "slide-9",
      "cmi.suspend_data": "",
      "cmi.exit": "normal",
      "cmi.session_time": "PT1M30.5S",
      "cmi.progress_measure": "1",
      "cmi.objectives.0.id": "obj-a",
      "cmi.objectives.0.success_status": "passed",
      "cmi.objectives.0.completion_status": "completed",
      "cmi.objectives.0.score.scaled": "0.75",
      "cmi.objectives.0.score.raw": "3",
      "cmi.interactions.0.id": "q1",
      "cmi.interactions.0.type": "fill-in",
      "cmi.interactions.0.learner_response": "mentor",
      "cmi.interactions.0.result": "correct",
      "cmi.interactions.0.timestamp": "2025-01-02T10:00:00",
      "cmi.interactions.0.description": "Who guides?",
      "cmi.interactions.0.correct_responses.0.pattern": "mentor",
      "cmi.interactions.0.correct_responses.1.pattern": "a mentor",
      "adl.nav.request": "continue",
    });
    expect(s).toEqual({
      ...blank,
      completionStatus: "completed",
      successStatus: "passed",
      scoreRaw: 18,
      scoreMin: 0,
      scoreMax: 20,
      scoreScaled: 0.9,
      location: "slide-9",
      exit: "normal",
      sessionTimeSeconds: 90.5,
      progressMeasure: 1,
      navRequest: "continue",
      interactions: [
        {
          id: "q1",
          type: "fill-in",
          result: "correct",
          learnerResponse: "mentor",
          correctResponses: ["mentor", "a mentor"],
          timestamp: "2025-01-02T10:00:00",
          latency: null,
          weighting: null,
          description: "Who guides?",
        },
      ],
      objectives: [
        {
          id: "obj-a",
          successStatus: "passed",
          completionStatus: "completed",
          scoreScaled: 0.75,
          scoreRaw: 3,
          status12: null,
        },
      ],
    });
  });

  it("orders interactions, objectives and correct responses by number, not as text", () => {
    const cmi: Record<string, string> = {};
    for (const i of [10, 2, 0, 11, 1, 9]) cmi[`cmi.interactions.${i}.id`] = `q${i}`;
    for (const m of [10, 0, 2]) cmi[`cmi.interactions.2.correct_responses.${m}.pattern`] = `p${m}`;
    cmi["cmi.objectives.10.id"] = "o10";
    cmi["cmi.objectives.9.id"] = "o9";
    cmi["cmi.objectives.9.status"] = "failed";
    const s = summaryOf("1.2", cmi);
    expect(s.interactions.map((i) => i.id)).toEqual(["q0", "q1", "q2", "q9", "q10", "q11"]);
    expect(s.interactions[2]!.correctResponses).toEqual(["p0", "p2", "p10"]);
    expect(s.objectives.map((o) => [o.id, o.status12])).toEqual([
      ["o9", "failed"],
      ["o10", null],
    ]);
  });

  it("gives an interaction with no id an empty one", () => {
    expect(summaryOf("2004", { "cmi.interactions.0.result": "correct" }).interactions[0]).toMatchObject({
      id: "",
      result: "correct",
    });
  });

  it("returns the validated data unchanged", () => {
    const cmi = { "cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "  spaces kept  " };
    const r = validateCmi("1.2", cmi);
    expect(r).toEqual({ ok: true, summary: expect.anything(), cmi });
    if (r.ok) expect(r.cmi).not.toBe(cmi);
  });
});

describe("scorePercent", () => {
  const score = (
    scoreRaw: number | null,
    scoreMin: number | null,
    scoreMax: number | null,
    scoreScaled = null as number | null,
  ) => ({
    scoreRaw,
    scoreMin,
    scoreMax,
    scoreScaled,
  });

  it.each([
    ["scaled wins", score(10, 0, 20, 0.85), 85],
    ["scaled 0.57 is exactly 57", score(null, null, null, 0.57), 57],
    ["negative scaled", score(null, null, null, -0.5), -50],
    ["raw between min and max", score(18, 0, 20), 90],
    ["raw between a non-zero min and max", score(15, 10, 20), 50],
    ["57 of 100 is exactly 57", score(57, 0, 100), 57],
    ["missing min counts as 0", score(45, null, 50), 90],
    ["above max clamps to 100", score(25, 0, 20), 100],
    ["below min clamps to 0", score(5, 10, 20), 0],
    ["no range: raw as a percentage", score(72.5, null, null), 72.5],
    ["no range, raw over 100 clamps", score(250, null, null), 100],
    ["min equal to max: raw as a percentage", score(80, 50, 50), 80],
    ["min above max: raw as a percentage", score(80, 90, 10), 80],
    ["nothing set", score(null, 0, 100), null],
    ["all null", score(null, null, null), null],
    ["a third", score(1, 0, 3), 33.3333333],
  ])("%s", (_, s, expected) => {
    expect(scorePercent(s)).toBe(expected);
  });
});

describe("meetsRule", () => {
  const s12 = (status: string) => summaryOf("1.2", { "cmi.core.lesson_status": status });

  it.each([
    ["passed", true, true],
    ["failed", true, false],
    ["completed", true, false],
    ["incomplete", false, false],
    ["browsed", false, false],
    ["not attempted", false, false],
  ])("1.2 %s: completed %s, passed %s", (status, completed, passed) => {
    expect(meetsRule({ kind: "completed" }, s12(status))).toBe(completed);
    expect(meetsRule({ kind: "passed" }, s12(status))).toBe(passed);
  });

  it("2004 completion and success are separate", () => {
    const s = summaryOf("2004", { "cmi.completion_status": "incomplete", "cmi.success_status": "passed" });
    expect(meetsRule({ kind: "completed" }, s)).toBe(false);
    expect(meetsRule({ kind: "passed" }, s)).toBe(true);
    expect(meetsRule({ kind: "completed" }, { ...s, completionStatus: "completed" })).toBe(true);
  });

  it.each([
    [{ "cmi.core.score.raw": "80" }, 80, true],
    [{ "cmi.core.score.raw": "79.99" }, 80, false],
    [{ "cmi.core.score.raw": "57", "cmi.core.score.max": "100" }, 57, true],
    [{ "cmi.core.score.raw": "8", "cmi.core.score.min": "0", "cmi.core.score.max": "10" }, 80, true],
    [{ "cmi.core.lesson_status": "passed" }, 0, false],
    [{}, 0, false],
  ])("1.2 score %j against %s: %s", (cmi, min, expected) => {
    expect(meetsRule({ kind: "score", min }, summaryOf("1.2", cmi))).toBe(expected);
  });

  it.each([
    [{ "cmi.score.scaled": "0.57" }, 57, true],
    [{ "cmi.score.scaled": "0.56" }, 57, false],
    [{ "cmi.score.raw": "7", "cmi.score.min": "0", "cmi.score.max": "10" }, 70, true],
    [{ "cmi.score.scaled": "-1" }, 0, false],
  ])("2004 score %j against %s: %s", (cmi, min, expected) => {
    expect(meetsRule({ kind: "score", min }, summaryOf("2004", cmi))).toBe(expected);
  });
});
