import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { optionKey, shuffle } from "./present";

// the shuffle and the answer keys moved from node's crypto to a hash that also runs in a
// browser (for exported scorm packages). an attempt stored before keeps its order and keys:
// the node-crypto version, as it was, must give the same for any seed.

function nodeShuffle<T>(seed: string, salt: string, items: readonly T[]): T[] {
  const out = [...items];
  let state = createHash("sha256").update(`${seed}:${salt}`).digest();
  let cursor = 0;
  const next = () => {
    if (cursor + 4 > state.length) {
      state = createHash("sha256").update(state).digest();
      cursor = 0;
    }
    const value = state.readUInt32BE(cursor);
    cursor += 4;
    return value / 0x1_0000_0000;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("seeded presentation", () => {
  it("shuffles exactly as the node-crypto version did, for long lists too", () => {
    for (let n = 0; n < 200; n++) {
      const seed = randomBytes(16).toString("hex");
      const items = Array.from({ length: 1 + (n % 40) }, (_, i) => `item-${i}`);
      expect(shuffle(seed, `q${n}`, items)).toEqual(nodeShuffle(seed, `q${n}`, items));
    }
  });

  it("keys options exactly as the node-crypto version did", () => {
    const seed = randomBytes(16).toString("hex");
    expect(optionKey(seed, "q1", "a")).toBe(
      createHash("sha256").update(`${seed}:q1:a`).digest("base64url").slice(0, 12),
    );
  });
});
