import pino from "pino";
import { getEnv } from "./env.server";

// structured json logs. anything that could carry a secret is redacted by path, and request
// lines carry the pathname only (tokens travel in query strings, see invitations).
export const REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "headers.authorization",
  "*.headers.cookie",
  "*.headers.authorization",
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

export const logger = createLogger(getEnv().LOG_LEVEL);

/** the request line: the pathname only, because query strings can carry single-use tokens */
export function requestLine(req: { method: string; originalUrl: string }, status: number, ms: number) {
  const path = req.originalUrl.split("?")[0]!;
  return { method: req.method, path, status, ms: Math.round(ms * 10) / 10 };
}
