import { prisma } from "~/db.server";
import { getEmailTransport, type EmailMessage } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { logger } from "~/logger.server";
import { formatDate } from "~/utils/dates";

// overdue-enrolment reminders: one email per overdue enrolment per interval. each enrolment
// is claimed (lastReminderAt compare-and-set) before its email goes, so a re-run, or a second
// instance running at the same moment, never sends the same reminder twice.

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_INTERVAL_DAYS = 7;
const DEFAULT_LIMIT = 500;
const PLATFORM = "Mentor training for doctors";

export type ReminderResult = { sent: number; skipped: number; failed: number };

/** REMINDER_INTERVAL_DAYS: whole days between reminders, 1–365, default 7 */
export function reminderIntervalDays(source: Record<string, string | undefined> = process.env): number {
  const raw = source.REMINDER_INTERVAL_DAYS?.trim();
  // empty means "not set", as in env.server.ts
  if (raw === undefined || raw === "") return DEFAULT_INTERVAL_DAYS;
  const days = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new Error(
      `Invalid environment variable REMINDER_INTERVAL_DAYS: must be a whole number of days from 1 to 365 (got "${raw}")`,
    );
  }
  return days;
}

const select = {
  id: true,
  courseId: true,
  dueAt: true,
  lastReminderAt: true,
  user: { select: { email: true, name: true } },
  course: { select: { title: true } },
  organisation: { select: { name: true } },
} satisfies Prisma.EnrolmentSelect;

type Candidate = Prisma.EnrolmentGetPayload<{ select: typeof select }>;

export async function sendOverdueReminders(
  options: { now?: Date; intervalDays?: number; limit?: number } = {},
): Promise<ReminderResult> {
  const now = options.now ?? new Date();
  const intervalDays = options.intervalDays ?? reminderIntervalDays();
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(intervalDays) || intervalDays < 1) {
    throw new RangeError("intervalDays must be a whole number of days, at least 1");
  }
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a whole number, at least 1");
  const cutoff = new Date(now.getTime() - intervalDays * DAY_MS);
  const due: Prisma.EnrolmentWhereInput = {
    dueAt: { lt: now },
    completedAt: null,
    progressState: { not: "completed" },
    OR: [{ lastReminderAt: null }, { lastReminderAt: { lte: cutoff } }],
  };

  const result: ReminderResult = { sent: 0, skipped: 0, failed: 0 };
  // keyset paging on (dueAt, id): claimed rows drop out of the filter but failed ones stay in
  // it, so an offset or a plain "first n again" would skip rows or loop forever
  let after: { dueAt: Date; id: string } | undefined;
  for (;;) {
    const batch = await prisma.enrolment.findMany({
      where: after
        ? {
            AND: [
              due,
              { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] },
            ],
          }
        : due,
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take: limit,
      select,
    });
    for (const enrolment of batch) {
      const outcome = await remind(enrolment, now);
      result[outcome] += 1;
    }
    const last = batch.at(-1);
    if (batch.length < limit || !last?.dueAt) break;
    after = { dueAt: last.dueAt, id: last.id };
  }
  logger.info({ ...result, intervalDays }, "overdue reminders");
  return result;
}

async function remind(enrolment: Candidate, now: Date): Promise<keyof ReminderResult> {
  const previous = enrolment.lastReminderAt;
  const dueAt = enrolment.dueAt!;
  // the claim also re-checks what the email says: if hr moved the date or the course was
  // finished since the read, this run leaves the enrolment alone
  const { count } = await prisma.enrolment.updateMany({
    where: {
      id: enrolment.id,
      lastReminderAt: previous,
      dueAt,
      completedAt: null,
      progressState: { not: "completed" },
    },
    data: { lastReminderAt: now },
  });
  if (count !== 1) return "skipped";

  try {
    await getEmailTransport().send(reminderEmail(enrolment, dueAt));
  } catch (error) {
    // give the claim back (only if it is still ours) so the next run tries again
    await prisma.enrolment
      .updateMany({ where: { id: enrolment.id, lastReminderAt: now }, data: { lastReminderAt: previous } })
      .catch((restoreError: unknown) =>
        logger.error({ err: restoreError, enrolmentId: enrolment.id }, "could not release a reminder claim"),
      );
    logger.error({ err: error, enrolmentId: enrolment.id }, "overdue reminder could not be sent");
    return "failed";
  }

  try {
    await prisma.reminderLog.create({ data: { enrolmentId: enrolment.id, dueAt, sentAt: now } });
  } catch (error) {
    // the email has gone: releasing the claim now would send it twice
    logger.error({ err: error, enrolmentId: enrolment.id }, "overdue reminder sent but not logged");
  }
  return "sent";
}

export function reminderEmail(enrolment: Candidate, dueAt: Date): EmailMessage {
  const date = formatDate(dueAt, "long");
  const title = enrolment.course.title;
  const organisation = enrolment.organisation?.name;
  const link = `${getEnv().APP_URL}/courses/${encodeURIComponent(enrolment.courseId)}`;
  return {
    to: enrolment.user.email,
    subject: `Reminder: "${title}" was due on ${date}`,
    text: [
      `Hello ${enrolment.user.name},`,
      "",
      `This is a friendly reminder from ${PLATFORM}. Your course "${title}" was due to be completed by ${date}${organisation ? `, a date set by ${organisation}` : ""}, and it is not finished yet.`,
      "",
      "You can pick up where you left off here:",
      link,
      "",
      `If the date is wrong, or you have already completed this course, please contact your HR team${organisation ? ` at ${organisation}` : ""}.`,
      "",
      "Thank you,",
      PLATFORM,
    ].join("\n"),
  };
}
