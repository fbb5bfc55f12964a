import pino from "pino";
import { getEnv } from "./env.server";

// structured json logs. anything that could carry a secret is redacted by path, and request
// lines carry the pathname only (tokens travel in query strings, see invitations).
export const logger = pino({
  level: getEnv().LOG_LEVEL,
  base: undefined,
  redact: {
    paths: [
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
    ],
    censor: "[redacted]",
  },
});
