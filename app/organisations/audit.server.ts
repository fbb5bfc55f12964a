import type { Prisma } from "~/generated/prisma/client";
import { type prisma } from "~/db.server";

type Db = Prisma.TransactionClient | typeof prisma;

export async function audit(
  db: Db,
  event: { actorId: string | null; organisationId?: string | null; action: string; detail?: object },
) {
  await db.auditEvent.create({
    data: {
      actorId: event.actorId,
      organisationId: event.organisationId ?? null,
      action: event.action,
      detail: JSON.stringify(event.detail ?? {}),
    },
  });
}

// the public verify page and api audit every lookup. one synchronous insert per request was
// most of their cost, so those rows are written in batches: at most every FLUSH_MS, or as soon
// as BATCH rows wait. a clean shutdown (server.mjs) flushes what is left; only a crash can lose
// the last fraction of a second of lookups, never an action someone took.
type Pending = {
  actorId: string | null;
  organisationId: string | null;
  action: string;
  detail: string;
  createdAt: Date;
};
const FLUSH_MS = 250;
const BATCH = 500;
let pending: Pending[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> = Promise.resolve();

/** an audit row written within FLUSH_MS, in one insert with the others that came meanwhile */
export function auditSoon(event: {
  actorId: string | null;
  organisationId?: string | null;
  action: string;
  detail?: object;
}) {
  pending.push({
    actorId: event.actorId,
    organisationId: event.organisationId ?? null,
    action: event.action,
    detail: JSON.stringify(event.detail ?? {}),
    createdAt: new Date(),
  });
  if (pending.length >= BATCH) void flushAudits();
  else if (!timer) {
    timer = setTimeout(() => void flushAudits(), FLUSH_MS);
    timer.unref();
  }
}

/** writes every waiting row; resolves once they are stored (or logged as lost) */
export function flushAudits(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  const rows = pending;
  pending = [];
  flushing = flushing.then(async () => {
    if (rows.length === 0) return;
    const { prisma } = await import("~/db.server");
    try {
      await prisma.auditEvent.createMany({ data: rows });
    } catch (error) {
      // the database was busy or unreachable: keep them for the next flush (bounded)
      pending = rows.concat(pending).slice(-10_000);
      if (!timer) {
        timer = setTimeout(() => void flushAudits(), FLUSH_MS * 4);
        timer.unref();
      }
      const { logger } = await import("~/logger.server");
      logger.error({ err: error, rows: rows.length }, "could not write batched audit rows; will retry");
    }
  });
  return flushing;
}
