import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("has working defaults for a fresh machine", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "production",
      DEMO_DATA: true,
      SECURE_COOKIES: false,
      PORT: 3000,
      DATABASE_URL: "file:./data/app.db",
      APP_URL: "http://localhost:3000",
      SIGNIN_MAX_FAILURES: 10,
      SIGNIN_WINDOW_MINUTES: 15,
      SIGNIN_IP_MAX_FAILURES: 100,
      SIGNIN_IP_BACKOFF_MAX_SECONDS: 60,
      REGISTER_MAX_PER_HOUR: 10,
      REGISTRATION_TTL_HOURS: 24,
      SCORM_COMMITS_PER_MINUTE: 120,
    });
  });

  it("demo data and secure cookies follow APP_URL unless set, never NODE_ENV", () => {
    // tried on this machine: demo logins, plain-http cookies
    for (const url of [
      "http://localhost:3000",
      "http://127.0.0.1:8080",
      "http://[::1]:3000",
      "http://mentor.localhost",
    ]) {
      const CONTENT_ORIGIN = "http://content.example.net:3001";
      expect(parseEnv({ APP_URL: url, CONTENT_ORIGIN, NODE_ENV: "production" })).toMatchObject({
        DEMO_DATA: true,
        SECURE_COOKIES: false,
      });
    }
    // served to others: no demo accounts; https means secure cookies and HSTS
    expect(parseEnv({ APP_URL: "https://mentor.example.org" })).toMatchObject({
      DEMO_DATA: false,
      SECURE_COOKIES: true,
    });
    expect(parseEnv({ APP_URL: "http://10.0.0.5:3000" })).toMatchObject({
      DEMO_DATA: false,
      SECURE_COOKIES: false,
    });
    expect(parseEnv({ APP_URL: "https://localhost:3000" })).toMatchObject({
      DEMO_DATA: false,
      SECURE_COOKIES: true,
    });
    // explicit settings win
    expect(parseEnv({ APP_URL: "https://staging.example.org", DEMO_DATA: "true" }).DEMO_DATA).toBe(true);
    expect(parseEnv({ DEMO_DATA: "no" }).DEMO_DATA).toBe(false);
    expect(parseEnv({ APP_URL: "https://mentor.example.org", SECURE_COOKIES: "false" }).SECURE_COOKIES).toBe(
      false,
    );
    expect(() => parseEnv({ DEMO_DATA: "maybe" })).toThrow(/DEMO_DATA/);
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

  it("WEB_CONCURRENCY takes a number of server processes, unset meaning one per core", () => {
    expect(parseEnv({ WEB_CONCURRENCY: "1" }).WEB_CONCURRENCY).toBe(1);
    expect(parseEnv({ WEB_CONCURRENCY: "4" }).WEB_CONCURRENCY).toBe(4);
    expect(parseEnv({}).WEB_CONCURRENCY).toBeUndefined();
    expect(() => parseEnv({ WEB_CONCURRENCY: "0" })).toThrow(EnvError);
    expect(() => parseEnv({ WEB_CONCURRENCY: "many" })).toThrow(/WEB_CONCURRENCY/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", SMTP_URL: "" }).PORT).toBe(3000);
  });

  it("derives APP_URL from PORT when not given", () => {
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
  });
});

describe("the content origin must be another host and another site than the app", () => {
  const base = { APP_URL: "https://mentor.example.org" };
  it.each([
    [
      "the same host on another port",
      "https://mentor.example.org:8443",
      /another host.*cookies ignore ports/,
    ],
    ["the same origin", "https://mentor.example.org", /another host/],
    ["a sibling subdomain", "https://content.example.org", /another site.*example\.org/],
    ["a subdomain of the app's host", "https://scorm.mentor.example.org", /another site/],
    ["a sibling under an nhs.uk trust domain", "https://elearning.trust.nhs.uk", null],
  ])("refuses %s at start", (_label, contentOrigin, message) => {
    const env = { ...base, CONTENT_ORIGIN: contentOrigin };
    if (message === null) {
      // mentor.example.org and elearning.trust.nhs.uk are different sites: accepted
      expect(() => parseEnv(env)).not.toThrow();
      return;
    }
    expect(() => parseEnv(env)).toThrow(message);
  });

  it("refuses siblings under a public suffix's registrable domain, allows different ones", () => {
    expect(() =>
      parseEnv({ APP_URL: "https://learn.trust.nhs.uk", CONTENT_ORIGIN: "https://content.trust.nhs.uk" }),
    ).toThrow(/trust\.nhs\.uk/);
    expect(() =>
      parseEnv({ APP_URL: "https://learn.trust.nhs.uk", CONTENT_ORIGIN: "https://trust-elearning.net" }),
    ).not.toThrow();
  });

  it("the development default (localhost and 127.0.0.1) is accepted", () => {
    const env = parseEnv({ PORT: "3000" });
    expect(env.CONTENT_ORIGIN).toBe("http://127.0.0.1:3001");
    expect(() => parseEnv({ PORT: "3000", CONTENT_ORIGIN: "http://localhost:3001" })).toThrow(/another host/);
  });
});
