import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import {
  flushRateEvents,
  pruneRateEventsByPrefix,
  releaseRateSlot,
  resetBufferedRateLimits,
  takeBufferedRateSlot,
  takeRateSlot,
} from "./rate-limit.server";

const key = () => `test:${crypto.randomUUID()}`;

describe("takeRateSlot", () => {
  it("lets exactly max through when many arrive at once", async () => {
    const k = key();
    const verdicts = await Promise.all(Array.from({ length: 60 }, () => takeRateSlot(k, 10, 60_000)));
    const allowed = verdicts.filter((v) => v.ok).length;
    // a burst over the limit may be refused whole: never more than max get through
    expect(allowed).toBeLessThanOrEqual(10);
    // refused requests took their events back: only the allowed ones are counted
    expect(await prisma.rateEvent.count({ where: { key: k } })).toBe(allowed);
  });

  it("a burst within the limit all goes through", async () => {
    const k = key();
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => takeRateSlot(k, 10, 60_000)));
    expect(verdicts.every((v) => v.ok)).toBe(true);
  });

  it("sequential requests: max allowed, then refused with the time until the oldest leaves", async () => {
    const k = key();
    const start = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < 3; i++) {
      expect((await takeRateSlot(k, 3, 60_000, new Date(start.getTime() + i * 1000))).ok).toBe(true);
    }
    const refused = await takeRateSlot(k, 3, 60_000, new Date(start.getTime() + 10_000));
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 50 });
    // the window slides: the oldest event has left after 60 s
    expect((await takeRateSlot(k, 3, 60_000, new Date(start.getTime() + 60_001))).ok).toBe(true);
  });

  it("a released slot is free again", async () => {
    const k = key();
    const first = await takeRateSlot(k, 1, 60_000);
    expect(first.ok).toBe(true);
    expect((await takeRateSlot(k, 1, 60_000)).ok).toBe(false);
    if (first.ok) await releaseRateSlot(first.eventId);
    expect((await takeRateSlot(k, 1, 60_000)).ok).toBe(true);
  });
});

describe("pruneRateEventsByPrefix", () => {
  it("clears ended windows of every key with the prefix, and nothing else", async () => {
    const prefix = `prune-test-${crypto.randomUUID()}:`;
    const now = Date.now();
    const old = new Date(now - 120_000);
    const recent = new Date(now - 1_000);
    const other = key();
    await prisma.rateEvent.createMany({
      data: [
        { key: `${prefix}a`, createdAt: old },
        { key: `${prefix}b`, createdAt: old },
        { key: `${prefix}b`, createdAt: recent },
        { key: other, createdAt: old },
      ],
    });
    await pruneRateEventsByPrefix(prefix, new Date(now - 60_000));
    const left = await prisma.rateEvent.findMany({
      where: { OR: [{ key: { startsWith: prefix } }, { key: other }] },
      select: { key: true, createdAt: true },
    });
    expect(left).toHaveLength(2);
    expect(left).toEqual(
      expect.arrayContaining([
        { key: `${prefix}b`, createdAt: recent },
        { key: other, createdAt: old },
      ]),
    );
  });
});

describe("takeBufferedRateSlot (hot paths: no write on the request path)", () => {
  it("is exact within one process, even for a burst", async () => {
    const k = key();
    const verdicts = await Promise.all(Array.from({ length: 45 }, () => takeBufferedRateSlot(k, 30, 60_000)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(30);
    const refused = verdicts.find((v) => !v.ok);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  });

  it("writes its events in batches, so other instances see them", async () => {
    const k = key();
    for (let i = 0; i < 5; i++) expect((await takeBufferedRateSlot(k, 30, 60_000)).ok).toBe(true);
    // nothing was written on the request path
    expect(await prisma.rateEvent.count({ where: { key: k } })).toBe(0);
    await flushRateEvents();
    expect(await prisma.rateEvent.count({ where: { key: k } })).toBe(5);
  });

  it("once past a quarter of the limit, counts what other instances recorded", async () => {
    const k = key();
    const now = new Date();
    // another instance has already let 25 through in this window
    await prisma.rateEvent.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ key: k, createdAt: new Date(now.getTime() - i * 100) })),
    });
    const verdicts = [];
    for (let i = 0; i < 12; i++) verdicts.push(await takeBufferedRateSlot(k, 30, 60_000, now));
    // a quarter (7) locally without asking, then the shared count says 25 + 7: 30 is reached at once
    expect(verdicts.filter((v) => v.ok)).toHaveLength(7);
    expect(verdicts.at(-1)).toMatchObject({ ok: false });
  });

  it("a window that has passed frees the key", async () => {
    const k = key();
    const start = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < 3; i++) expect((await takeBufferedRateSlot(k, 3, 60_000, start)).ok).toBe(true);
    expect((await takeBufferedRateSlot(k, 3, 60_000, new Date(start.getTime() + 30_000))).ok).toBe(false);
    resetBufferedRateLimits();
    await prisma.rateEvent.deleteMany({ where: { key: k } });
    for (let i = 0; i < 3; i++) expect((await takeBufferedRateSlot(k, 3, 60_000, start)).ok).toBe(true);
    expect((await takeBufferedRateSlot(k, 3, 60_000, new Date(start.getTime() + 61_000))).ok).toBe(true);
  });
});
