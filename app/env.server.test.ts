import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("has working defaults for a fresh machine", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      DATABASE_URL: "file:./data/app.db",
      APP_URL: "http://localhost:3000",
      SIGNIN_MAX_FAILURES: 10,
      SIGNIN_WINDOW_MINUTES: 15,
      SCORM_COMMITS_PER_MINUTE: 120,
    });
  });

  it("names each bad variable in one message", () => {
    expect(() => parseEnv({ PORT: "eighty", SMTP_URL: "not a url", DATABASE_URL: "postgres://x" })).toThrow(
      EnvError,
    );
    try {
      parseEnv({ PORT: "eighty", SMTP_URL: "not a url" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/SMTP_URL:/);
    }
  });

  it("SCORM_COMMITS_PER_MINUTE takes a whole number, not one too small for real content", () => {
    expect(parseEnv({ SCORM_COMMITS_PER_MINUTE: "600" }).SCORM_COMMITS_PER_MINUTE).toBe(600);
    expect(() => parseEnv({ SCORM_COMMITS_PER_MINUTE: "2" })).toThrow(/SCORM_COMMITS_PER_MINUTE/);
    expect(() => parseEnv({ SCORM_COMMITS_PER_MINUTE: "lots" })).toThrow(/SCORM_COMMITS_PER_MINUTE/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", SMTP_URL: "" }).PORT).toBe(3000);
  });

  it("derives APP_URL from PORT when not given", () => {
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
  });
});
