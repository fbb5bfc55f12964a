import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { runLeased, takeLease } from "./lease.server";

const HOUR = 3_600_000;
const jobName = () => `test-job-${randomUUID().slice(0, 8)}`;

describe("job leases", () => {
  it("of ten processes asking at once, exactly one takes the lease", async () => {
    const name = jobName();
    const taken = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        takeLease(name, { everyMs: HOUR, leaseMs: 60_000, holder: `p${i}` }),
      ),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
    const row = await prisma.jobLease.findUniqueOrThrow({ where: { name } });
    expect(row.holder).toBe(`p${taken.indexOf(true)}`);
  });

  it("runs a due job once however many processes try together, and not again until it is due", async () => {
    const name = jobName();
    let runs = 0;
    const job = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 50));
      return { sent: 3 };
    };
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: `p${i}` }, job),
      ),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    const row = await prisma.jobLease.findUniqueOrThrow({ where: { name } });
    expect(row.holder).toBeNull();
    expect(row.lastRunAt).not.toBeNull();
    expect(JSON.parse(row.lastResult!)).toEqual({ sent: 3 });
    // within the period: nobody runs it, whoever asks
    const again = await runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: "later" }, job);
    expect(again).toEqual({ ran: false, reason: "not_due", heldBy: null });
    // a period later it is due again
    const nextDay = new Date(row.lastRunAt!.getTime() + HOUR + 1);
    const due = await runLeased(
      name,
      { everyMs: HOUR, leaseMs: 60_000, holder: "x", now: () => nextDay },
      job,
    );
    expect(due.ran).toBe(true);
    expect(runs).toBe(2);
  });

  it("a holder that died keeps the lease only until it expires; then another takes over", async () => {
    const name = jobName();
    const t0 = new Date();
    expect(await takeLease(name, { everyMs: HOUR, leaseMs: 60_000, holder: "crashed", now: () => t0 })).toBe(
      true,
    );
    const job = async () => "done";
    const soon = new Date(t0.getTime() + 30_000);
    expect(
      await runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: "b", now: () => soon }, job),
    ).toEqual({
      ran: false,
      reason: "held",
      heldBy: "crashed",
    });
    const later = new Date(t0.getTime() + 61_000);
    expect(
      await runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: "b", now: () => later }, job),
    ).toEqual({
      ran: true,
      result: "done",
    });
  });

  it("a failed run is not recorded: the lease is let go and the job stays due", async () => {
    const name = jobName();
    await expect(
      runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: "a" }, async () => {
        throw new Error("smtp down");
      }),
    ).rejects.toThrow("smtp down");
    const row = await prisma.jobLease.findUniqueOrThrow({ where: { name } });
    expect(row).toMatchObject({ holder: null, expiresAt: null, lastRunAt: null });
    const retry = await runLeased(name, { everyMs: HOUR, leaseMs: 60_000, holder: "b" }, async () => 1);
    expect(retry).toEqual({ ran: true, result: 1 });
  });
});
