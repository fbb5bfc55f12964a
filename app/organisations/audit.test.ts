import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { prisma } from "~/db.server";
import { auditSoon, flushAudits } from "./audit.server";

const count = (marker: string) =>
  prisma.auditEvent.count({ where: { action: "test.batched", detail: { contains: marker } } });

it("batched audit rows are all written without anyone flushing, and a flush (a clean shutdown) writes the rest at once", async () => {
  const marker = randomUUID();
  // more than one batch: the first goes when full, the rest on the timer
  for (let i = 0; i < 620; i++) auditSoon({ actorId: null, action: "test.batched", detail: { marker, i } });
  await expect.poll(() => count(marker), { timeout: 10_000 }).toBe(620);

  const second = randomUUID();
  auditSoon({ actorId: null, action: "test.batched", detail: { marker: second } });
  expect(await count(second)).toBe(0);
  await flushAudits();
  expect(await count(second)).toBe(1);
});
