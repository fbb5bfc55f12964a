import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { prisma } from "~/db.server";
import { logger } from "~/logger.server";
import { isUniqueViolation } from "~/utils/db-errors";

// background jobs that must run once across every instance of the platform (decision 027).
//
// each job has one JobLease row. a process takes the lease with one conditional UPDATE: "set
// me as holder until T, where nobody holds it (or their lease has expired) and the job is due".
// that statement is atomic on sqlite and postgresql alike, so of several instances asking at
// the same moment exactly one gets a row count of 1; the others see 0 and do nothing. the
// holder renews the lease while it works, records the run when it ends and lets go. a holder
// that dies keeps the lease only until it expires; then another instance takes it over.

/** this process, as it appears in JobLease.holder */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export type LeaseOptions = {
  /** the job runs at most once in this many milliseconds, across all instances */
  everyMs: number;
  /** how long the lease holds without renewal; renewed every third of it while the job runs */
  leaseMs: number;
  now?: () => Date;
  holder?: string;
};

export type LeaseOutcome<T> =
  { ran: true; result: T } | { ran: false; reason: "not_due" | "held" | "lost"; heldBy?: string | null };

async function ensureRow(name: string) {
  const row = await prisma.jobLease.findUnique({ where: { name } });
  if (row) return;
  try {
    await prisma.jobLease.create({ data: { name } });
  } catch (error) {
    // another instance made it at the same moment
    if (!isUniqueViolation(error)) throw error;
  }
}

/** takes the lease when the job is due and free; true when this process now holds it */
export async function takeLease(name: string, options: LeaseOptions): Promise<boolean> {
  const now = options.now?.() ?? new Date();
  const holder = options.holder ?? PROCESS_ID;
  await ensureRow(name);
  const { count } = await prisma.jobLease.updateMany({
    where: {
      name,
      AND: [
        { OR: [{ holder: null }, { expiresAt: null }, { expiresAt: { lt: now } }] },
        { OR: [{ lastRunAt: null }, { lastRunAt: { lte: new Date(now.getTime() - options.everyMs) } }] },
      ],
    },
    data: { holder, expiresAt: new Date(now.getTime() + options.leaseMs) },
  });
  return count === 1;
}

/**
 * runs `job` if it is due and no other process is running it, holding the lease while it
 * runs. a failed run is not recorded as a run: the next check (here or on another instance)
 * tries again.
 */
export async function runLeased<T>(
  name: string,
  options: LeaseOptions,
  job: () => Promise<T>,
): Promise<LeaseOutcome<T>> {
  const holder = options.holder ?? PROCESS_ID;
  const startedAt = options.now?.() ?? new Date();
  if (!(await takeLease(name, { ...options, holder }))) {
    const row = await prisma.jobLease.findUnique({ where: { name } });
    const held = row?.holder && row.expiresAt && row.expiresAt.getTime() >= startedAt.getTime();
    return { ran: false, reason: held ? "held" : "not_due", heldBy: held ? row.holder : null };
  }
  let lost = false;
  const renew = setInterval(
    () => {
      void prisma.jobLease
        .updateMany({
          where: { name, holder },
          data: { expiresAt: new Date(Date.now() + options.leaseMs) },
        })
        .then(({ count }) => {
          if (count === 0) lost = true;
        })
        .catch((error: unknown) => logger.warn({ err: error, job: name }, "could not renew a job lease"));
    },
    Math.max(1_000, Math.floor(options.leaseMs / 3)),
  );
  renew.unref?.();
  try {
    const result = await job();
    clearInterval(renew);
    const { count } = await prisma.jobLease.updateMany({
      where: { name, holder },
      data: {
        holder: null,
        expiresAt: null,
        lastRunAt: startedAt,
        lastResult: JSON.stringify(result ?? null).slice(0, 2_000),
      },
    });
    if (count === 0 || lost) {
      // the lease expired mid-run and another process took it: this run's work stands (the
      // jobs are safe to overlap), but the run is not recorded as ours
      logger.warn({ job: name }, "a job's lease expired while it ran");
      return { ran: false, reason: "lost" };
    }
    return { ran: true, result };
  } catch (error) {
    clearInterval(renew);
    await prisma.jobLease
      .updateMany({ where: { name, holder }, data: { holder: null, expiresAt: null } })
      .catch(() => undefined);
    throw error;
  }
}
