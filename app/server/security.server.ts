import { getEnv } from "~/env.server";

// http-level defences that do not depend on a route: cross-site request refusal and the
// security headers. pure functions so they are unit-tested without a server.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: string; wrongHost?: boolean };

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
  /**
   * the host the request was addressed to, as the app sees it (X-Forwarded-Host, else Host).
   * an allowed Origin sent to another name of this server (127.0.0.1:3000 when APP_URL is
   * localhost:3000) is refused here, cleanly, rather than failing deeper in the framework.
   */
  host?: string | undefined;
}): OriginVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (input.origin !== undefined) {
    if (input.origin === "null" || !input.allowedOrigins.includes(input.origin)) {
      return { ok: false, reason: `origin ${input.origin} is not this service` };
    }
    if (input.host !== undefined && new URL(input.origin).host !== input.host.toLowerCase()) {
      return { ok: false, reason: `origin ${input.origin} posted to host ${input.host}`, wrongHost: true };
    }
    return { ok: true };
  }
  if (input.secFetchSite !== undefined) {
    if (input.secFetchSite === "same-origin" || input.secFetchSite === "none") return { ok: true };
    return { ok: false, reason: `sec-fetch-site ${input.secFetchSite}` };
  }
  return { ok: false, reason: "no Origin or Sec-Fetch-Site header" };
}

export function securityHeaders(
  nonce: string,
  https: boolean,
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
  if (https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/**
 * a safe place to send someone after sign-in: a page of this service, never another host.
 * the target is resolved against APP_URL the way a browser would resolve it (the URL parser
 * drops tabs and newlines and reads a backslash as a slash, so "/\t/evil.example" becomes
 * "//evil.example"), must keep APP_URL's origin, and comes back as path, query and hash only.
 * anything else, including control characters, falls back.
 */
export function safeRedirect(to: unknown, fallback = "/dashboard", appUrl = getEnv().APP_URL): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  if (!to.startsWith("/")) return fallback;
  const base = new URL(appUrl);
  let target: URL;
  try {
    target = new URL(to, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // a path that a browser could still read as another host: "/.//x" normalises to "//x"
  // (the parser has already turned backslashes into slashes)
  if (path.startsWith("//")) return fallback;
  return path;
}
