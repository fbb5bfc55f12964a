import { logger } from "~/logger.server";
import { sendOverdueReminders } from "~/organisations/reminders.server";
import { runLeased, type LeaseOptions } from "./lease.server";

// the platform's background jobs. every instance's primary process checks them on a timer;
// each job's lease (lease.server.ts) lets exactly one instance run it when it is due.

const HOUR_MS = 3_600_000;

type Job = LeaseOptions & { run: () => Promise<unknown> };

export const JOBS: Record<string, Job> = {
  // overdue reminders, daily. each enrolment is also claimed before its email goes
  // (reminders.server.ts), so `npm run reminders` run by hand meanwhile sends nothing twice
  reminders: { everyMs: 24 * HOUR_MS, leaseMs: 15 * 60_000, run: () => sendOverdueReminders() },
};

/** runs every due job this process can take the lease of; returns what each did */
export async function runDueJobs(names = Object.keys(JOBS)) {
  const outcomes: Record<string, string> = {};
  for (const name of names) {
    const job = JOBS[name];
    if (!job) continue;
    try {
      const outcome = await runLeased(name, job, job.run);
      outcomes[name] = outcome.ran ? "ran" : outcome.reason;
    } catch (error) {
      outcomes[name] = "failed";
      logger.error({ err: error, job: name }, "a background job failed; the next check tries again");
    }
  }
  return outcomes;
}

/**
 * checks the jobs soon after start, then every `checkEveryMs` (10 minutes): a job that is due
 * (its last run on any instance was a whole period ago) runs on whichever instance asks first.
 * REMINDERS=off leaves the reminder job out. returns a function that stops the timer.
 */
export function startJobScheduler(
  options: { checkEveryMs?: number; firstCheckMs?: number; env?: Record<string, string | undefined> } = {},
) {
  const env = options.env ?? process.env;
  const names = Object.keys(JOBS).filter((n) => !(n === "reminders" && env.REMINDERS === "off"));
  if (names.length === 0) return () => {};
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(names);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void check(), options.firstCheckMs ?? 2_000);
  const every = setInterval(() => void check(), options.checkEveryMs ?? 10 * 60_000);
  first.unref?.();
  every.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
