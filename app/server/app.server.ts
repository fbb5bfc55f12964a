import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { Transform } from "node:stream";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { lucia } from "~/auth/lucia.server";
import { prisma } from "~/db.server";
import { getEnv, isLoopbackUrl, type Env } from "~/env.server";
import { logger, requestLine } from "~/logger.server";
import type { RequestContext } from "./context";
import { checkOrigin, securityHeaders } from "./security.server";
import { guardStorage, refuseWritesWhileStorageUnavailable } from "./storage-guard.server";
import { noteStorageError } from "./storage.server";
import { organisationInPath, WORKSPACE_COOKIE } from "~/organisations/workspace";
import { rememberedWorkspace } from "~/organisations/workspace.server";

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

  // liveness and database reachability for load balancers: answered before anything else (no
  // session, no page rendering, no request log line every few seconds), and nothing beyond "ok"
  app.get("/healthz", (_req, res) => {
    res.set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    prisma.$queryRawUnsafe("SELECT 1").then(
      () => res.type("text/plain").send("ok"),
      () => res.status(503).type("text/plain").send("database unavailable"),
    );
  });

  // request line: method, pathname (never the query: it can hold tokens), status, ms
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId, ...requestLine(req, res.statusCode, ms) }, "request");
    });
    // every response, static files included: a browser never guesses a type we did not send
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });

  // a machine's own server has several names (localhost, 127.0.0.1, [::1]); cookies, forms'
  // origin check and the e-learning player's frame rules hold for one of them. a page opened at
  // another loopback name of APP_URL is sent to APP_URL's, before anything is set for it.
  const appUrl = new URL(env.APP_URL);
  if (isLoopbackUrl(env.APP_URL)) {
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      const host = requestHost(req)?.toLowerCase();
      if (!host || host === appUrl.host) return next();
      const other = new URL(`http://${host}`);
      if (other.port === appUrl.port && isLoopbackUrl(`http://${host}`)) {
        res.redirect(302, `${appUrl.origin}${req.originalUrl}`);
        return;
      }
      next();
    });
  }

  app.use(
    "/build",
    express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }),
  );
  // only a path that names a file can be one: the rest (every page) skips the disk lookup
  const staticFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? staticFiles(req, res, next) : next()));

  app.use((req, res, next) => {
    const verdict = checkOrigin({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      allowedOrigins: [allowedOrigin],
      host: requestHost(req),
    });
    if (!verdict.ok) {
      logger.warn({ requestId: res.locals.requestId, reason: verdict.reason }, "cross-site request refused");
      res
        .status(403)
        .type("text/plain")
        .send(
          verdict.wrongHost
            ? `This form was sent to another address of the service. Open ${env.APP_URL} and try again.`
            : "Cross-site request refused.",
        );
      return;
    }
    const limit = UPLOADS.find((u) => u.path.test(req.path))?.limit(env) ?? env.MAX_FORM_BYTES;
    if (!limitBody(req, res, limit)) return;
    next();
  });

  // the signed-in user, once per request, for every loader and action
  app.use(async (req, res, next) => {
    try {
      const nonce = randomBytes(16).toString("base64");
      res.set(securityHeaders(nonce, env.SECURE_COOKIES, env.CONTENT_ORIGIN));
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
            // best effort: a disk that cannot take writes must not stop a page that only reads
            await prisma.session
              .updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date() } })
              .catch((error: unknown) => {
                if (!noteStorageError(error)) throw error;
              });
          }
        } else {
          res.append("Set-Cookie", lucia.createBlankSessionCookie().serialize());
        }
      }
      // the header shows the workspace of the organisation last opened (checked against the
      // user's roles on every page; the cookie only remembers a choice)
      const opened = ctx.user && req.method === "GET" ? organisationInPath(req.path) : null;
      if (opened && rememberedWorkspace(req.get("cookie") ?? "") !== opened) {
        const secure = env.SECURE_COOKIES ? "; Secure" : "";
        res.append(
          "Set-Cookie",
          `${WORKSPACE_COOKIE}=${opened}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`,
        );
      }
      res.locals.ctx = ctx;
      next();
    } catch (error) {
      next(error);
    }
  });

  // app.use, not app.all("*"): a malformed %-escape must reach remix (a 404/400 page), not
  // fail in express's parameter decoding
  // while the database cannot take writes, a request that would write is refused before it starts
  app.use(refuseWritesWhileStorageUnavailable);
  app.use(remixHandler(guardStorage(build)));

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ requestId: res.locals.requestId, err: error }, "unhandled error");
    if (!res.headersSent) {
      res.status(500).type("text/plain").send("Sorry, there is a problem with the service.");
    }
  });

  return app;
}

class BodyTooLarge extends Error {}

/**
 * holds a request body to `limit` bytes as they arrive, whatever Content-Length says (or
 * whether it is sent at all: a chunked body has none). a declared length over the limit is
 * refused before reading; otherwise the bytes are counted as they stream through, and the
 * first byte over the limit answers 413 and closes the connection. false when the request
 * was answered here.
 */
function limitBody(req: Request, res: Response, limit: number): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > limit) {
    tooLarge(req, res);
    return false;
  }
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limit) done(new BodyTooLarge());
      else done(null, chunk);
    },
  });
  counted.on("error", (error) => {
    req.unpipe(counted);
    if (error instanceof BodyTooLarge) tooLarge(req, res);
    else req.destroy();
  });
  req.on("error", (error) => counted.destroy(error));
  res.locals.body = req.pipe(counted);
  return true;
}

/** what is still arriving after a 413 is read and dropped for this long, then the connection goes */
const LINGER_MS = 2000;
const LINGER_BYTES = 32 * 1024 * 1024;

function tooLarge(req: Request, res: Response) {
  if (!res.headersSent) res.status(413).type("text/plain").send("The request is too large.");
  // closing at once would make the client's next write reset the connection, and a reset can
  // discard our 413 before the client reads it. so, as web servers do, keep reading for a
  // moment and drop what comes (nothing is kept), then close.
  let dropped = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  req.socket.once("close", () => clearTimeout(timer));
  // the client sent the rest in time: the connection may carry its next request
  req.once("end", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.resume();
}

/** the host a request was addressed to, as remix compares it with Origin */
function requestHost(req: Request): string | undefined {
  const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || req.get("host") || undefined;
}

/**
 * remix's request handler over express, reading the body through limitBody's counter. (the
 * @remix-run/express adapter reads the raw request itself, which would bypass the count.)
 * pages for a signed-in person are personal: they are never stored by a browser or proxy
 * cache unless the route says otherwise.
 */
function remixHandler(build: ServerBuild) {
  const handle = createRequestHandler(build, "production");
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(key, v);
        else if (value !== undefined) headers.set(key, value);
      }
      const host = requestHost(req) ?? "localhost";
      const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
      const init: RequestInit & { duplex?: "half" } = {
        method: req.method,
        headers,
        signal: controller.signal,
      };
      if (req.method !== "GET" && req.method !== "HEAD") {
        init.body = createReadableStreamFromReadable(res.locals.body ?? req);
        init.duplex = "half";
      }
      const ctx = res.locals.ctx as RequestContext;
      const response = await handle(new Request(url.href, init), ctx);
      // the body limit may have answered already (413) while the route read the form
      if (res.headersSent) return;
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (ctx.user && !response.headers.has("cache-control")) res.set("Cache-Control", "private, no-store");
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
