import cluster from "node:cluster";
import { prisma } from "~/db.server";
import { logger } from "~/logger.server";

// when the database cannot take writes (its disk is full, or it has become read-only), the
// service says so with 503 and a plain message instead of a 500, keeps serving what only reads,
// and notices by itself when writing works again.
//
// a failed write marks storage unavailable; from then on requests that would write are
// answered 503 before they start (nothing half-done), and a small probe write every few
// seconds clears the mark once the disk has room or is writable again.

export type StorageProblem = "full" | "read_only" | "io_error";

const PROBE_MS = 3_000;
let problem: { kind: StorageProblem; since: Date } | null = null;
let probe: NodeJS.Timeout | null = null;

/** sqlite (better-sqlite3) and postgresql spellings of "no room" and "cannot write" */
export function storageProblemOf(error: unknown): StorageProblem | null {
  for (let e = error, depth = 0; e && depth < 6; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = `${typeof code === "string" ? code : ""} ${typeof message === "string" ? message : ""}`;
    if (/SQLITE_FULL|database or disk is full|ENOSPC|\b53100\b|disk_full|No space left/i.test(text))
      return "full";
    if (
      /SQLITE_READONLY|readonly database|read-only file system|EROFS|\b25006\b|read_only_sql_transaction/i.test(
        text,
      )
    )
      return "read_only";
    if (/SQLITE_IOERR|disk I\/O error|\b58030\b|io_error/i.test(text)) return "io_error";
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function storageUnavailable() {
  return problem;
}

/** records a failed write; returns what kind of storage problem it was, if it was one */
export function noteStorageError(error: unknown): StorageProblem | null {
  const kind = storageProblemOf(error);
  if (!kind) return null;
  if (!problem) {
    // the other worker processes share the database: they are told, so that they refuse
    // changes too rather than each finding out with a failed write (server.mjs relays it)
    if (cluster.isWorker) process.send?.({ type: STORAGE_FAULT_MESSAGE, kind });
    logger.error({ kind }, "the database cannot take writes; answering 503 to changes until it can");
  }
  markUnavailable(kind);
  return kind;
}

export const STORAGE_FAULT_MESSAGE = "storage-fault";

/** another worker found the database cannot take writes: this one refuses changes and probes too */
export function peerStorageFault(message: unknown) {
  const m = message as { type?: unknown; kind?: unknown } | null;
  if (m?.type !== STORAGE_FAULT_MESSAGE) return;
  if (m.kind !== "full" && m.kind !== "read_only" && m.kind !== "io_error") return;
  if (!problem) logger.warn({ kind: m.kind }, "another worker found the database cannot take writes");
  markUnavailable(m.kind);
}

function markUnavailable(kind: StorageProblem) {
  problem ??= { kind, since: new Date() };
  if (!probe) {
    probe = setInterval(() => void probeStorage(), PROBE_MS);
    probe.unref?.();
    // the first probe soon: it also finds a connection left stuck by the failed write
    setTimeout(() => void probeStorage(), 500).unref?.();
  }
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * one small write: clears the mark when it succeeds. a write that failed at its commit can
 * leave this process's database connection stuck in its transaction; then the probe never
 * finishes, and a worker process exits so that the primary starts a fresh one (closing the
 * connection rolls the stuck transaction back).
 */
export async function probeStorage() {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<"stuck">((resolve) => {
    timer = setTimeout(() => resolve("stuck"), PROBE_TIMEOUT_MS);
    timer.unref?.();
  });
  try {
    const write = prisma.$transaction([
      prisma.rateEvent.create({ data: { key: "storage-probe", createdAt: new Date() } }),
      prisma.rateEvent.deleteMany({ where: { key: "storage-probe" } }),
    ]);
    if ((await Promise.race([write, stuck])) === "stuck") {
      logger.fatal(
        "the database connection is stuck after a storage error; this worker stops and is replaced",
      );
      if (cluster.isWorker) process.exit(1);
      return;
    }
    if (problem) logger.info({ kind: problem.kind }, "the database takes writes again");
    problem = null;
    if (probe) clearInterval(probe);
    probe = null;
  } catch (error) {
    if (!storageProblemOf(error)) logger.warn({ err: error }, "storage probe failed");
  } finally {
    clearTimeout(timer);
  }
}

export const STORAGE_MESSAGE: Record<StorageProblem, string> = {
  full: "The service cannot save changes at the moment because its storage is full. Nothing you sent was saved. Try again in a few minutes.",
  read_only:
    "The service cannot save changes at the moment because its storage is read-only. Nothing you sent was saved. Try again in a few minutes.",
  io_error:
    "The service cannot save changes at the moment because of a problem with its storage. Nothing you sent was saved. Try again in a few minutes.",
};
