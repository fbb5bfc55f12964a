import { describe, expect, it } from "vitest";
import { ALPHABET, formatCode, generateCode, parseCode } from "./code";

describe("verification codes", () => {
  it("are 13 characters of crockford base32 and read back as themselves", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(parseCode(code)).toEqual({ ok: true, code });
      expect(parseCode(formatCode(code).toLowerCase())).toEqual({ ok: true, code });
      seen.add(code);
    }
    expect(seen.size).toBe(500);
  });

  it("format in groups of four with the check character last", () => {
    expect(formatCode("ABCDEFGHJKMNP")).toBe("ABCD-EFGH-JKMN-P");
  });

  it("catch every single mistyped character before any lookup", () => {
    for (let n = 0; n < 50; n++) {
      const code = generateCode();
      for (let i = 0; i < code.length; i++) {
        for (const c of ALPHABET) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          expect(parseCode(typo)).toMatchObject({ ok: false, reason: "typo" });
        }
      }
    }
  });

  it("catch swapped neighbours", () => {
    let caught = 0;
    let total = 0;
    for (let n = 0; n < 200; n++) {
      const code = generateCode();
      for (let i = 0; i < code.length - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        total++;
        if (!parseCode(swapped).ok) caught++;
      }
    }
    expect(caught / total).toBeGreaterThan(0.9);
  });

  it("forgive case, spaces, dashes and look-alike letters", () => {
    const code = generateCode();
    const messy = ` ${formatCode(code).toLowerCase().replace(/0/g, "o").replace(/1/g, "l")} `;
    expect(parseCode(messy)).toEqual({ ok: true, code });
  });

  it("explain what is wrong with a malformed code", () => {
    expect(parseCode("")).toMatchObject({ ok: false, reason: "empty" });
    expect(parseCode("ABC")).toMatchObject({ ok: false, reason: "length" });
    expect(parseCode("ABCD-EFGH-JKMN-!")).toMatchObject({ ok: false, reason: "characters" });
  });
});
