// http-level defences that do not depend on a route: cross-site request refusal and the
// security headers. pure functions so they are unit-tested without a server.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * state-changing requests must come from our own pages. a browser always sends Origin on a
 * POST (and Sec-Fetch-Site): a different origin, or "cross-site", is refused. a request with
 * neither header is refused too: no browser we support omits both, and tools can add Origin.
 */
export function checkOrigin(input: {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  allowedOrigins: readonly string[];
}): OriginVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (input.origin !== undefined) {
    if (input.origin !== "null" && input.allowedOrigins.includes(input.origin)) return { ok: true };
    return { ok: false, reason: `origin ${input.origin} is not this service` };
  }
  if (input.secFetchSite !== undefined) {
    if (input.secFetchSite === "same-origin" || input.secFetchSite === "none") return { ok: true };
    return { ok: false, reason: `sec-fetch-site ${input.secFetchSite}` };
  }
  return { ok: false, reason: "no Origin or Sec-Fetch-Site header" };
}

export function securityHeaders(
  nonce: string,
  production: boolean,
  contentOrigin?: string,
): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // the scorm player frames the content origin and nothing else
    contentOrigin ? `frame-src ${contentOrigin}` : "frame-src 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** a safe place to send someone after sign-in: a path on this site, never another host. */
export function safeRedirect(to: unknown, fallback = "/dashboard"): string {
  if (typeof to !== "string" || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
