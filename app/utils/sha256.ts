import { sha256 } from "@noble/hashes/sha2.js";

// sha-256 that runs the same in node and in a browser, synchronously. the quiz's option order,
// its opaque answer keys and its question draw are seeded hashes: the platform computes them
// on the server, and an exported scorm package (app/scorm/export) computes them in the
// learner's browser with this same code. node's crypto is not in a browser, and the web's
// crypto.subtle is asynchronous.

const encoder = new TextEncoder();

export function sha256Bytes(input: string | Uint8Array): Uint8Array {
  return sha256(typeof input === "string" ? encoder.encode(input) : input);
}

export function toHex(bytes: Uint8Array) {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url without padding, as node's digest("base64url") gives */
export function toBase64Url(bytes: Uint8Array) {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]!;
  }
  return out;
}

export const sha256Hex = (input: string | Uint8Array) => toHex(sha256Bytes(input));
export const sha256Base64Url = (input: string | Uint8Array) => toBase64Url(sha256Bytes(input));
