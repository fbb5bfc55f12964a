import { data, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { noteStorageError, STORAGE_MESSAGE, storageUnavailable } from "./storage.server";

const RETRY_AFTER_SECONDS = 30;
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

type Handler = (args: never) => unknown;

/**
 * every route's loader and action, wrapped: a write that fails because the database is full
 * or read-only becomes a 503 response (the error page says why; nothing is half-written,
 * because the failed statement or transaction was rolled back by the database)
 */
export function guardStorage(build: ServerBuild): ServerBuild {
  const wrap = (fn: Handler | undefined) =>
    fn &&
    (async (args: never) => {
      try {
        return await fn(args);
      } catch (error) {
        const kind = noteStorageError(error);
        if (!kind) throw error;
         
        throw data(
          { message: STORAGE_MESSAGE[kind] },
          { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
        );
      }
    });
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      route && {
        ...route,
        module: {
          ...route.module,
          loader: wrap(route.module.loader as Handler | undefined),
          action: wrap(route.module.action as Handler | undefined),
        },
      },
    ]),
  ) as ServerBuild["routes"];
  return { ...build, routes };
}

/** while storage is unavailable: requests that would write get 503 before anything runs */
export function refuseWritesWhileStorageUnavailable(req: Request, res: Response, next: NextFunction) {
  const problem = storageUnavailable();
  if (!problem || READS.has(req.method)) {
    next();
    return;
  }
  const message = STORAGE_MESSAGE[problem.kind];
  res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS));
  if (req.accepts(["html", "json"]) === "json") {
    res.json({ ok: false, error: message });
    return;
  }
  res
    .type("html")
    .send(
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Changes cannot be saved at the moment</title><link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css"></head><body><div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="maincontent"><h1>Changes cannot be saved at the moment</h1><p>${message}</p><p><a href="/">Go to the homepage</a></p></main></div></body></html>`,
    );
}
