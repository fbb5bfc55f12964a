import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, url-safe: for single-use links */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
