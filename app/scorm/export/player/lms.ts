import type { ModuleReport } from "./engine";

// the sco's side of the scorm run-time: find the LMS's API in a parent or opener window (the
// ADL algorithm), initialise, read what was saved, report status, score, location and suspend
// data, commit, and terminate once with the session's time. a value the LMS refuses is noted,
// never retried in a loop; a GetValue of something never set (2004's 403) reads as empty; an
// api that throws or a commit that fails marks the connection broken, so the page can say that
// nothing is being saved. what the LMS already records is never lowered: a module it holds as
// passed stays passed, whatever happened to the learner's saved state.

type Api12 = {
  LMSInitialize(arg: ""): string;
  LMSFinish(arg: ""): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(arg: ""): string;
  LMSGetLastError(): string;
};
type Api2004 = {
  Initialize(arg: ""): string;
  Terminate(arg: ""): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(arg: ""): string;
  GetLastError(): string;
};

type Found = { version: "1.2"; api: Api12 } | { version: "2004"; api: Api2004 };

/** how far up a chain of frames to look (ADL's 2004 example searches this far) */
const MAX_DEPTH = 500;

function lookUp(start: Window | null, name: string): unknown {
  let w: Window | null = start;
  for (let depth = 0; w && depth <= MAX_DEPTH; depth++) {
    try {
      const api = (w as unknown as Record<string, unknown>)[name];
      if (api && typeof api === "object") return api;
    } catch {
      // a window of another origin: keep looking further up
    }
    let parent: Window | null = null;
    try {
      parent = w.parent;
    } catch {
      parent = null;
    }
    if (!parent || parent === w) break;
    w = parent;
  }
  return null;
}

/** the standard search: up the parents, then up from the opener of the top window (an LMS pop-up) */
export function findApi(win: Window, version: "1.2" | "2004"): Found | null {
  const name = version === "1.2" ? "API" : "API_1484_11";
  let api = lookUp(win, name);
  if (!api) {
    let opener: Window | null = null;
    try {
      opener = (win.top?.opener as Window | null) ?? (win.opener as Window | null);
    } catch {
      opener = null;
    }
    if (opener) api = lookUp(opener, name);
  }
  return api ? ({ version, api } as Found) : null;
}

/** 1.2's CMITimespan: HHHH:MM:SS.SS */
export function timespan12(ms: number) {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.min(9999, Math.floor(cs / 360000));
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const f = cs % 100;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(h).padStart(4, "0")}:${two(m)}:${two(s)}.${two(f)}`;
}

/** 2004's timeinterval (ISO 8601 duration), at most two decimal places of a second */
export function duration2004(ms: number) {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h}H${m}M${Number.isInteger(s) ? s : s.toFixed(2).replace(/0$/, "")}S`;
}

export type Connection =
  | { lms: Lms; problem: null }
  /** none: no api found; refused: the LMS would not start a session (a reloaded window, an ended session) */
  | { lms: null; problem: "none" | "refused" };

export class Lms {
  private started = 0;
  private finished = false;
  private last = "";
  /** a call threw, or a commit failed: nothing is being saved */
  broken = false;
  /** elements the LMS refused, with its error code: kept for tests and support */
  readonly refused: { element: string; code: string }[] = [];
  /** what the LMS already records for this module (never lowered) */
  held = { completed: false, passed: false };
  /** review or browse: the learner looks, and nothing is recorded */
  readOnly = false;

  private constructor(private readonly found: Found) {}

  static connect(win: Window, version: "1.2" | "2004"): Connection {
    const found = findApi(win, version);
    if (!found) return { lms: null, problem: "none" };
    const lms = new Lms(found);
    let ok = "false";
    try {
      ok = String(found.version === "1.2" ? found.api.LMSInitialize("") : found.api.Initialize(""));
    } catch {
      ok = "false";
    }
    if (ok !== "true") return { lms: null, problem: "refused" };
    lms.started = Date.now();
    return { lms, problem: null };
  }

  get version() {
    return this.found.version;
  }

  private lastError(): string {
    const f = this.found;
    const code = f.version === "1.2" ? f.api.LMSGetLastError() : f.api.GetLastError();
    return code === null || code === undefined || code === "" ? "0" : String(code);
  }

  private get(element: string): string {
    try {
      const f = this.found;
      const value = f.version === "1.2" ? f.api.LMSGetValue(element) : f.api.GetValue(element);
      return this.lastError() === "0" ? String(value ?? "") : "";
    } catch {
      this.broken = true;
      return "";
    }
  }

  private set(element: string, value: string) {
    try {
      const f = this.found;
      const ok = f.version === "1.2" ? f.api.LMSSetValue(element, value) : f.api.SetValue(element, value);
      if (String(ok) !== "true") this.refused.push({ element, code: this.lastError() });
    } catch {
      this.broken = true;
    }
  }

  /** what the LMS kept from earlier sessions, and what it records for the module now */
  saved(): { suspendData: string; location: string } {
    const is12 = this.found.version === "1.2";
    const mode = this.get(is12 ? "cmi.core.lesson_mode" : "cmi.mode");
    this.readOnly = mode === "review" || mode === "browse";
    if (is12) {
      const status = this.get("cmi.core.lesson_status");
      this.held = { completed: status === "passed" || status === "completed", passed: status === "passed" };
    } else {
      this.held = {
        completed: this.get("cmi.completion_status") === "completed",
        passed: this.get("cmi.success_status") === "passed",
      };
    }
    // 2004 says when a session starts afresh; some 1.2 LMSs give no entry but keep the data
    const fresh = !is12 && this.get("cmi.entry") === "ab-initio";
    return {
      suspendData: fresh ? "" : this.get("cmi.suspend_data"),
      location: fresh ? "" : this.get(is12 ? "cmi.core.lesson_location" : "cmi.location"),
    };
  }

  /** writes the state and the module's standing, then commits; nothing when nothing changed */
  save(suspendData: string, location: string, own: ModuleReport) {
    if (this.finished || this.readOnly) return;
    const report: ModuleReport = {
      ...own,
      completed: own.completed || this.held.completed,
      success: own.success === "passed" || this.held.passed ? "passed" : own.success,
      progress: own.completed || this.held.completed ? 1 : own.progress,
    };
    const signature = JSON.stringify([suspendData, location, report]);
    if (signature === this.last) return;
    const is12 = this.found.version === "1.2";
    this.set("cmi.suspend_data", suspendData);
    this.set(is12 ? "cmi.core.lesson_location" : "cmi.location", location);
    if (is12) {
      // 1.2 has one status: passed once the module is complete, incomplete until then
      this.set(
        "cmi.core.lesson_status",
        report.completed
          ? this.held.passed || report.success === "passed"
            ? "passed"
            : "completed"
          : "incomplete",
      );
      if (report.score !== null) {
        this.set("cmi.core.score.min", "0");
        this.set("cmi.core.score.max", "100");
        this.set("cmi.core.score.raw", String(report.score));
      }
      // a module is left to be resumed: its state stays with the LMS
      this.set("cmi.core.exit", "suspend");
    } else {
      this.set("cmi.completion_status", report.completed ? "completed" : "incomplete");
      this.set("cmi.success_status", report.success);
      this.set("cmi.progress_measure", String(Math.round(report.progress * 1000) / 1000));
      if (report.score !== null) {
        this.set("cmi.score.min", "0");
        this.set("cmi.score.max", "100");
        this.set("cmi.score.raw", String(report.score));
        this.set("cmi.score.scaled", String(Math.round(report.score * 10) / 1000));
      }
      this.set("cmi.exit", "suspend");
    }
    try {
      const f = this.found;
      const ok = f.version === "1.2" ? f.api.LMSCommit("") : f.api.Commit("");
      if (String(ok) !== "true") this.broken = true;
      else this.last = signature;
    } catch {
      this.broken = true;
    }
  }

  /** the session's time, then terminate: once */
  finish() {
    if (this.finished) return;
    this.finished = true;
    const is12 = this.found.version === "1.2";
    const spent = Date.now() - this.started;
    if (!this.readOnly) {
      this.set(
        is12 ? "cmi.core.session_time" : "cmi.session_time",
        is12 ? timespan12(spent) : duration2004(spent),
      );
    }
    try {
      const f = this.found;
      if (f.version === "1.2") f.api.LMSFinish("");
      else f.api.Terminate("");
    } catch {
      this.broken = true;
    }
  }
}
