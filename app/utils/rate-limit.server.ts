import { prisma } from "~/db.server";
import { logger } from "~/logger.server";

// sliding-window rate limits kept in the database (RateEvent rows), so a limit holds across
// several app instances and cannot be overrun by requests in parallel.
//
// the check and the count are one step: every request first records its event, then counts
// the events in the window *including its own*. the n-th request to be recorded always counts
// at least n, so however many arrive at once, no more than `max` of them are let through (a
// request that loses a close race may be refused although a slot was free: the safe side).
// a refused request takes its event back, so refusals never extend the lock-out.

export type RateVerdict = { ok: true; eventId: string } | { ok: false; retryAfterSeconds: number };

export async function takeRateSlot(
  key: string,
  max: number,
  windowMs: number,
  now = new Date(),
): Promise<RateVerdict> {
  const since = new Date(now.getTime() - windowMs);
  const event = await prisma.rateEvent.create({ data: { key, createdAt: now }, select: { id: true } });
  const inWindow = await prisma.rateEvent.findMany({
    where: { key, createdAt: { gt: since } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: max + 1,
    select: { id: true, createdAt: true },
  });
  if (inWindow.length <= max) {
    // old events of this key go now and then (a key that keeps being used keeps its table small)
    if (Math.random() < 0.05) await pruneRateEvents(key, since);
    return { ok: true, eventId: event.id };
  }
  await prisma.rateEvent.deleteMany({ where: { id: event.id } });
  const oldest = inWindow[0]!.createdAt.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000)) };
}

/** gives a slot back (e.g. the attempt turned out not to count) */
export async function releaseRateSlot(eventId: string) {
  await prisma.rateEvent.deleteMany({ where: { id: eventId } });
}

async function pruneRateEvents(key: string, before: Date) {
  await prisma.rateEvent.deleteMany({ where: { key, createdAt: { lte: before } } });
}

/**
 * removes the finished windows of every key that starts with `prefix`. for keys that live
 * briefly (one per scorm launch): a key that is never used again is never pruned by its own use.
 */
export async function pruneRateEventsByPrefix(prefix: string, before: Date) {
  await prisma.rateEvent.deleteMany({ where: { key: { startsWith: prefix }, createdAt: { lte: before } } });
}

// ---------------------------------------------------------------------------------------------
// hot-path limits (certificate lookups, scorm commits): no database write on the request path.
//
// each process counts its own events exactly, in memory. the events are also written to
// RateEvent in batches (every 250 ms, and on a clean shutdown), so other instances see them:
// once a key's local count passes a quarter of its limit, the shared count is consulted too
// (at most once a second per key). within one process the limit is exact; across N instances a
// key gets at most max(limit, N × limit / 4) a window before the shared count stops it. what
// these limits guard against (enumerating 60-bit codes, a package's script committing in a
// loop) is stopped either way, and a lookup never waits on a write.

const FLUSH_MS = 250;
const SHARED_REFRESH_MS = 1_000;
const local = new Map<string, number[]>();
const shared = new Map<string, { at: number; base: number }>();
let pending: { key: string; createdAt: Date }[] = [];
let timer: NodeJS.Timeout | null = null;

function pendingFor(key: string) {
  let n = 0;
  for (const e of pending) if (e.key === key) n++;
  return n;
}

const refreshing = new Map<string, Promise<void>>();

/** the shared count of a key (every instance's flushed events, and ours not yet flushed) */
function refreshShared(key: string, since: number, now: number): Promise<void> {
  let p = refreshing.get(key);
  if (!p) {
    p = prisma.rateEvent
      .count({ where: { key, createdAt: { gt: new Date(since) } } })
      .then((inDb) => {
        shared.set(key, { at: now, base: inDb + pendingFor(key) });
      })
      .finally(() => refreshing.delete(key));
    refreshing.set(key, p);
  }
  return p;
}

const inWindow = (key: string, since: number) => (local.get(key) ?? []).filter((x) => x > since);

export type BufferedVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function takeBufferedRateSlot(
  key: string,
  max: number,
  windowMs: number,
  now = new Date(),
): Promise<BufferedVerdict> {
  const t = now.getTime();
  const since = t - windowMs;
  const quarter = Math.max(1, Math.floor(max / 4));
  const s = shared.get(key);
  if (inWindow(key, since).length + 1 > quarter && (!s || t - s.at > SHARED_REFRESH_MS)) {
    await refreshShared(key, since, t);
  }
  // from here to the end nothing awaits: the check and the count are one step in this process
  const times = inWindow(key, since);
  let count = times.length;
  const known = shared.get(key);
  if (count + 1 > quarter && known) count = Math.max(count, known.base + times.filter((x) => x > known.at).length);
  if (count + 1 > max) {
    local.set(key, times);
    const oldest = times[0] ?? t;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
  }
  times.push(t);
  if (times.length > max + 1) times.splice(0, times.length - max - 1);
  local.set(key, times);
  pending.push({ key, createdAt: now });
  timer ??= setTimeout(() => void flushRateEvents(), FLUSH_MS);
  timer.unref?.();
  return { ok: true };
}

/** writes the buffered events now (the batch timer, and a clean shutdown) */
export async function flushRateEvents() {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = pending;
  pending = [];
  if (batch.length > 0) {
    try {
      await prisma.rateEvent.createMany({ data: batch });
    } catch (error) {
      // the local counts still hold for this process; the events are not retried forever
      logger.error({ err: error, events: batch.length }, "rate-limit events could not be written");
    }
  }
  // forget keys whose windows have passed (one hour: the longest window these limits use)
  const cutoff = Date.now() - 3_600_000;
  for (const [key, times] of local) if ((times[times.length - 1] ?? 0) < cutoff) local.delete(key);
  for (const [key, s] of shared) if (s.at < cutoff) shared.delete(key);
}

/** for tests: forget every in-memory count */
export function resetBufferedRateLimits() {
  local.clear();
  shared.clear();
  pending = [];
}
