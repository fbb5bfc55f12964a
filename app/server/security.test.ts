import { describe, expect, it } from "vitest";
import { checkOrigin, safeRedirect, securityHeaders } from "./security.server";

const allowedOrigins = ["http://localhost:3000"];

describe("checkOrigin", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        checkOrigin({ method, origin: "https://evil.example", secFetchSite: "cross-site", allowedOrigins })
          .ok,
      ).toBe(true);
    }
  });

  it("accepts a POST from our own origin", () => {
    expect(
      checkOrigin({
        method: "POST",
        origin: "http://localhost:3000",
        secFetchSite: undefined,
        allowedOrigins,
      }).ok,
    ).toBe(true);
  });

  it("refuses a POST from another origin, even with a same-origin fetch-site claim", () => {
    const v = checkOrigin({
      method: "POST",
      origin: "https://evil.example",
      secFetchSite: "same-origin",
      allowedOrigins,
    });
    expect(v).toEqual({ ok: false, reason: "origin https://evil.example is not this service" });
  });

  it("refuses the opaque null origin (sandboxed frames, data: urls)", () => {
    expect(checkOrigin({ method: "POST", origin: "null", secFetchSite: undefined, allowedOrigins }).ok).toBe(
      false,
    );
  });

  it("uses Sec-Fetch-Site when Origin is absent", () => {
    expect(
      checkOrigin({ method: "DELETE", origin: undefined, secFetchSite: "same-origin", allowedOrigins }).ok,
    ).toBe(true);
    expect(
      checkOrigin({ method: "PUT", origin: undefined, secFetchSite: "cross-site", allowedOrigins }).ok,
    ).toBe(false);
    expect(
      checkOrigin({ method: "POST", origin: undefined, secFetchSite: "same-site", allowedOrigins }).ok,
    ).toBe(false);
  });

  it("refuses our own Origin sent to another name of this server (remix would throw a 500)", () => {
    const v = checkOrigin({
      method: "POST",
      origin: "http://localhost:3000",
      secFetchSite: "same-origin",
      allowedOrigins,
      host: "127.0.0.1:3000",
    });
    expect(v).toMatchObject({ ok: false, wrongHost: true });
    expect(
      checkOrigin({
        method: "POST",
        origin: "http://localhost:3000",
        secFetchSite: undefined,
        allowedOrigins,
        host: "localhost:3000",
      }).ok,
    ).toBe(true);
  });

  it("refuses a state-changing request with neither header", () => {
    expect(
      checkOrigin({ method: "POST", origin: undefined, secFetchSite: undefined, allowedOrigins }).ok,
    ).toBe(false);
  });
});

describe("safeRedirect", () => {
  const APP = "http://localhost:3000";
  // what URLSearchParams.get hands the action: %-escapes in the query are already decoded
  const decoded = (raw: string) => new URLSearchParams(`redirectTo=${raw}`).get("redirectTo");
  it.each([
    ["/account", "/account"],
    ["/org/1?x=2#top", "/org/1?x=2#top"],
    ["/courses/intro/modules/a b", "/courses/intro/modules/a%20b"],
    // a literal %09 in the path stays an escape: the browser never turns it into a tab
    ["/%2509/evil.example", "/%2509/evil.example"],
  ])("%s stays on this site as %s", (input, expected) => {
    expect(safeRedirect(input, "/dashboard", APP)).toBe(expected);
  });

  it.each([
    ["tab after the first slash", decoded("/%09/evil.example/phish")],
    ["newline after the first slash", decoded("/%0a/evil.example")],
    ["carriage return", decoded("/%0d/evil.example")],
    ["tab inside the double slash", decoded("/%09%09/evil.example")],
    ["backslash", "/\\evil.example"],
    ["backslash after a tab", decoded("/%09\\evil.example")],
    ["encoded backslash", decoded("/%5Cevil.example")],
    ["protocol-relative", "//evil.example/"],
    ["encoded protocol-relative", decoded("%2F%2Fevil.example")],
    ["absolute https", "https://evil.example/phish"],
    ["absolute on our own origin (not a path)", "http://localhost:3000/account"],
    ["javascript: url", "javascript:alert(1)"],
    ["data: url", "data:text/html,hi"],
    ["relative path", "account"],
    ["empty", ""],
    ["not a string", null],
    ["far too long", `/${"a".repeat(2001)}`],
  ])("%s falls back to the default page", (_label, input) => {
    expect(safeRedirect(input, "/dashboard", APP)).toBe("/dashboard");
  });
});

describe("securityHeaders", () => {
  it("allows scripts only from us and with the request's nonce, and forbids framing", () => {
    const h = securityHeaders("abc123", false);
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders("n", true)["Strict-Transport-Security"]).toMatch(/max-age=/);
  });
});
