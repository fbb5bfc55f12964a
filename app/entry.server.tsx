import { PassThrough } from "node:stream";
import { noteStorageError } from "./server/storage.server";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import "./wiring.server";
import { logger } from "./logger.server";
import { NonceContext } from "./utils/nonce";

// the express app and boot steps live in the server bundle so they share one prisma client
// and one env with the routes; server.mjs imports them from here.
export { createServerApp } from "./server/app.server";
export { createContentApp } from "./scorm/content-app.server";
export { reminderIntervalDays } from "./organisations/reminders.server";
export { startJobScheduler } from "./jobs/scheduler.server";
export { prepareDatabase } from "./db.server";
export { getEnv } from "./env.server";
export { logger } from "./logger.server";
export { flushBuffers } from "./server/buffers.server";
export { peerStorageFault, STORAGE_FAULT_MESSAGE } from "./server/storage.server";
export { activeKey as prepareIssuerKey } from "./certificates/keys.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let status = responseStatusCode;
    // wait for everything: pages are small and the status code must be final
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          logger.error({ err: error }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // a write refused by a full or read-only disk: requests that write get 503 until it clears
  noteStorageError(error);
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "route error");
};
