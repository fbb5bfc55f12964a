import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

// the strict, independent LMS-side api that e2e tests load an exported SCO under (see the header
// of strict-api.js). here it runs in a bare node:vm context standing in for the SCO's window, and
// every rule is checked against the SCORM 1.2 and 2004 4th edition error codes.

const source = readFileSync(path.join(import.meta.dirname, "strict-api.js"), "utf8");

type Call = {
  fn: string;
  args: unknown[];
  result: string;
  error: string | null;
  detail?: string;
  misuse?: boolean;
};
type Session = {
  version: string;
  state: "not-initialized" | "running" | "terminated";
  calls: Call[];
  errors: Call[];
  warnings: { fn: string; args: unknown[]; warning: string }[];
  committed: Record<string, string>[];
  data: Record<string, string>;
};
type Options = { version: "1.2" | "2004"; initial?: Record<string, string>; spm?: "reject" | "store" };
type Harness = { install(win: object, options: Options): Session };
type Fn = (...args: unknown[]) => string;
type Api12 = {
  LMSInitialize: Fn;
  LMSFinish: Fn;
  LMSGetValue: Fn;
  LMSSetValue: Fn;
  LMSCommit: Fn;
  LMSGetLastError: Fn;
  LMSGetErrorString: Fn;
  LMSGetDiagnostic: Fn;
};
type Api2004 = {
  Initialize: Fn;
  Terminate: Fn;
  GetValue: Fn;
  SetValue: Fn;
  Commit: Fn;
  GetLastError: Fn;
  GetErrorString: Fn;
  GetDiagnostic: Fn;
};

/** a fresh context whose global object is the fake window the script and the SCO see */
function freshWindow() {
  const win = vm.createContext({}) as Record<string, unknown>;
  win.window = win;
  vm.runInContext(source, win, { filename: "strict-api.js" });
  return win;
}

function scorm12(initial?: Record<string, string>, initialize = true) {
  const win = freshWindow();
  const session = (win.StrictScormHarness as Harness).install(win, { version: "1.2", initial });
  const api = win.API as Api12;
  if (initialize) expect(api.LMSInitialize("")).toBe("true");
  const get = (element: unknown) => [api.LMSGetValue(element), api.LMSGetLastError()];
  const set = (element: unknown, value: unknown) => [api.LMSSetValue(element, value), api.LMSGetLastError()];
  return { win, session, api, get, set };
}

function scorm2004(initial?: Record<string, string>, initialize = true, spm?: "reject" | "store") {
  const win = freshWindow();
  const session = (win.StrictScormHarness as Harness).install(win, { version: "2004", initial, spm });
  const api = win.API_1484_11 as Api2004;
  if (initialize) expect(api.Initialize("")).toBe("true");
  const get = (element: unknown) => [api.GetValue(element), api.GetLastError()];
  const set = (element: unknown, value: unknown) => [api.SetValue(element, value), api.GetLastError()];
  return { win, session, api, get, set };
}

const OK = ["true", "0"];

describe("installing the harness", () => {
  it("defines StrictScormHarness and puts only the asked-for api on the window", () => {
    const a = freshWindow();
    (a.StrictScormHarness as Harness).install(a, { version: "1.2" });
    expect(typeof a.API).toBe("object");
    expect(a.API_1484_11).toBeUndefined();
    const b = freshWindow();
    (b.StrictScormHarness as Harness).install(b, { version: "2004" });
    expect(typeof b.API_1484_11).toBe("object");
    expect(b.API).toBeUndefined();
  });

  it("refuses a version it does not know and initial data that is not an LMS's to give", () => {
    const win = freshWindow();
    const harness = win.StrictScormHarness as Harness;
    expect(() => harness.install(win, { version: "3" as "1.2" })).toThrow(/version/);
    expect(() => harness.install(win, { version: "1.2", initial: { "cmi.core.nonsense": "x" } })).toThrow();
    expect(() =>
      harness.install(win, { version: "2004", initial: { "cmi.session_time": "PT1S" } }),
    ).toThrow();
    expect(() =>
      harness.install(win, { version: "2004", initial: { "cmi.location": 5 as unknown as string } }),
    ).toThrow();
  });
});

describe("SCORM 1.2", () => {
  it("a correct session (initialise, read, set status, score, location, suspend data, time, commit, finish) has no error", () => {
    const { session, api, get, set } = scorm12(undefined, false);
    expect(session.state).toBe("not-initialized");
    expect(api.LMSInitialize("")).toBe("true");
    expect(session.state).toBe("running");
    expect(get("cmi.core.entry")).toEqual(["ab-initio", "0"]);
    expect(get("cmi.core.lesson_status")).toEqual(["not attempted", "0"]);
    expect(get("cmi.core.student_id")).toEqual(["learner-1", "0"]);
    expect(get("cmi.core.lesson_location")).toEqual(["", "0"]);
    expect(get("cmi.suspend_data")).toEqual(["", "0"]);
    expect(set("cmi.core.lesson_location", "page-3")).toEqual(OK);
    expect(set("cmi.core.lesson_status", "incomplete")).toEqual(OK);
    expect(set("cmi.suspend_data", '{"answers":[1,2,3]}')).toEqual(OK);
    expect(api.LMSCommit("")).toBe("true");
    expect(set("cmi.core.score.min", "0")).toEqual(OK);
    expect(set("cmi.core.score.max", "100")).toEqual(OK);
    expect(set("cmi.core.score.raw", "85.5")).toEqual(OK);
    expect(set("cmi.core.lesson_status", "passed")).toEqual(OK);
    expect(set("cmi.core.session_time", "0000:12:30.5")).toEqual(OK);
    expect(set("cmi.core.exit", "")).toEqual(OK);
    expect(get("cmi.core.score.raw")).toEqual(["85.5", "0"]);
    expect(api.LMSFinish("")).toBe("true");
    expect(session.state).toBe("terminated");

    expect(session.errors).toEqual([]);
    expect(session.warnings).toEqual([]);
    expect(session.committed).toHaveLength(2);
    expect(session.committed[0]).toMatchObject({
      "cmi.core.lesson_location": "page-3",
      "cmi.core.lesson_status": "incomplete",
    });
    expect(session.committed[0]).not.toHaveProperty(["cmi.core.score.raw"]);
    expect(session.committed[1]).toMatchObject({
      "cmi.core.lesson_status": "passed",
      "cmi.core.score.raw": "85.5",
      "cmi.core.session_time": "0000:12:30.5",
      "cmi.suspend_data": '{"answers":[1,2,3]}',
    });
    expect(session.data["cmi.core.lesson_status"]).toBe("passed");
    // every call is recorded in order, with its result and error code
    expect(session.calls[0]).toMatchObject({ fn: "LMSInitialize", args: [""], result: "true", error: "0" });
    expect(session.calls.map((c) => c.fn)).toContain("LMSCommit");
    expect(session.calls.at(-1)).toMatchObject({ fn: "LMSFinish", result: "true", error: "0" });
  });

  it('takes only strings, and exactly "" for LMSInitialize, LMSFinish and LMSCommit (201)', () => {
    const { api, session, get, set } = scorm12(undefined, false);
    expect([api.LMSInitialize(), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect([api.LMSInitialize("x"), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect([api.LMSInitialize(null), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect(session.state).toBe("not-initialized");
    expect(api.LMSInitialize("")).toBe("true");
    expect(set("cmi.core.score.raw", 85)).toEqual(["false", "201"]);
    expect(set("cmi.core.lesson_status", undefined)).toEqual(["false", "201"]);
    expect(set(5, "x")).toEqual(["false", "201"]);
    expect(get(5)).toEqual(["", "201"]);
    expect(get("")).toEqual(["", "201"]);
    expect([api.LMSCommit(), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect([api.LMSFinish(), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect([api.LMSFinish("true"), api.LMSGetLastError()]).toEqual(["false", "201"]);
    expect(session.state).toBe("running");
    expect(session.committed).toHaveLength(0);
    expect(session.errors.map((c) => c.error)).toEqual(Array(11).fill("201"));
  });

  it("answers 301 before LMSInitialize and after LMSFinish, and 101 to a second LMSInitialize", () => {
    const { api, get, set } = scorm12(undefined, false);
    expect(get("cmi.core.lesson_status")).toEqual(["", "301"]);
    expect(set("cmi.core.lesson_status", "completed")).toEqual(["false", "301"]);
    expect([api.LMSCommit(""), api.LMSGetLastError()]).toEqual(["false", "301"]);
    expect([api.LMSFinish(""), api.LMSGetLastError()]).toEqual(["false", "301"]);
    expect(api.LMSInitialize("")).toBe("true");
    expect([api.LMSInitialize(""), api.LMSGetLastError()]).toEqual(["false", "101"]);
    expect(api.LMSFinish("")).toBe("true");
    expect(get("cmi.core.lesson_status")).toEqual(["", "301"]);
    expect(set("cmi.core.lesson_status", "completed")).toEqual(["false", "301"]);
    expect([api.LMSCommit(""), api.LMSGetLastError()]).toEqual(["false", "301"]);
    expect([api.LMSFinish(""), api.LMSGetLastError()]).toEqual(["false", "301"]);
    expect([api.LMSInitialize(""), api.LMSGetLastError()]).toEqual(["false", "101"]);
  });

  it("reads the data model's keywords and refuses them where the element has none (202, 203) or on set (402)", () => {
    const { get, set } = scorm12();
    expect(get("cmi._version")).toEqual(["3.4", "0"]);
    expect(get("cmi.core._children")).toEqual([
      "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
      "0",
    ]);
    expect(get("cmi.core.score._children")).toEqual(["raw,min,max", "0"]);
    expect(get("cmi.student_data._children")).toEqual([
      "mastery_score,max_time_allowed,time_limit_action",
      "0",
    ]);
    expect(get("cmi.core.lesson_status._children")).toEqual(["", "202"]);
    expect(get("cmi.suspend_data._children")).toEqual(["", "202"]);
    expect(get("cmi.core._count")).toEqual(["", "203"]);
    expect(get("cmi.core.score._count")).toEqual(["", "203"]);
    expect(get("cmi.core.lesson_location._count")).toEqual(["", "203"]);
    expect(set("cmi.core._children", "student_id")).toEqual(["false", "402"]);
    expect(set("cmi.core.score._children", "raw")).toEqual(["false", "402"]);
    expect(set("cmi._version", "3.4")).toEqual(["false", "402"]);
  });

  it("answers 401 for elements it does not implement, 403 for writing read-only ones, 404 for reading write-only ones", () => {
    const { get, set } = scorm12();
    for (const element of [
      "cmi.core.nonsense",
      "cmi.completion_status",
      "cmi.interactions._count",
      "cmi.objectives.0.id",
      "adl.nav.request",
      "cmi.core",
      "cmi.core.score",
    ]) {
      expect(get(element), element).toEqual(["", "401"]);
    }
    expect(set("cmi.interactions.0.id", "q1")).toEqual(["false", "401"]);
    expect(set("cmi.core.nonsense", "x")).toEqual(["false", "401"]);
    expect(set("cmi.nonsense._children", "x")).toEqual(["false", "401"]);
    for (const element of [
      "cmi.core.student_id",
      "cmi.core.student_name",
      "cmi.core.credit",
      "cmi.core.entry",
      "cmi.core.total_time",
      "cmi.core.lesson_mode",
      "cmi.launch_data",
      "cmi.comments_from_lms",
      "cmi.student_data.mastery_score",
    ]) {
      expect(set(element, "x"), element).toEqual(["false", "403"]);
    }
    expect(get("cmi.core.exit")).toEqual(["", "404"]);
    expect(get("cmi.core.session_time")).toEqual(["", "404"]);
  });

  it("keeps lesson_status and exit to their vocabularies; 'not attempted' is not the SCO's to set (405)", () => {
    const { get, set } = scorm12();
    for (const status of ["passed", "completed", "failed", "incomplete", "browsed"]) {
      expect(set("cmi.core.lesson_status", status), status).toEqual(OK);
    }
    for (const status of ["not attempted", "complete", "Passed", "", "unknown", " passed"]) {
      expect(set("cmi.core.lesson_status", status), status).toEqual(["false", "405"]);
    }
    expect(get("cmi.core.lesson_status")).toEqual(["browsed", "0"]);
    for (const exit of ["time-out", "suspend", "logout", ""])
      expect(set("cmi.core.exit", exit), exit).toEqual(OK);
    for (const exit of ["normal", "Suspend", "exit"])
      expect(set("cmi.core.exit", exit), exit).toEqual(["false", "405"]);
  });

  it("takes scores as CMIDecimal from 0 to 100, or empty (405 otherwise)", () => {
    const { set } = scorm12();
    for (const score of ["0", "100", "85.5", "0.25", "", "007"]) {
      expect(set("cmi.core.score.raw", score), score).toEqual(OK);
    }
    for (const score of ["101", "-1", "100.01", "abc", "1e2", " 50", "50 ", "+5", "5.", "50%", "NaN"]) {
      expect(set("cmi.core.score.raw", score), score).toEqual(["false", "405"]);
    }
    expect(set("cmi.core.score.min", "-5")).toEqual(["false", "405"]);
    expect(set("cmi.core.score.max", "200")).toEqual(["false", "405"]);
  });

  it("refuses cmi.suspend_data and cmi.comments over 4096 characters, and lesson_location over 255 (405)", () => {
    const { session, get, set } = scorm12();
    expect(set("cmi.suspend_data", "x".repeat(4096))).toEqual(OK);
    expect(set("cmi.suspend_data", "y".repeat(4097))).toEqual(["false", "405"]);
    expect(get("cmi.suspend_data")[0]).toBe("x".repeat(4096));
    expect(set("cmi.comments", "c".repeat(4096))).toEqual(OK);
    expect(set("cmi.comments", "c".repeat(4097))).toEqual(["false", "405"]);
    expect(set("cmi.core.lesson_location", "l".repeat(255))).toEqual(OK);
    expect(set("cmi.core.lesson_location", "l".repeat(256))).toEqual(["false", "405"]);
    expect(session.errors).toHaveLength(3);
  });

  it("notes, but keeps, characters outside printable ASCII in CMIString values", () => {
    const { session, set } = scorm12();
    expect(set("cmi.suspend_data", "café")).toEqual(OK);
    expect(session.warnings).toHaveLength(1);
    expect(session.warnings[0]!.warning).toMatch(/ASCII/);
  });

  it("checks CMITimespan: 2 to 4 digits of hours, 2 of minutes and seconds, 1 or 2 of fraction", () => {
    const { set } = scorm12();
    for (const time of ["00:00:00", "0000:01:30.5", "9999:59:59.99", "12:30:00.1", "123:00:00"]) {
      expect(set("cmi.core.session_time", time), time).toEqual(OK);
    }
    for (const time of [
      "0:00:00",
      "00000:00:00",
      "00:0:00",
      "00:00:0",
      "00:60:00",
      "00:00:60",
      "00:00:00.123",
      "00:00:00.",
      "00:00",
      "PT1H",
      "",
      " 00:00:00",
    ]) {
      expect(set("cmi.core.session_time", time), time).toEqual(["false", "405"]);
    }
  });

  it("gives cmi.core.entry 'resume' after a suspended session, with that session's data", () => {
    const { session, get } = scorm12({
      "cmi.core.exit": "suspend",
      "cmi.core.lesson_location": "page-7",
      "cmi.core.lesson_status": "incomplete",
      "cmi.suspend_data": "state",
      "cmi.student_data.mastery_score": "80",
    });
    expect(get("cmi.core.entry")).toEqual(["resume", "0"]);
    expect(get("cmi.core.lesson_location")).toEqual(["page-7", "0"]);
    expect(get("cmi.core.lesson_status")).toEqual(["incomplete", "0"]);
    expect(get("cmi.suspend_data")).toEqual(["state", "0"]);
    expect(get("cmi.student_data.mastery_score")).toEqual(["80", "0"]);
    // the previous session's exit is not this session's
    expect(session.data).not.toHaveProperty(["cmi.core.exit"]);
    // after a session that ended without suspending, entry is neither of the two
    expect(scorm12({ "cmi.core.exit": "" }).get("cmi.core.entry")).toEqual(["", "0"]);
    expect(scorm12({ "cmi.core.exit": "logout" }).get("cmi.core.entry")).toEqual(["", "0"]);
  });

  it("commits a copy of the data model on LMSCommit and again on LMSFinish", () => {
    const { session, api, set } = scorm12();
    expect(set("cmi.core.lesson_location", "a")).toEqual(OK);
    expect(api.LMSCommit("")).toBe("true");
    expect(set("cmi.core.lesson_location", "b")).toEqual(OK);
    expect(session.committed).toHaveLength(1);
    expect(session.committed[0]!["cmi.core.lesson_location"]).toBe("a");
    expect(session.data["cmi.core.lesson_location"]).toBe("b");
    expect(api.LMSFinish("")).toBe("true");
    expect(session.committed).toHaveLength(2);
    expect(session.committed[1]!["cmi.core.lesson_location"]).toBe("b");
  });

  it("words each error code as the specification does; the error functions leave the last error alone", () => {
    const { api, session, get } = scorm12();
    const strings: Record<string, string> = {
      "0": "No error",
      "101": "General exception",
      "201": "Invalid argument error",
      "202": "Element cannot have children",
      "203": "Element not an array - cannot have count",
      "301": "Not initialized",
      "401": "Not implemented error",
      "402": "Invalid set value, element is a keyword",
      "403": "Element is read only",
      "404": "Element is write only",
      "405": "Incorrect Data Type",
    };
    for (const [code, text] of Object.entries(strings)) {
      expect(api.LMSGetErrorString(code)).toBe(text);
      expect(api.LMSGetDiagnostic(code)).toBe(text);
    }
    expect(api.LMSGetErrorString("999")).toBe("");
    expect(get("cmi.core.exit")).toEqual(["", "404"]);
    expect(api.LMSGetLastError()).toBe("404");
    expect(api.LMSGetErrorString("201")).toBe("Invalid argument error");
    expect(api.LMSGetDiagnostic("")).toBe("Element is write only");
    expect(api.LMSGetLastError()).toBe("404");
    // a number where the code's string belongs: "" and listed as misuse, last error untouched
    const before = session.errors.length;
    expect(api.LMSGetErrorString(404)).toBe("");
    expect(api.LMSGetDiagnostic(undefined)).toBe("");
    expect(api.LMSGetLastError()).toBe("404");
    expect(session.errors.slice(before).map((c) => [c.fn, c.misuse])).toEqual([
      ["LMSGetErrorString", true],
      ["LMSGetDiagnostic", true],
    ]);
  });
});

describe("SCORM 2004 4th edition", () => {
  it("a correct session (initialise, set status, score, location, suspend data, time, commit, terminate) has no error", () => {
    const { session, api, get, set } = scorm2004(undefined, false);
    expect(api.Initialize("")).toBe("true");
    expect(get("cmi.entry")).toEqual(["ab-initio", "0"]);
    expect(get("cmi.completion_status")).toEqual(["unknown", "0"]);
    expect(get("cmi.success_status")).toEqual(["unknown", "0"]);
    expect(get("cmi.mode")).toEqual(["normal", "0"]);
    expect(get("cmi.learner_id")).toEqual(["learner-1", "0"]);
    expect(set("cmi.location", "page-3")).toEqual(OK);
    expect(set("cmi.completion_status", "incomplete")).toEqual(OK);
    expect(set("cmi.progress_measure", "0.5")).toEqual(OK);
    expect(set("cmi.suspend_data", '{"answers":[1,2,3]}')).toEqual(OK);
    expect(api.Commit("")).toBe("true");
    expect(set("cmi.score.min", "0")).toEqual(OK);
    expect(set("cmi.score.max", "100")).toEqual(OK);
    expect(set("cmi.score.raw", "85")).toEqual(OK);
    expect(set("cmi.score.scaled", "0.85")).toEqual(OK);
    expect(set("cmi.success_status", "passed")).toEqual(OK);
    expect(set("cmi.completion_status", "completed")).toEqual(OK);
    expect(set("cmi.progress_measure", "1")).toEqual(OK);
    expect(set("cmi.session_time", "PT1H2M3.5S")).toEqual(OK);
    expect(set("cmi.exit", "normal")).toEqual(OK);
    expect(set("adl.nav.request", "exitAll")).toEqual(OK);
    expect(get("cmi.location")).toEqual(["page-3", "0"]);
    expect(api.Terminate("")).toBe("true");
    expect(session.state).toBe("terminated");

    expect(session.errors).toEqual([]);
    expect(session.warnings).toEqual([]);
    expect(session.committed).toHaveLength(2);
    expect(session.committed[0]).toMatchObject({
      "cmi.location": "page-3",
      "cmi.completion_status": "incomplete",
    });
    expect(session.committed[1]).toMatchObject({
      "cmi.completion_status": "completed",
      "cmi.success_status": "passed",
      "cmi.score.scaled": "0.85",
      "cmi.score.raw": "85",
      "cmi.session_time": "PT1H2M3.5S",
      "cmi.exit": "normal",
      "cmi.suspend_data": '{"answers":[1,2,3]}',
    });
    expect(session.calls.at(-1)).toMatchObject({ fn: "Terminate", args: [""], result: "true", error: "0" });
  });

  it('answers 403 for an element that was never set, where scorm-again answers "" without an error', () => {
    const { get, set } = scorm2004();
    for (const element of [
      "cmi.location",
      "cmi.suspend_data",
      "cmi.score.raw",
      "cmi.score.scaled",
      "cmi.score.min",
      "cmi.score.max",
      "cmi.progress_measure",
      "cmi.launch_data",
      "cmi.completion_threshold",
      "cmi.scaled_passing_score",
      "cmi.max_time_allowed",
    ]) {
      expect(get(element), element).toEqual(["", "403"]);
    }
    expect(set("cmi.location", "")).toEqual(OK);
    expect(get("cmi.location")).toEqual(["", "0"]);
    expect(set("cmi.score.raw", "12")).toEqual(OK);
    expect(get("cmi.score.raw")).toEqual(["12", "0"]);
  });

  it("reads values the LMS starts with, and 'resume' after a suspended session", () => {
    const { session, get } = scorm2004({
      "cmi.exit": "suspend",
      "cmi.location": "page-7",
      "cmi.suspend_data": "state",
      "cmi.completion_status": "incomplete",
      "cmi.launch_data": "mode=exam",
      "cmi.scaled_passing_score": "0.8",
      "cmi.completion_threshold": "0.9",
    });
    expect(get("cmi.entry")).toEqual(["resume", "0"]);
    expect(get("cmi.location")).toEqual(["page-7", "0"]);
    expect(get("cmi.suspend_data")).toEqual(["state", "0"]);
    expect(get("cmi.completion_status")).toEqual(["incomplete", "0"]);
    expect(get("cmi.launch_data")).toEqual(["mode=exam", "0"]);
    expect(get("cmi.scaled_passing_score")).toEqual(["0.8", "0"]);
    expect(get("cmi.completion_threshold")).toEqual(["0.9", "0"]);
    expect(session.data).not.toHaveProperty(["cmi.exit"]);
    expect(scorm2004({ "cmi.exit": "normal" }).get("cmi.entry")).toEqual(["", "0"]);
  });

  it('takes only strings, and exactly "" for Initialize, Terminate and Commit (201)', () => {
    const { api, session, get, set } = scorm2004(undefined, false);
    expect([api.Initialize(), api.GetLastError()]).toEqual(["false", "201"]);
    expect([api.Initialize("x"), api.GetLastError()]).toEqual(["false", "201"]);
    expect(session.state).toBe("not-initialized");
    expect(api.Initialize("")).toBe("true");
    expect(set("cmi.score.raw", 85)).toEqual(["false", "201"]);
    expect(set("cmi.completion_status", null)).toEqual(["false", "201"]);
    expect(get(undefined)).toEqual(["", "201"]);
    expect([api.Commit("x"), api.GetLastError()]).toEqual(["false", "201"]);
    expect([api.Terminate(), api.GetLastError()]).toEqual(["false", "201"]);
    expect([api.Terminate(false), api.GetLastError()]).toEqual(["false", "201"]);
    expect(session.state).toBe("running");
    expect(session.committed).toHaveLength(0);
  });

  it('answers 301 to GetValue("") and 351 to SetValue("", ...)', () => {
    const { get, set } = scorm2004();
    expect(get("")).toEqual(["", "301"]);
    expect(set("", "x")).toEqual(["false", "351"]);
  });

  it("keeps the state rules: 122/132/142/112 before Initialize, 103 twice, 123/133/143/113 after Terminate, 104", () => {
    const { api, session, get, set } = scorm2004(undefined, false);
    expect(get("cmi.location")).toEqual(["", "122"]);
    expect(set("cmi.location", "x")).toEqual(["false", "132"]);
    expect([api.Commit(""), api.GetLastError()]).toEqual(["false", "142"]);
    expect([api.Terminate(""), api.GetLastError()]).toEqual(["false", "112"]);
    expect(api.Initialize("")).toBe("true");
    expect([api.Initialize(""), api.GetLastError()]).toEqual(["false", "103"]);
    expect(api.Terminate("")).toBe("true");
    expect(get("cmi.location")).toEqual(["", "123"]);
    expect(set("cmi.location", "x")).toEqual(["false", "133"]);
    expect([api.Commit(""), api.GetLastError()]).toEqual(["false", "143"]);
    expect([api.Terminate(""), api.GetLastError()]).toEqual(["false", "113"]);
    expect([api.Initialize(""), api.GetLastError()]).toEqual(["false", "104"]);
    expect(session.state).toBe("terminated");
    expect(session.errors.map((c) => c.error)).toEqual([
      "122",
      "132",
      "142",
      "112",
      "103",
      "123",
      "133",
      "143",
      "113",
      "104",
    ]);
  });

  it("answers 401 for undefined elements, 402 for defined ones it does not implement, 404/405 for access", () => {
    const { get, set } = scorm2004();
    for (const element of [
      "cmi.nonsense",
      "cmi.core.lesson_status",
      "cmi.score",
      "cmi.interactions",
      "cmi.learner_preference.volume",
      "adl.nav.nonsense",
      "cmi.interactions.x.id",
      "cmi.interactions.01.id",
    ]) {
      expect(get(element), element).toEqual(["", "401"]);
    }
    for (const element of [
      "cmi.learner_preference.audio_level",
      "cmi.comments_from_learner._count",
      "cmi.comments_from_lms.0.comment",
      "cmi.learner_preference._children",
    ]) {
      expect(get(element), element).toEqual(["", "402"]);
    }
    expect(set("cmi.learner_preference.language", "en")).toEqual(["false", "402"]);
    expect(set("cmi.nonsense", "x")).toEqual(["false", "401"]);
    for (const element of [
      "cmi._version",
      "cmi.learner_id",
      "cmi.learner_name",
      "cmi.entry",
      "cmi.credit",
      "cmi.mode",
      "cmi.total_time",
      "cmi.launch_data",
      "cmi.completion_threshold",
      "cmi.scaled_passing_score",
      "cmi.max_time_allowed",
      "cmi.time_limit_action",
      "cmi.score._children",
      "cmi.interactions._count",
      "adl.nav.request_valid.continue",
    ]) {
      expect(set(element, "x"), element).toEqual(["false", "404"]);
    }
    expect(get("cmi.exit")).toEqual(["", "405"]);
    expect(get("cmi.session_time")).toEqual(["", "405"]);
  });

  it("reads keywords, and answers 301 where the element has no children, count or version", () => {
    const { get } = scorm2004();
    expect(get("cmi._version")).toEqual(["1.0", "0"]);
    expect(get("cmi.score._children")).toEqual(["scaled,raw,min,max", "0"]);
    expect(get("cmi.objectives._children")).toEqual([
      "id,score,success_status,completion_status,progress_measure,description",
      "0",
    ]);
    expect(get("cmi.interactions._children")).toEqual([
      "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
      "0",
    ]);
    expect(get("cmi.interactions._count")).toEqual(["0", "0"]);
    expect(get("cmi.objectives._count")).toEqual(["0", "0"]);
    expect(get("cmi.location._children")).toEqual(["", "301"]);
    expect(get("cmi.location._count")).toEqual(["", "301"]);
    expect(get("cmi.score._count")).toEqual(["", "301"]);
    expect(get("cmi.score._version")).toEqual(["", "301"]);
  });

  it("keeps completion_status, success_status and exit to their vocabularies (406)", () => {
    const { set } = scorm2004();
    for (const v of ["completed", "incomplete", "not attempted", "unknown"]) {
      expect(set("cmi.completion_status", v), v).toEqual(OK);
    }
    for (const v of ["complete", "passed", "Completed", "", "browsed"]) {
      expect(set("cmi.completion_status", v), v).toEqual(["false", "406"]);
    }
    for (const v of ["passed", "failed", "unknown"]) expect(set("cmi.success_status", v), v).toEqual(OK);
    for (const v of ["completed", "pass", ""])
      expect(set("cmi.success_status", v), v).toEqual(["false", "406"]);
    for (const v of ["time-out", "suspend", "logout", "normal", ""])
      expect(set("cmi.exit", v), v).toEqual(OK);
    for (const v of ["quit", "Normal", "exit"]) expect(set("cmi.exit", v), v).toEqual(["false", "406"]);
  });

  it("checks real numbers (406) and their ranges (407): scaled -1..1, progress 0..1, raw/min/max any", () => {
    const { set } = scorm2004();
    for (const v of ["1", "-1", "0.5", "0", "-0.25", ".5"]) expect(set("cmi.score.scaled", v), v).toEqual(OK);
    for (const v of ["1.01", "-1.5", "2"]) expect(set("cmi.score.scaled", v), v).toEqual(["false", "407"]);
    for (const v of ["abc", "1e-1", "", " 0.5", "0.5 ", "+0.5", "NaN", "50%"]) {
      expect(set("cmi.score.scaled", v), v).toEqual(["false", "406"]);
    }
    for (const v of ["150", "-20", "0", "1000000.1234567"]) expect(set("cmi.score.raw", v), v).toEqual(OK);
    expect(set("cmi.score.raw", "85 points")).toEqual(["false", "406"]);
    expect(set("cmi.progress_measure", "1.1")).toEqual(["false", "407"]);
    expect(set("cmi.progress_measure", "-0.1")).toEqual(["false", "407"]);
    expect(set("cmi.progress_measure", "half")).toEqual(["false", "406"]);
  });

  it("refuses cmi.location over 1000 and cmi.suspend_data over 64000 characters (351), or keeps them with a warning when told", () => {
    const strict = scorm2004();
    expect(strict.set("cmi.location", "l".repeat(1000))).toEqual(OK);
    expect(strict.set("cmi.location", "l".repeat(1001))).toEqual(["false", "351"]);
    expect(strict.set("cmi.suspend_data", "s".repeat(64000))).toEqual(OK);
    expect(strict.set("cmi.suspend_data", "s".repeat(64001))).toEqual(["false", "351"]);
    expect(strict.api.GetDiagnostic("")).toBe("General Set Failure");
    expect(strict.session.errors.at(-1)!.detail).toMatch(/smallest permitted maximum of 64000/);
    expect(strict.get("cmi.suspend_data")[0]).toHaveLength(64000);

    const lenient = scorm2004(undefined, true, "store");
    expect(lenient.set("cmi.suspend_data", "s".repeat(64001))).toEqual(OK);
    expect(lenient.session.errors).toEqual([]);
    expect(lenient.session.warnings).toHaveLength(1);
  });

  it("checks session_time as an ISO 8601 duration, field by field", () => {
    const { set } = scorm2004();
    for (const v of [
      "PT1H2M3.5S",
      "P1DT2H",
      "PT0S",
      "P1Y",
      "P1Y2M3DT4H5M6.78S",
      "PT10M",
      "PT1.25S",
      "PT05H",
      "P0Y0M0DT0H0M0.00S",
      "PT1000000S",
    ]) {
      expect(set("cmi.session_time", v), v).toEqual(OK);
    }
    for (const v of [
      "P",
      "PT",
      "P1DT",
      "PT1.234S",
      "PT1.S",
      "PT.5S",
      "1H",
      "PT1H2M3.5",
      "-PT1S",
      "P1W",
      "pt1h",
      " PT1S",
      "PT1S ",
      "PT1M2H",
      "P1H",
      "PT1D",
      "00:01:00",
      "",
    ]) {
      expect(set("cmi.session_time", v), v).toEqual(["false", "406"]);
    }
  });

  it("keeps adl.nav.request to its vocabulary, with {target=} for choice and jump", () => {
    const { get, set } = scorm2004();
    expect(get("adl.nav.request")).toEqual(["_none_", "0"]);
    for (const v of [
      "continue",
      "previous",
      "exit",
      "exitAll",
      "abandon",
      "abandonAll",
      "suspendAll",
      "_none_",
      "{target=intro}choice",
      "{target=module-2}jump",
    ]) {
      expect(set("adl.nav.request", v), v).toEqual(OK);
    }
    for (const v of ["next", "choice", "{target=}choice", "Continue", "", "{target=a b}choice", "exit_all"]) {
      expect(set("adl.nav.request", v), v).toEqual(["false", "406"]);
    }
    expect(get("adl.nav.request_valid.continue")).toEqual(["unknown", "0"]);
    expect(get("adl.nav.request_valid.choice.{target=intro}")).toEqual(["unknown", "0"]);
  });

  it("keeps the interactions collection packed: index at most _count (351), id first (408), type before responses (408)", () => {
    const { get, set } = scorm2004();
    expect(set("cmi.interactions.0.type", "choice")).toEqual(["false", "408"]);
    expect(set("cmi.interactions.1.id", "q2")).toEqual(["false", "351"]);
    expect(get("cmi.interactions.0.id")).toEqual(["", "301"]);
    expect(get("cmi.interactions._count")).toEqual(["0", "0"]);
    expect(set("cmi.interactions.0.id", "urn:course:q1")).toEqual(OK);
    expect(get("cmi.interactions._count")).toEqual(["1", "0"]);
    expect(get("cmi.interactions.0.id")).toEqual(["urn:course:q1", "0"]);
    expect(get("cmi.interactions.0.type")).toEqual(["", "403"]);
    expect(set("cmi.interactions.0.learner_response", "a")).toEqual(["false", "408"]);
    expect(set("cmi.interactions.0.correct_responses.0.pattern", "a")).toEqual(["false", "408"]);
    expect(set("cmi.interactions.0.type", "multiple")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.type", "choice")).toEqual(OK);
    expect(set("cmi.interactions.0.learner_response", "a[,]b")).toEqual(OK);
    expect(set("cmi.interactions.0.learner_response", "a[,]a")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.learner_response", "a b")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.correct_responses.1.pattern", "a")).toEqual(["false", "351"]);
    expect(set("cmi.interactions.0.correct_responses.0.pattern", "a[,]c")).toEqual(OK);
    expect(get("cmi.interactions.0.correct_responses._count")).toEqual(["1", "0"]);
    expect(get("cmi.interactions.0.correct_responses._children")).toEqual(["", "301"]);
    expect(set("cmi.interactions.0.objectives.0.id", "obj-1")).toEqual(OK);
    expect(set("cmi.interactions.0.objectives.1.id", "obj-1")).toEqual(["false", "351"]);
    expect(get("cmi.interactions.0.objectives._count")).toEqual(["1", "0"]);
    expect(get("cmi.interactions.1.objectives._count")).toEqual(["", "301"]);
    // a nested entry of an interaction that does not exist yet: the interaction's id comes first
    expect(set("cmi.interactions.1.objectives.0.id", "obj-1")).toEqual(["false", "408"]);
    expect(set("cmi.interactions.5.objectives.0.id", "obj-1")).toEqual(["false", "351"]);

    for (const v of ["correct", "incorrect", "unanticipated", "neutral", "0.5", "-3"]) {
      expect(set("cmi.interactions.0.result", v), v).toEqual(OK);
    }
    for (const v of ["right", "wrong", "Correct", ""]) {
      expect(set("cmi.interactions.0.result", v), v).toEqual(["false", "406"]);
    }
    expect(set("cmi.interactions.0.weighting", "1")).toEqual(OK);
    expect(set("cmi.interactions.0.weighting", "heavy")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.latency", "PT5.2S")).toEqual(OK);
    expect(set("cmi.interactions.0.latency", "00:00:05")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.description", "{lang=en-GB}Which of these...")).toEqual(OK);
    expect(set("cmi.interactions.0.description", "{lang=en GB}x")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.0.description", "d".repeat(250))).toEqual(OK);
    expect(set("cmi.interactions.0.description", "d".repeat(251))).toEqual(["false", "351"]);
    expect(set("cmi.interactions.1.id", "has space")).toEqual(["false", "406"]);
    expect(set("cmi.interactions.1.id", "")).toEqual(["false", "406"]);
    expect(get("cmi.interactions._count")).toEqual(["1", "0"]);
  });

  it("checks interaction timestamps: years 1970-2038, real dates, 2 digits of fraction, a zone only after the fraction", () => {
    const { set } = scorm2004();
    expect(set("cmi.interactions.0.id", "q1")).toEqual(OK);
    for (const v of [
      "2024",
      "2024-05",
      "2024-05-01",
      "2024-05-01T10",
      "2024-05-01T10:00",
      "2024-05-01T10:00:00",
      "2024-05-01T10:00:00.5",
      "2024-05-01T10:00:00.0Z",
      "2024-05-01T10:00:00.25+01:00",
      "2024-05-01T10:00:00.25-05",
      "2024-02-29T23:59:59",
    ]) {
      expect(set("cmi.interactions.0.timestamp", v), v).toEqual(OK);
    }
    for (const v of [
      "2024-05-01T10:00:00Z",
      "2024-05-01T10:00:00+01:00",
      "2024-05-01T10:00:00.000Z",
      "2024-05-01T10:00:00.123",
      "2023-02-29",
      "2024-13-01",
      "2024-05-01T24:00:00",
      "2024-05-01T10:60",
      "1969-12-31",
      "2039-01-01",
      "2024-05-01 10:00:00",
      "24-05-01",
      "",
    ]) {
      expect(set("cmi.interactions.0.timestamp", v), v).toEqual(["false", "406"]);
    }
  });

  it("checks learner responses by interaction type where the format is simple", () => {
    const { set } = scorm2004();
    const types: [string, string[], string[]][] = [
      ["true-false", ["true", "false"], ["yes", "True", "1", ""]],
      ["numeric", ["3.5", "-2", "10"], ["three", "1e3", ""]],
      ["likert", ["agree"], ["strongly agree", ""]],
      ["sequencing", ["a[,]b[,]c"], ["", "a[,]a"]],
      ["matching", ["a[.]1[,]b[.]2"], ["a-1", "a[.]"]],
      ["fill-in", ["anything at all", ""], []],
      ["other", ["anything"], []],
    ];
    types.forEach(([type, good, bad], i) => {
      expect(set(`cmi.interactions.${i}.id`, `q${i}`)).toEqual(OK);
      expect(set(`cmi.interactions.${i}.type`, type)).toEqual(OK);
      for (const v of good)
        expect(set(`cmi.interactions.${i}.learner_response`, v), `${type} ${v}`).toEqual(OK);
      for (const v of bad) {
        expect(set(`cmi.interactions.${i}.learner_response`, v), `${type} ${v}`).toEqual(["false", "406"]);
      }
    });
  });

  it("keeps objectives by unique id: id first (408), no gaps (351), no duplicate or changed id (351)", () => {
    const { get, set } = scorm2004();
    expect(set("cmi.objectives.0.success_status", "passed")).toEqual(["false", "408"]);
    expect(set("cmi.objectives.0.id", "obj-1")).toEqual(OK);
    expect(set("cmi.objectives.0.id", "obj-1")).toEqual(OK);
    expect(set("cmi.objectives.0.id", "obj-2")).toEqual(["false", "351"]);
    expect(set("cmi.objectives.1.id", "obj-1")).toEqual(["false", "351"]);
    expect(set("cmi.objectives.2.id", "obj-3")).toEqual(["false", "351"]);
    expect(set("cmi.objectives.1.id", "obj-2")).toEqual(OK);
    expect(get("cmi.objectives._count")).toEqual(["2", "0"]);
    expect(get("cmi.objectives.0.score._children")).toEqual(["scaled,raw,min,max", "0"]);
    expect(get("cmi.objectives.0.description")).toEqual(["", "403"]);
    expect(get("cmi.objectives.2.id")).toEqual(["", "301"]);
    expect(set("cmi.objectives.0.success_status", "passed")).toEqual(OK);
    expect(set("cmi.objectives.0.completion_status", "done")).toEqual(["false", "406"]);
    expect(set("cmi.objectives.0.score.scaled", "2")).toEqual(["false", "407"]);
    expect(set("cmi.objectives.0.progress_measure", "0.4")).toEqual(OK);
    expect(get("cmi.objectives.0.success_status")).toEqual(["passed", "0"]);
  });

  it("starts collections from initial data with the right _count", () => {
    const { get, set } = scorm2004({
      "cmi.objectives.0.id": "obj-1",
      "cmi.objectives.0.success_status": "passed",
      "cmi.objectives.1.id": "obj-2",
    });
    expect(get("cmi.objectives._count")).toEqual(["2", "0"]);
    expect(get("cmi.objectives.0.success_status")).toEqual(["passed", "0"]);
    expect(set("cmi.objectives.2.id", "obj-1")).toEqual(["false", "351"]);
  });

  it("commits a copy of the data model on Commit and again on Terminate", () => {
    const { session, api, set } = scorm2004();
    expect(set("cmi.location", "a")).toEqual(OK);
    expect(api.Commit("")).toBe("true");
    expect(set("cmi.location", "b")).toEqual(OK);
    expect(session.committed[0]!["cmi.location"]).toBe("a");
    expect(api.Terminate("")).toBe("true");
    expect(session.committed).toHaveLength(2);
    expect(session.committed[1]!["cmi.location"]).toBe("b");
    expect(session.committed[1]).not.toBe(session.data);
  });

  it("words each error code as the specification does; the error functions leave the last error alone", () => {
    const { api, session, get } = scorm2004();
    const strings: Record<string, string> = {
      "0": "No Error",
      "101": "General Exception",
      "102": "General Initialization Failure",
      "103": "Already Initialized",
      "104": "Content Instance Terminated",
      "111": "General Termination Failure",
      "112": "Termination Before Initialization",
      "113": "Termination After Termination",
      "122": "Retrieve Data Before Initialization",
      "123": "Retrieve Data After Termination",
      "132": "Store Data Before Initialization",
      "133": "Store Data After Termination",
      "142": "Commit Before Initialization",
      "143": "Commit After Termination",
      "201": "General Argument Error",
      "301": "General Get Failure",
      "351": "General Set Failure",
      "391": "General Commit Failure",
      "401": "Undefined Data Model Element",
      "402": "Unimplemented Data Model Element",
      "403": "Data Model Element Value Not Initialized",
      "404": "Data Model Element Is Read Only",
      "405": "Data Model Element Is Write Only",
      "406": "Data Model Element Type Mismatch",
      "407": "Data Model Element Value Out Of Range",
      "408": "Data Model Dependency Not Established",
    };
    for (const [code, text] of Object.entries(strings)) {
      expect(api.GetErrorString(code)).toBe(text);
      expect(api.GetDiagnostic(code)).toBe(text);
    }
    expect(api.GetErrorString("")).toBe("");
    expect(api.GetErrorString("202")).toBe("");
    expect(get("cmi.location")).toEqual(["", "403"]);
    expect(api.GetLastError()).toBe("403");
    expect(api.GetDiagnostic("")).toBe("Data Model Element Value Not Initialized");
    expect(api.GetErrorString("406")).toBe("Data Model Element Type Mismatch");
    expect(api.GetLastError()).toBe("403");
    expect(api.GetErrorString(403)).toBe("");
    expect(api.GetLastError()).toBe("403");
    expect(session.errors.at(-1)).toMatchObject({ fn: "GetErrorString", misuse: true, error: "201" });
    // a successful call clears the last error
    expect(get("cmi.mode")).toEqual(["normal", "0"]);
  });
});
