import { describe, expect, it } from "vitest";
import { largestState, realCourse, realModule, replay } from "../../../tests/setup/scorm-export";
import { decodeState, emptyState, encodeState, pack, SUSPEND_LIMIT_12, unpack } from "./state";

// scorm 1.2 keeps 4,096 characters of suspend_data per sco: the largest state a learner can
// leave in any module of the real course must fit, and come back as it went in

describe("a module's state in suspend_data", () => {
  it("packs and unpacks nested numbers and gaps", () => {
    const value = [0, 35, 36, null, [], [1, [2, null]], 2 ** 40];
    expect(unpack(pack(value))).toEqual(value);
    expect(pack(value)).toMatch(/^[0-9a-z,[\]~]+$/);
  });

  it("fits the largest state of every module of the real course in SCORM 1.2's 4,096 characters", async () => {
    const course = await realCourse();
    const sizes: Record<string, number> = {};
    for (const m of course.modules) {
      const exported = await realModule(m.id);
      const state = largestState(exported);
      const text = encodeState(state);
      sizes[m.id] = text.length;
      expect(text.length, `${m.id}: ${text.length} characters`).toBeLessThanOrEqual(SUSPEND_LIMIT_12);
      const back = decodeState(text, { hash: exported.stateHash, kinds: exported.activities.map((a) => a.kind) });
      expect(back.state).toEqual(state);
      // the role-plays' paths are real conversations that have not ended
      for (const [i, a] of exported.activities.entries()) {
        const s = state.activities[i]!;
        if (a.kind === "roleplay" && s.kind === "roleplay") {
          const snap = replay(a.content, s.current!.path);
          expect(snap.status).toBe("active");
          expect(snap.context.transcript).toHaveLength(s.current!.path.length);
        }
      }
    }
    console.log("largest suspend_data per module (characters):", sizes);
  });

  it("refuses state written for other content or garbled, and says which", async () => {
    const m = await realModule("questioning");
    const kinds = m.activities.map((a) => a.kind);
    const text = encodeState(largestState(m));
    expect(decodeState(text, { hash: "00000000", kinds }).state).toBeNull();
    expect(decodeState(text, { hash: "00000000", kinds })).toMatchObject({ reason: "changed" });
    expect(decodeState(text.slice(0, -3), { hash: m.stateHash, kinds })).toMatchObject({ reason: "unreadable" });
    expect(decodeState("{\"a\":1}", { hash: m.stateHash, kinds })).toMatchObject({ reason: "unreadable" });
    expect(decodeState("", { hash: m.stateHash, kinds })).toMatchObject({ reason: "empty" });
    const empty = emptyState(m.stateHash, kinds);
    expect(decodeState(encodeState(empty), { hash: m.stateHash, kinds }).state).toEqual(empty);
  });
});
