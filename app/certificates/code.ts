import { randomInt } from "node:crypto";

// verification codes: 12 random crockford base32 characters (60 bits) and a check
// character, shown as ABCD-EFGH-JKMN-P. easy to read aloud (no I, L, O or U); the check
// character (luhn mod 32) catches any single mistyped character and most swaps of
// neighbours before anything is looked up.

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BODY = 12;

function checkCharacter(body: string): string {
  // luhn mod n: double every second value from the right, fold into base 32
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

/** a full code from a chosen 12-character body (demo data) */
export function codeFromBody(body: string): string {
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(body))
    throw new Error("a code body is 12 crockford base32 characters");
  return body + checkCharacter(body);
}

export function generateCode(): string {
  let body = "";
  for (let i = 0; i < BODY; i++) body += ALPHABET[randomInt(32)];
  return body + checkCharacter(body);
}

export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}

export type CodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: "empty" | "length" | "characters" | "typo"; message: string };

/** reads a code as a person types it: any case, spaces or dashes, I/L for 1, O for 0 */
export function parseCode(input: string): CodeCheck {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (cleaned.length === 0) return { ok: false, reason: "empty", message: "Enter a verification code" };
  if (cleaned.length !== BODY + 1) {
    return {
      ok: false,
      reason: "length",
      message: "A verification code has 13 characters, like ABCD-EFGH-JKMN-P",
    };
  }
  if (![...cleaned].every((c) => ALPHABET.includes(c))) {
    return {
      ok: false,
      reason: "characters",
      message: "A verification code uses only the letters A to Z (not U) and digits",
    };
  }
  if (checkCharacter(cleaned.slice(0, BODY)) !== cleaned[BODY]) {
    return {
      ok: false,
      reason: "typo",
      message: "This code has a typing mistake: check each character against the certificate",
    };
  }
  return { ok: true, code: cleaned };
}
