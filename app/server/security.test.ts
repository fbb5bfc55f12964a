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

  it("refuses a state-changing request with neither header", () => {
    expect(
      checkOrigin({ method: "POST", origin: undefined, secFetchSite: undefined, allowedOrigins }).ok,
    ).toBe(false);
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/account", "/account"],
    ["/org/1?x=2", "/org/1?x=2"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["https://evil.example", "/dashboard"],
    ["", "/dashboard"],
    [null, "/dashboard"],
  ])("%s -> %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
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
