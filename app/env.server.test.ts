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
      SIGNIN_IP_MAX_FAILURES: 100,
      SIGNIN_IP_BACKOFF_MAX_SECONDS: 60,
      REGISTER_MAX_PER_HOUR: 10,
      REGISTRATION_TTL_HOURS: 24,
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

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", SMTP_URL: "" }).PORT).toBe(3000);
  });

  it("derives APP_URL from PORT when not given", () => {
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
  });
});
