import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// what an https APP_URL turns on (SECURE_COOKIES' default), with the modules loaded afresh:
// the session cookie becomes a __Host- cookie, and the content origin sends HSTS too
describe("served over https", () => {
  const KEYS = ["NODE_ENV", "APP_URL", "CONTENT_ORIGIN", "SECURE_COOKIES"] as const;
  const saved: Record<string, string | undefined> = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  beforeAll(() => {
    process.env.NODE_ENV = "test";
    delete process.env.SECURE_COOKIES;
    process.env.APP_URL = "https://mentor.example.org";
    process.env.CONTENT_ORIGIN = "https://elearning-content.example.net";
    vi.resetModules();
  });
  afterAll(() => {
    const env = process.env as Record<string, string | undefined>;
    for (const k of KEYS) {
      if (saved[k] === undefined) delete env[k];
      else env[k] = saved[k];
    }
    vi.resetModules();
  });

  it("the session cookie is __Host-: Secure, Path=/ and no Domain", async () => {
    const { lucia, SESSION_COOKIE } = await import("~/auth/lucia.server");
    expect(SESSION_COOKIE).toBe("__Host-mt_session");
    const cookie = lucia.createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/^__Host-mt_session=abc;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toMatch(/HttpOnly/);
  });

  it("the content origin sends HSTS", async () => {
    const { createContentApp } = await import("~/scorm/content-app.server");
    const server = createContentApp().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/runtime/player.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    } finally {
      server.close();
    }
  });
});
