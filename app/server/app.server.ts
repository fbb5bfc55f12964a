import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { lucia } from "~/auth/lucia.server";
import { prisma } from "~/db.server";
import { getEnv, type Env } from "~/env.server";
import { logger, requestLine } from "~/logger.server";
import type { RequestContext } from "./context";
import { checkOrigin, securityHeaders } from "./security.server";

const TOUCH_EVERY_MS = 5 * 60 * 1000;
/**
 * the routes that take a file and check its size themselves (with their own message); every
 * other body is held to MAX_FORM_BYTES here
 */
const UPLOADS: { path: RegExp; limit: (env: Env) => number }[] = [
  // a scorm zip: the package list (new package) and a package (new version)
  { path: /^\/org\/[^/]+\/scorm(?:\/[^/]+)?\/?$/, limit: (env) => env.SCORM_MAX_UPLOAD_BYTES + 64 * 1024 },
  // hr's enrolment csv (up to 2 MB)
  { path: /^\/org\/[^/]+\/enrolments\/?$/, limit: (env) => Math.max(env.MAX_FORM_BYTES, 3 * 1024 * 1024) },
];

/** the whole http stack; server.mjs only listens. tests start it on a free port. */
export function createServerApp(build: ServerBuild, publicDir = path.resolve("public")) {
  const env = getEnv();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  const allowedOrigin = new URL(env.APP_URL).origin;

  // request line: method, pathname (never the query: it can hold tokens), status, ms
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId, ...requestLine(req, res.statusCode, ms) }, "request");
    });
    next();
  });

  app.use(
    "/build",
    express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));

  app.use((req, res, next) => {
    const host = req.get("host");
    const verdict = checkOrigin({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      allowedOrigins: host ? [allowedOrigin, `${req.protocol}://${host}`] : [allowedOrigin],
    });
    if (!verdict.ok) {
      logger.warn({ requestId: res.locals.requestId, reason: verdict.reason }, "cross-site request refused");
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    const limit = UPLOADS.find((u) => u.path.test(req.path))?.limit(env) ?? env.MAX_FORM_BYTES;
    if (length > limit) {
      res.status(413).type("text/plain").send("The request is too large.");
      return;
    }
    next();
  });

  // the signed-in user, once per request, for every loader and action
  app.use(async (req, res, next) => {
    try {
      const nonce = randomBytes(16).toString("base64");
      res.set(securityHeaders(nonce, env.NODE_ENV === "production", env.CONTENT_ORIGIN));
      const ctx: RequestContext = {
        requestId: res.locals.requestId as string,
        ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
        userAgent: (req.get("user-agent") ?? "").slice(0, 400),
        cspNonce: nonce,
        user: null,
        session: null,
      };
      const sessionId = lucia.readSessionCookie(req.get("cookie") ?? "");
      if (sessionId) {
        const { session, user } = await lucia.validateSession(sessionId);
        if (session && user) {
          ctx.session = session;
          ctx.user = user;
          if (session.fresh) {
            res.append("Set-Cookie", lucia.createSessionCookie(session.id).serialize());
          }
          if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
            await prisma.session.updateMany({
              where: { id: session.id },
              data: { lastSeenAt: new Date() },
            });
          }
        } else {
          res.append("Set-Cookie", lucia.createBlankSessionCookie().serialize());
        }
      }
      res.locals.ctx = ctx;
      next();
    } catch (error) {
      next(error);
    }
  });

  // app.use, not app.all("*"): a malformed %-escape must reach remix (a 404/400 page), not
  // fail in express's parameter decoding
  app.use(
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (_req, res) => res.locals.ctx as RequestContext,
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ requestId: res.locals.requestId, err: error }, "unhandled error");
    if (!res.headersSent) {
      res.status(500).type("text/plain").send("Sorry, there is a problem with the service.");
    }
  });

  return app;
}
