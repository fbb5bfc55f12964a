import { randomUUID } from "node:crypto";
import { noteStorageError, STORAGE_MESSAGE, storageUnavailable } from "~/server/storage.server";
import { readFileSync } from "node:fs";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";
import { contentStore } from "./store.server";
import { applyCommit, initialCmi, launchItem, maxCommitBytes, resolveLaunch } from "./runtime.server";

// the content origin: uploaded packages are served here, never from the platform's origin, so
// their scripts cannot read the platform's cookies or pages. everything is keyed by a launch
// token (one learner, one attempt): the wrapper page that runs the scorm api, the package's
// files, and the commits.

const RUNTIME_FILES: Record<string, string> = {
  "scorm12.js": "node_modules/scorm-again/dist/scorm12.min.js",
  "scorm2004.js": "node_modules/scorm-again/dist/scorm2004.min.js",
  "player.js": "app/scorm/runtime/player.js",
};

const TOKEN = "[A-Za-z0-9_-]{20,100}";

function redactPath(p: string): string {
  return p.replace(new RegExp(`^/(player|c|commit)/${TOKEN}`), "/$1/[token]");
}

function contentCsp(appOrigin: string, kind: "wrapper" | "package"): string {
  if (kind === "wrapper") {
    return [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "frame-src 'self'",
      "connect-src 'self'",
      "img-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${appOrigin}`,
    ].join("; ");
  }
  // authoring tools emit inline scripts, eval and data: urls; what matters is that nothing
  // leaves this origin and nothing but our wrapper frames it
  return [
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    // every ancestor must match: our wrapper (this origin) and the platform page above it
    `frame-ancestors 'self' ${appOrigin}`,
  ].join("; ");
}

export function createContentApp() {
  const env = getEnv();
  const appOrigin = new URL(env.APP_URL).origin;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.on("finish", () => {
      const ms = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10;
      logger.info(
        {
          requestId,
          origin: "content",
          method: req.method,
          path: redactPath(req.path),
          status: res.statusCode,
          ms,
        },
        "request",
      );
    });
    res.set({
      "X-Content-Type-Options": "nosniff",
      // the token is in the path: never send it to another site
      "Referrer-Policy": "no-referrer",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    // served over https (SECURE_COOKIES), the content origin is https only, like the platform
    if (env.SECURE_COOKIES) res.set("Strict-Transport-Security", "max-age=31536000");
    next();
  });

  app.get("/runtime/:file", (req, res) => {
    const file = RUNTIME_FILES[req.params.file];
    if (!file) {
      res.status(404).type("text/plain").send("Not found.");
      return;
    }
    res.set("Cache-Control", "public, max-age=3600");
    res.type("application/javascript").send(readRuntime(file));
  });

  app.get(new RegExp(`^/player/(${TOKEN})$`), async (req, res, next) => {
    try {
      const token = (req.params as Record<string, string>)[0]!;
      const launch = await resolveLaunch(token);
      if (!launch) {
        sendGone(res);
        return;
      }
      const { item, manifest } = await launchItem(launch);
      const data = await initialCmi(launch);
      const config = {
        version: launch.attempt.version.scormVersion,
        appOrigin,
        itemId: item.identifier,
        commitUrl: `/commit/${token}`,
        // a reloaded wrapper numbers its commits after those this launch already saved
        seq: launch.lastSeq,
        scoUrl: `/c/${token}/${item.launch}`,
        data,
        hideLmsUi: item.hideLmsUi,
        title: item.title || manifest.title,
        // review and preview: the wrapper saves nothing (and the server would refuse it)
        mode: launch.mode,
      };
      res.set({ "Content-Security-Policy": contentCsp(appOrigin, "wrapper"), "Cache-Control": "no-store" });
      res.type("html").send(wrapperHtml(config));
    } catch (error) {
      next(error);
    }
  });

  app.get(new RegExp(`^/c/(${TOKEN})/(.+)$`), async (req, res, next) => {
    try {
      const params = req.params as Record<string, string>;
      const launch = await resolveLaunch(params[0]!);
      if (!launch) {
        sendGone(res);
        return;
      }
      // express has already decoded the captured path once; decoding again would turn a file
      // named "50%.html" (href "50%25.html") into a bad path
      const segments = params[1]!.split("/");
      const notFound = () => void res.status(404).type("text/plain").send("Not found.");
      if (segments.some((s) => s === ".." || s === "." || s.includes("\\") || s.includes("\0"))) {
        notFound();
        return;
      }
      res.set({
        "Content-Security-Policy": contentCsp(appOrigin, "package"),
        "Cache-Control": "private, max-age=300",
      });
      contentStore().send(launch.attempt.version.storagePath, segments, res, notFound);
    } catch (error) {
      next(error);
    }
  });

  app.post(
    new RegExp(`^/commit/(${TOKEN})$`),
    (req, res, next) => {
      // only our wrapper page posts here (fetch, xhr or sendBeacon, all from this origin)
      const origin = req.get("origin");
      if (origin && origin !== env.CONTENT_ORIGIN) {
        res.status(403).json({ ok: false, error: "Cross-site request refused." });
        return;
      }
      next();
    },
    express.text({ type: () => true, limit: maxCommitBytes(env.SCORM_SUSPEND_DATA_MAX) }),
    async (req, res, next) => {
      try {
        let payload: unknown;
        try {
          payload = JSON.parse(typeof req.body === "string" ? req.body : "");
        } catch {
          res.status(400).json({ ok: false, error: "The commit is not valid JSON." });
          return;
        }
        const unavailable = storageUnavailable();
        if (unavailable) {
          res
            .status(503)
            .set("Retry-After", "30")
            .json({ ok: false, error: STORAGE_MESSAGE[unavailable.kind] });
          return;
        }
        let outcome: Awaited<ReturnType<typeof applyCommit>>;
        try {
          outcome = await applyCommit((req.params as Record<string, string>)[0]!, payload);
        } catch (error) {
          const kind = noteStorageError(error);
          if (!kind) throw error;
          // the player keeps the data and sends it again (its commits are idempotent by seq)
          res.status(503).set("Retry-After", "30").json({ ok: false, error: STORAGE_MESSAGE[kind] });
          return;
        }
        if (outcome.status === 429) res.set("Retry-After", String(outcome.body.retryAfterSeconds));
        res.status(outcome.status).json(outcome.body);
      } catch (error) {
        next(error);
      }
    },
  );

  app.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found.");
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) {
      res.status(413).json({ ok: false, error: "The commit is too large." });
      return;
    }
    logger.error({ err: error, path: redactPath(req.path) }, "content origin error");
    if (!res.headersSent)
      res.status(500).type("text/plain").send("Sorry, there is a problem with the service.");
  });

  return app;
}

const runtimeCache = new Map<string, string>();
function readRuntime(file: string): string {
  let text = runtimeCache.get(file);
  if (text === undefined) {
    text = readFileSync(path.resolve(file), "utf8");
    runtimeCache.set(file, text);
  }
  return text;
}

function sendGone(res: Response) {
  res
    .status(401)
    .type("text/plain")
    .send("This e-learning session has ended. Go back to the course page and open the package again.");
}

function escapeJsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function wrapperHtml(
  config: { version: string; title: string; scoUrl: string } & Record<string, unknown>,
): string {
  const api = config.version === "1.2" ? "scorm12.js" : "scorm2004.js";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.title)}</title>
<style>html,body{margin:0;height:100%;overflow:hidden}iframe{border:0;width:100%;height:100%;display:block}</style>
</head>
<body>
<iframe id="sco" title="${escapeHtml(config.title)}"></iframe>
<script type="application/json" id="scorm-config">${escapeJsonForHtml(config)}</script>
<script src="/runtime/${api}"></script>
<script src="/runtime/player.js"></script>
</body>
</html>`;
}
