import { prisma } from "~/db.server";
import { getEmailTransport, type EmailMessage } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { logger } from "~/logger.server";
import { formatDate } from "~/utils/dates";
import { audit } from "./audit.server";

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

/**
 * the overdue reminders that are due, by organisation: each organisation's own interval
 * (Organisation.reminderIntervalDays; 0 sends none), else the platform's.
 */
export async function sendOverdueReminders(
  options: { now?: Date; intervalDays?: number; limit?: number } = {},
): Promise<ReminderResult> {
  const now = options.now ?? new Date();
  const platformDays = options.intervalDays ?? reminderIntervalDays();
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(platformDays) || platformDays < 1) {
    throw new RangeError("intervalDays must be a whole number of days, at least 1");
  }
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a whole number, at least 1");
  const own = await prisma.organisation.findMany({
    where: { reminderIntervalDays: { not: null } },
    select: { id: true, reminderIntervalDays: true },
  });
  const groups = new Map<number, string[]>();
  for (const o of own)
    groups.set(o.reminderIntervalDays!, [...(groups.get(o.reminderIntervalDays!) ?? []), o.id]);
  const result: ReminderResult = { sent: 0, skipped: 0, failed: 0 };
  const ownIds = own.map((o) => o.id);
  // sql's NOT IN never matches a null, so enrolments of no organisation are named on their own
  await remindGroup(
    ownIds.length ? { OR: [{ organisationId: null }, { organisationId: { notIn: ownIds } }] } : {},
    platformDays,
    now,
    limit,
    result,
  );
  for (const [days, ids] of groups) {
    if (days > 0) await remindGroup({ organisationId: { in: ids } }, days, now, limit, result);
  }
  logger.info(
    { ...result, intervalDays: platformDays, organisationsWithOwnInterval: own.length },
    "overdue reminders",
  );
  return result;
}

async function remindGroup(
  scope: Prisma.EnrolmentWhereInput,
  intervalDays: number,
  now: Date,
  limit: number,
  result: ReminderResult,
) {
  const cutoff = new Date(now.getTime() - intervalDays * DAY_MS);
  const due: Prisma.EnrolmentWhereInput = {
    AND: [
      scope,
      {
        dueAt: { lt: now },
        completedAt: null,
        progressState: { not: "completed" },
        OR: [{ lastReminderAt: null }, { lastReminderAt: { lte: cutoff } }],
      },
    ],
  };
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
}

/** a reminder sent by hand waits this long before another can go, so a double click sends one */
export const MANUAL_GAP_MS = 10 * 60 * 1000;

/**
 * hr's "send a reminder now" for one of their organisation's unfinished enrolments, overdue
 * or not. it counts as the latest reminder, so the scheduled one waits a whole interval.
 */
export async function sendReminderNow(
  organisationId: string,
  enrolmentId: string,
  actorId: string,
  now = new Date(),
): Promise<{ ok: true; to: string } | { ok: false; message: string }> {
  const enrolment = await prisma.enrolment.findFirst({
    where: { id: enrolmentId, organisationId },
    select: { ...select, completedAt: true, progressState: true },
  });
  if (!enrolment) return { ok: false, message: "That enrolment is not one of your organisation's." };
  if (enrolment.completedAt || enrolment.progressState === "completed") {
    return { ok: false, message: "The course is finished: there is nothing to remind them of." };
  }
  const previous = enrolment.lastReminderAt;
  if (previous && now.getTime() - previous.getTime() < MANUAL_GAP_MS) {
    return {
      ok: false,
      message: `A reminder was sent at ${formatDate(previous, "time")}. You can send another 10 minutes after that.`,
    };
  }
  const { count } = await prisma.enrolment.updateMany({
    where: { id: enrolment.id, lastReminderAt: previous, completedAt: null },
    data: { lastReminderAt: now },
  });
  if (count !== 1) return { ok: false, message: "A reminder has just been sent. Reload the page to see it." };
  try {
    await getEmailTransport().send(reminderEmail(enrolment, now));
  } catch (error) {
    await prisma.enrolment
      .updateMany({ where: { id: enrolment.id, lastReminderAt: now }, data: { lastReminderAt: previous } })
      .catch(() => undefined);
    logger.error({ err: error, enrolmentId: enrolment.id }, "reminder could not be sent");
    return { ok: false, message: "The email could not be sent. Nothing was recorded. Try again later." };
  }
  await prisma.$transaction(async (tx) => {
    await tx.reminderLog.create({
      data: { enrolmentId: enrolment.id, dueAt: enrolment.dueAt, sentAt: now, sentById: actorId },
    });
    await audit(tx, {
      actorId,
      organisationId,
      action: "reminder.sent",
      detail: { enrolmentId: enrolment.id },
    });
  });
  return { ok: true, to: enrolment.user.email };
}

/** the reminders an organisation's trainees were sent, newest first */
export async function reminderHistory(
  where: { organisationId: string; enrolmentId?: string; userId?: string },
  take = 50,
) {
  const rows = await prisma.reminderLog.findMany({
    where: {
      enrolment: {
        organisationId: where.organisationId,
        ...(where.enrolmentId ? { id: where.enrolmentId } : {}),
        ...(where.userId ? { userId: where.userId } : {}),
      },
    },
    orderBy: { sentAt: "desc" },
    take,
    select: {
      id: true,
      sentAt: true,
      dueAt: true,
      sentBy: { select: { name: true } },
      enrolment: {
        select: { id: true, user: { select: { id: true, name: true } }, course: { select: { title: true } } },
      },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    sentAt: r.sentAt.toISOString(),
    dueAt: r.dueAt?.toISOString() ?? null,
    sentBy: r.sentBy?.name ?? null,
    enrolmentId: r.enrolment.id,
    trainee: r.enrolment.user,
    course: r.enrolment.course.title,
  }));
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
    await getEmailTransport().send(reminderEmail(enrolment, now));
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

/** the reminder: "was due" once the date has passed, "is due by" before it, none without one */
export function reminderEmail(enrolment: Candidate, now: Date): EmailMessage {
  const title = enrolment.course.title;
  const organisation = enrolment.organisation?.name;
  const link = `${getEnv().APP_URL}/courses/${encodeURIComponent(enrolment.courseId)}`;
  const due = enrolment.dueAt;
  const date = due ? formatDate(due, "long") : null;
  const setBy = organisation ? `, a date set by ${organisation}` : "";
  const subject = !due
    ? `Reminder: finish "${title}"`
    : due < now
      ? `Reminder: "${title}" was due on ${date}`
      : `Reminder: "${title}" is due by ${date}`;
  const body = !due
    ? `This is a friendly reminder from ${PLATFORM}${organisation ? `, sent for ${organisation}` : ""}: your course "${title}" is not finished yet.`
    : due < now
      ? `This is a friendly reminder from ${PLATFORM}. Your course "${title}" was due to be completed by ${date}${setBy}, and it is not finished yet.`
      : `This is a friendly reminder from ${PLATFORM}. Your course "${title}" is due to be completed by ${date}${setBy}.`;
  return {
    to: enrolment.user.email,
    subject,
    text: [
      `Hello ${enrolment.user.name},`,
      "",
      body,
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
