import { describe, expect, it } from "vitest";
import {
  FRAME_MAX_HEIGHT,
  FRAME_MIN_HEIGHT,
  navTarget,
  parseNavRequest,
  parsePlayerMessage,
  PLAYER_ERROR_TEXT,
} from "./player-messages";

const base = { source: "scorm-player", itemId: "sco_1" };

describe("parsePlayerMessage", () => {
  it("takes the three known shapes for the sco now playing", () => {
    expect(parsePlayerMessage({ ...base, type: "status", satisfied: false }, "sco_1")).toEqual({
      type: "status",
      satisfied: false,
    });
    expect(parsePlayerMessage({ ...base, type: "finished", navRequest: null }, "sco_1")).toEqual({
      type: "finished",
      nav: null,
    });
    expect(
      parsePlayerMessage({ ...base, type: "finished", navRequest: "{target=sco_2}choice" }, "sco_1"),
    ).toEqual({ type: "finished", nav: { kind: "choice", target: "sco_2" } });
    for (const code of Object.keys(PLAYER_ERROR_TEXT)) {
      expect(parsePlayerMessage({ ...base, type: "error", code }, "sco_1")).toEqual({ type: "error", code });
    }
  });

  it("takes a frame height as a number kept within bounds, and nothing else with it", () => {
    const size = (height: unknown, extra = {}) =>
      parsePlayerMessage({ ...base, type: "size", height, ...extra }, "sco_1");
    expect(size(1234.4)).toEqual({ type: "size", height: 1234 });
    expect(size(10)).toEqual({ type: "size", height: FRAME_MIN_HEIGHT });
    expect(size(1e9)).toEqual({ type: "size", height: FRAME_MAX_HEIGHT });
    for (const bad of ["900", Number.NaN, Infinity, null, undefined]) expect(size(bad)).toBeNull();
    expect(size(900, { message: "hello" })).toBeNull();
  });

  it("refuses text, unknown fields and codes, wrong types, another sco and anything not a plain object", () => {
    const refused: unknown[] = [
      null,
      "status",
      42,
      [],
      [{ ...base, type: "status", satisfied: true }],
      { ...base, type: "error", message: "Your session expired, sign in at https://evil.example" },
      { ...base, type: "error", code: "server", message: "Sign in at https://evil.example" },
      { ...base, type: "error", code: "Sign in at https://evil.example" },
      { ...base, type: "error", code: "toString" },
      { ...base, type: "error", code: "__proto__" },
      { ...base, type: "error" },
      { ...base, type: "status", satisfied: "true" },
      { ...base, type: "status", satisfied: 1 },
      { ...base, type: "status" },
      { ...base, type: "status", satisfied: true, completion: "completed" },
      { ...base, type: "finished" },
      { ...base, type: "finished", navRequest: "jump to https://evil.example" },
      { ...base, type: "finished", navRequest: 3 },
      { ...base, type: "finished", navRequest: "continue", text: "x" },
      { ...base, type: "saved", satisfied: true },
      { ...base, itemId: "sco_2", type: "status", satisfied: true },
      { source: "scorm-player", type: "status", satisfied: true },
      { ...base, source: "other", type: "status", satisfied: true },
      new Date(),
      Object.assign(Object.create({ inherited: 1 }) as object, { ...base, type: "status", satisfied: true }),
    ];
    for (const data of refused) expect(parsePlayerMessage(data, "sco_1"), JSON.stringify(data)).toBeNull();
  });
});

describe("parseNavRequest", () => {
  it("knows the scorm 2004 vocabulary and nothing else", () => {
    expect(parseNavRequest("continue")).toEqual({ kind: "continue" });
    expect(parseNavRequest("previous")).toEqual({ kind: "previous" });
    expect(parseNavRequest("{target=a.b-c_1}choice")).toEqual({ kind: "choice", target: "a.b-c_1" });
    for (const other of ["exit", "exitAll", "abandon", "abandonAll", "suspendAll", "{target=x}jump"]) {
      expect(parseNavRequest(other)).toEqual({ kind: "other" });
    }
    expect(parseNavRequest("_none_")).toBeNull();
    expect(parseNavRequest(null)).toBeNull();
    for (const bad of [
      "",
      "Continue",
      "continue ",
      "{target=}choice",
      "{target=a b}choice",
      "{target=x}",
      1,
      {},
    ]) {
      expect(parseNavRequest(bad), String(bad)).toBeUndefined();
    }
  });
});

describe("navTarget", () => {
  const items = [
    { id: "section", launchable: false, allowed: false },
    { id: "one", launchable: true, allowed: true },
    { id: "two", launchable: true, allowed: true },
    { id: "three", launchable: true, allowed: false },
  ];
  const choice = { choice: true };

  it("continue and previous move in tree order, only to a part the server allows", () => {
    expect(navTarget({ kind: "continue" }, "one", items, choice)).toBe("two");
    expect(navTarget({ kind: "continue" }, "two", items, choice)).toBeNull();
    expect(navTarget({ kind: "continue" }, "three", items, choice)).toBeNull();
    expect(navTarget({ kind: "previous" }, "two", items, choice)).toBe("one");
    expect(navTarget({ kind: "previous" }, "one", items, choice)).toBeNull();
  });

  it("a choice opens an allowed part, and only when the package lets the learner choose", () => {
    expect(navTarget({ kind: "choice", target: "two" }, "one", items, choice)).toBe("two");
    expect(navTarget({ kind: "choice", target: "two" }, "one", items, { choice: false })).toBeNull();
    expect(navTarget({ kind: "choice", target: "three" }, "one", items, choice)).toBeNull();
    expect(navTarget({ kind: "choice", target: "section" }, "one", items, choice)).toBeNull();
    expect(navTarget({ kind: "choice", target: "elsewhere" }, "one", items, choice)).toBeNull();
    expect(navTarget({ kind: "choice", target: "one" }, "one", items, choice)).toBeNull();
  });

  it("nothing for other requests or a part that is not in the tree", () => {
    expect(navTarget({ kind: "other" }, "one", items, choice)).toBeNull();
    expect(navTarget({ kind: "continue" }, "elsewhere", items, choice)).toBeNull();
  });
});
