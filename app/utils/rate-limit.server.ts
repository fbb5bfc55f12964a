import { prisma } from "~/db.server";

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
