import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { pruneRateEventsByPrefix, releaseRateSlot, takeRateSlot } from "./rate-limit.server";

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
