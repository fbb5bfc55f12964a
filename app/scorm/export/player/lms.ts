import type { ModuleReport } from "./engine";

// the sco's side of the scorm run-time: find the LMS's API in a parent or opener window (the
// ADL algorithm), initialise, read what was saved, report status, score, location, session
// time and suspend data, commit, and terminate once. a value the LMS refuses is noted, never
// retried in a loop; a GetValue of something never set (2004's 403) reads as empty.

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

/** the standard search: up the parents (at most 7 levels, as ADL's example does), then the opener's */
export function findApi(win: Window, version: "1.2" | "2004"): Found | null {
  const name = version === "1.2" ? "API" : "API_1484_11";
  const look = (start: Window | null): Found | null => {
    let w: Window | null = start;
    for (let depth = 0; w && depth <= 7; depth++) {
      try {
        const api = (w as unknown as Record<string, unknown>)[name];
        if (api && typeof api === "object") return { version, api } as Found;
      } catch {
        // a window of another origin: keep looking further up
      }
      if (!w.parent || w.parent === w) break;
      w = w.parent;
    }
    return null;
  };
  let opener: Window | null = null;
  try {
    opener = win.opener as Window | null;
  } catch {
    opener = null;
  }
  return look(win) ?? (opener ? look(opener) : null);
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

export class Lms {
  private started = 0;
  private finished = false;
  /** elements the LMS refused, with its error code: shown to no one, kept for tests and support */
  readonly refused: { element: string; code: string }[] = [];

  private constructor(private readonly found: Found) {}

  /** connects to the LMS; null when there is none (the module then runs without saving) */
  static connect(win: Window, version: "1.2" | "2004"): Lms | null {
    const found = findApi(win, version);
    if (!found) return null;
    const lms = new Lms(found);
    const ok = found.version === "1.2" ? found.api.LMSInitialize("") : found.api.Initialize("");
    if (String(ok) !== "true") return null;
    lms.started = Date.now();
    return lms;
  }

  get version() {
    return this.found.version;
  }

  private get(element: string): string {
    const f = this.found;
    const value = f.version === "1.2" ? f.api.LMSGetValue(element) : f.api.GetValue(element);
    const code = String(f.version === "1.2" ? f.api.LMSGetLastError() : f.api.GetLastError());
    return code === "0" ? String(value ?? "") : "";
  }

  private set(element: string, value: string) {
    const f = this.found;
    const ok = f.version === "1.2" ? f.api.LMSSetValue(element, value) : f.api.SetValue(element, value);
    if (String(ok) !== "true") {
      const code = String(f.version === "1.2" ? f.api.LMSGetLastError() : f.api.GetLastError());
      this.refused.push({ element, code });
    }
  }

  /** what the LMS kept from an earlier session: only when it says this one resumes it */
  saved(): { suspendData: string; location: string; learnerName: string } {
    const is12 = this.found.version === "1.2";
    const entry = this.get(is12 ? "cmi.core.entry" : "cmi.entry");
    const resume = entry === "resume";
    return {
      suspendData: resume ? this.get("cmi.suspend_data") : "",
      location: resume ? this.get(is12 ? "cmi.core.lesson_location" : "cmi.location") : "",
      learnerName: this.get(is12 ? "cmi.core.student_name" : "cmi.learner_name"),
    };
  }

  /** writes the state and the module's standing, then commits */
  save(suspendData: string, location: string, report: ModuleReport) {
    if (this.finished) return;
    const is12 = this.found.version === "1.2";
    this.set("cmi.suspend_data", suspendData);
    this.set(is12 ? "cmi.core.lesson_location" : "cmi.location", location);
    if (is12) {
      // 1.2 has one status: passed once the module is complete, incomplete until then
      this.set("cmi.core.lesson_status", report.completed ? "passed" : "incomplete");
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
    const f = this.found;
    if (f.version === "1.2") f.api.LMSCommit("");
    else f.api.Commit("");
  }

  /** the session's time, then terminate: once */
  finish() {
    if (this.finished) return;
    const is12 = this.found.version === "1.2";
    const spent = Date.now() - this.started;
    this.set(
      is12 ? "cmi.core.session_time" : "cmi.session_time",
      is12 ? timespan12(spent) : duration2004(spent),
    );
    this.finished = true;
    const f = this.found;
    if (f.version === "1.2") f.api.LMSFinish("");
    else f.api.Terminate("");
  }
}
