import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Base64Url, sha256Bytes, sha256Hex, toBase64Url } from "./sha256";

// the browser-safe hash must give exactly what node's crypto gives: attempts stored before it
// replaced node's crypto keep their option order, answer keys and draw

describe("sha256 (browser and node)", () => {
  it("matches node's crypto for strings of every length and for bytes", () => {
    for (let n = 0; n < 300; n++) {
      const s = randomBytes(n).toString("base64").slice(0, n) + (n % 7 === 0 ? "é→🩺" : "");
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s).digest("hex"));
      expect(sha256Base64Url(s)).toBe(createHash("sha256").update(s).digest("base64url"));
      const bytes = randomBytes(n);
      expect(Buffer.from(sha256Bytes(bytes)).equals(createHash("sha256").update(bytes).digest())).toBe(true);
    }
  });

  it("encodes base64url like node for every remainder", () => {
    for (let n = 0; n < 10; n++) {
      const bytes = randomBytes(n);
      expect(toBase64Url(bytes)).toBe(bytes.toString("base64url"));
    }
  });
});
