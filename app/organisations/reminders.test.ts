import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { setEmailTransport, type EmailMessage } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import { createOrganisation, createUser } from "../../tests/setup/factories";
import { syncFixtureCourse } from "../../tests/setup/courses";
import {
  reminderHistory,
  reminderIntervalDays,
  sendOverdueReminders,
  sendReminderNow,
} from "./reminders.server";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-03-10T09:00:00Z");
const root = path.resolve(import.meta.dirname, "..", "..");
const scratch = path.join(root, "tests", ".tmp", `reminders-cli-${process.pid}`);

let courseId: string;
let sent: EmailMessage[];

beforeAll(async () => {
  ({ courseId } = await syncFixtureCourse());
});

afterEach(() => {
  setEmailTransport(undefined);
  delete process.env.REMINDER_INTERVAL_DAYS;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function capture(fail?: (m: EmailMessage) => boolean) {
  sent = [];
  setEmailTransport({
    send: async (m) => {
      if (fail?.(m)) throw new Error("smtp said no");
      sent.push(m);
    },
  });
}

/** an enrolment of a fresh user, set by a fresh organisation */
async function enrolment(data: {
  dueAt: Date | null;
  completedAt?: Date | null;
  progressState?: string;
  lastReminderAt?: Date | null;
}) {
  const user = await createUser({ name: "Dr Amara Okafor" });
  const organisation = await createOrganisation(
    "nhs_trust",
    `Leeds Teaching Hospitals ${crypto.randomUUID()}`,
  );
  const e = await enrol(user.id, courseId);
  await prisma.enrolment.update({
    where: { id: e.id },
    data: { organisationId: organisation.id, source: "organisation", ...data },
  });
  return { id: e.id, email: user.email, organisation };
}

const to = (email: string) => sent.filter((m) => m.to === email);
const lastReminderAt = async (id: string) =>
  (await prisma.enrolment.findUniqueOrThrow({ where: { id } })).lastReminderAt;
const logs = (enrolmentId: string) => prisma.reminderLog.findMany({ where: { enrolmentId } });

it("an overdue enrolment gets exactly one reminder, logged, and a re-run the same day sends nothing", async () => {
  capture();
  const e = await enrolment({ dueAt: new Date(NOW.getTime() - 3 * DAY) });

  const first = await sendOverdueReminders({ now: NOW, intervalDays: 7 });
  expect(to(e.email)).toHaveLength(1);
  expect(first.sent).toBeGreaterThanOrEqual(1);
  expect(await lastReminderAt(e.id)).toEqual(NOW);
  const rows = await logs(e.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ dueAt: new Date(NOW.getTime() - 3 * DAY), sentAt: NOW });

  await sendOverdueReminders({ now: new Date(NOW.getTime() + 6 * 60 * 60 * 1000), intervalDays: 7 });
  expect(to(e.email)).toHaveLength(1);
  expect(await logs(e.id)).toHaveLength(1);
});

it("after the interval a second reminder is sent, not before", async () => {
  capture();
  const e = await enrolment({ dueAt: new Date(NOW.getTime() - DAY) });
  await sendOverdueReminders({ now: NOW, intervalDays: 7 });

  await sendOverdueReminders({ now: new Date(NOW.getTime() + 7 * DAY - 1), intervalDays: 7 });
  expect(to(e.email)).toHaveLength(1);

  const later = new Date(NOW.getTime() + 7 * DAY);
  await sendOverdueReminders({ now: later, intervalDays: 7 });
  expect(to(e.email)).toHaveLength(2);
  expect(await lastReminderAt(e.id)).toEqual(later);
  expect((await logs(e.id)).map((l) => l.sentAt).sort((a, b) => +a - +b)).toEqual([NOW, later]);
});

it("completed, not yet due and undated enrolments get no reminder", async () => {
  capture();
  const past = new Date(NOW.getTime() - 5 * DAY);
  const completed = await enrolment({ dueAt: past, completedAt: past, progressState: "completed" });
  const stateOnly = await enrolment({ dueAt: past, progressState: "completed" });
  const notYet = await enrolment({ dueAt: new Date(NOW.getTime() + DAY) });
  const dueNow = await enrolment({ dueAt: NOW });
  const undated = await enrolment({ dueAt: null });

  await sendOverdueReminders({ now: NOW, intervalDays: 7 });
  for (const e of [completed, stateOnly, notYet, dueNow, undated]) {
    expect(to(e.email)).toHaveLength(0);
    expect(await lastReminderAt(e.id)).toBeNull();
    expect(await logs(e.id)).toHaveLength(0);
  }
});

it("two runs at the same time send one email", async () => {
  capture();
  const e = await enrolment({ dueAt: new Date(NOW.getTime() - 2 * DAY) });
  const [a, b] = await Promise.all([
    sendOverdueReminders({ now: NOW, intervalDays: 7 }),
    sendOverdueReminders({ now: NOW, intervalDays: 7 }),
  ]);
  expect(to(e.email)).toHaveLength(1);
  expect(await logs(e.id)).toHaveLength(1);
  expect(a.failed + b.failed).toBe(0);
});

it("a failing address keeps its previous lastReminderAt and the others still go; the next run retries it", async () => {
  const earlier = new Date(NOW.getTime() - 10 * DAY);
  const before = await enrolment({ dueAt: new Date(NOW.getTime() - 20 * DAY) });
  const failing = await enrolment({ dueAt: new Date(NOW.getTime() - 15 * DAY), lastReminderAt: earlier });
  const after = await enrolment({ dueAt: new Date(NOW.getTime() - 12 * DAY) });
  capture((m) => m.to === failing.email);

  const result = await sendOverdueReminders({ now: NOW, intervalDays: 7, limit: 1 });
  expect(result.failed).toBe(1);
  expect(to(before.email)).toHaveLength(1);
  expect(to(after.email)).toHaveLength(1);
  expect(to(failing.email)).toHaveLength(0);
  expect(await lastReminderAt(failing.id)).toEqual(earlier);
  expect(await logs(failing.id)).toHaveLength(0);

  capture();
  const retry = await sendOverdueReminders({ now: new Date(NOW.getTime() + 60_000), intervalDays: 7 });
  expect(retry.failed).toBe(0);
  expect(to(failing.email)).toHaveLength(1);
  expect(to(before.email)).toHaveLength(0);
  expect(await logs(failing.id)).toHaveLength(1);
});

it("works through more enrolments than one batch holds", async () => {
  capture();
  const many = await Promise.all(
    Array.from({ length: 5 }, (_, i) => enrolment({ dueAt: new Date(NOW.getTime() - (i + 1) * DAY) })),
  );
  await sendOverdueReminders({ now: NOW, intervalDays: 7, limit: 2 });
  for (const e of many) expect(to(e.email)).toHaveLength(1);
});

it("the email names the course, the due date and the organisation, and links to the course", async () => {
  capture();
  const e = await enrolment({ dueAt: new Date("2026-03-03T00:30:00Z") });
  await sendOverdueReminders({ now: NOW, intervalDays: 7 });
  const [m] = to(e.email);
  expect(m!.subject).toBe('Reminder: "Demo course for tests" was due on 3 March 2026');
  expect(m!.text).toMatch(/^Hello Dr Amara Okafor,/);
  expect(m!.text).toContain('"Demo course for tests"');
  expect(m!.text).toContain("3 March 2026");
  expect(m!.text).toContain(e.organisation.name);
  expect(m!.text).toContain(`${getEnv().APP_URL}/courses/${courseId}`);
  expect(m!.text).toMatch(/contact your HR team/);
});

it("REMINDER_INTERVAL_DAYS: default 7, a whole number from 1 to 365, a bad value names the variable", async () => {
  expect(reminderIntervalDays({})).toBe(7);
  expect(reminderIntervalDays({ REMINDER_INTERVAL_DAYS: "" })).toBe(7);
  expect(reminderIntervalDays({ REMINDER_INTERVAL_DAYS: "14" })).toBe(14);
  expect(reminderIntervalDays({ REMINDER_INTERVAL_DAYS: "365" })).toBe(365);
  for (const bad of ["0", "366", "1.5", "-3", "seven"]) {
    expect(() => reminderIntervalDays({ REMINDER_INTERVAL_DAYS: bad })).toThrow(/REMINDER_INTERVAL_DAYS/);
  }
  process.env.REMINDER_INTERVAL_DAYS = "0";
  await expect(sendOverdueReminders({ now: NOW })).rejects.toThrow(/REMINDER_INTERVAL_DAYS/);

  capture();
  process.env.REMINDER_INTERVAL_DAYS = "2";
  const e = await enrolment({
    dueAt: new Date(NOW.getTime() - DAY),
    lastReminderAt: new Date(NOW.getTime() - 2 * DAY),
  });
  await sendOverdueReminders({ now: NOW });
  expect(to(e.email)).toHaveLength(1);
});

function cli(env: Record<string, string>) {
  const { SMTP_URL: _smtp, ...rest } = process.env;
  return spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/reminders.ts"], {
    cwd: root,
    encoding: "utf8",
    env: { ...rest, ...env },
  });
}

it("npm run reminders prints the summary, writes the email to the outbox and exits 0", async () => {
  const e = await enrolment({ dueAt: new Date(Date.now() - DAY) });
  const outbox = path.join(scratch, "outbox");
  const r = cli({ OUTBOX_DIR: outbox, REMINDER_INTERVAL_DAYS: "3" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^reminders: [1-9]\d* sent, 0 failed \(interval 3 days\)$/m);
  expect(await lastReminderAt(e.id)).not.toBeNull();
  expect(await logs(e.id)).toHaveLength(1);
  const files = existsSync(outbox) ? readdirSync(outbox) : [];
  const mine = files
    .map((f) => readFileSync(path.join(outbox, f), "utf8"))
    .filter((t) => t.includes(`To: ${e.email}`));
  expect(mine).toHaveLength(1);

  const again = cli({ OUTBOX_DIR: outbox, REMINDER_INTERVAL_DAYS: "3" });
  expect(again.status).toBe(0);
  expect(await logs(e.id)).toHaveLength(1);
});

it("npm run reminders with a bad REMINDER_INTERVAL_DAYS exits 1 naming the variable", () => {
  const r = cli({ REMINDER_INTERVAL_DAYS: "weekly" });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("REMINDER_INTERVAL_DAYS");
});

it("an organisation's own interval replaces the platform's, and 0 turns its reminders off", async () => {
  capture();
  const often = await enrolment({ dueAt: new Date(NOW.getTime() - 10 * DAY) });
  const never = await enrolment({ dueAt: new Date(NOW.getTime() - 10 * DAY) });
  const usual = await enrolment({ dueAt: new Date(NOW.getTime() - 10 * DAY) });
  await prisma.organisation.update({
    where: { id: often.organisation.id },
    data: { reminderIntervalDays: 2 },
  });
  await prisma.organisation.update({
    where: { id: never.organisation.id },
    data: { reminderIntervalDays: 0 },
  });
  await sendOverdueReminders({ now: NOW, intervalDays: 7 });
  expect(to(often.email)).toHaveLength(1);
  expect(to(never.email)).toHaveLength(0);
  expect(to(usual.email)).toHaveLength(1);
  // three days on: the two-day organisation's trainee again, the platform's seven-day one not yet
  await sendOverdueReminders({ now: new Date(NOW.getTime() + 3 * DAY), intervalDays: 7 });
  expect(to(often.email)).toHaveLength(2);
  expect(to(usual.email)).toHaveLength(1);
  expect(to(never.email)).toHaveLength(0);
});

it("hr's reminder now: logged with who sent it, once per ten minutes, never for a finished course", async () => {
  capture();
  const hr = await createUser({ name: "Helen Reid" });
  const notYetDue = await enrolment({ dueAt: new Date(NOW.getTime() + 20 * DAY) });
  const first = await sendReminderNow(notYetDue.organisation.id, notYetDue.id, hr.id, NOW);
  expect(first).toEqual({ ok: true, to: notYetDue.email });
  expect(to(notYetDue.email)[0]!.subject).toMatch(/is due by/);
  expect(await logs(notYetDue.id)).toEqual([expect.objectContaining({ sentById: hr.id })]);
  const again = await sendReminderNow(
    notYetDue.organisation.id,
    notYetDue.id,
    hr.id,
    new Date(NOW.getTime() + 60_000),
  );
  expect(again).toEqual({
    ok: false,
    message: expect.stringContaining("You can send another 10 minutes after that"),
  });
  expect(to(notYetDue.email)).toHaveLength(1);
  // another organisation's enrolment is not theirs to remind
  const other = await createOrganisation();
  expect((await sendReminderNow(other.id, notYetDue.id, hr.id, NOW)).ok).toBe(false);
  const done = await enrolment({ dueAt: null, completedAt: NOW, progressState: "completed" });
  expect(await sendReminderNow(done.organisation.id, done.id, hr.id, NOW)).toEqual({
    ok: false,
    message: expect.stringContaining("finished"),
  });
  // a failed email records nothing and frees the claim
  const failing = await enrolment({ dueAt: null });
  capture(() => true);
  expect((await sendReminderNow(failing.organisation.id, failing.id, hr.id, NOW)).ok).toBe(false);
  expect(await logs(failing.id)).toHaveLength(0);
  expect(await lastReminderAt(failing.id)).toBeNull();
  const history = await reminderHistory({ organisationId: notYetDue.organisation.id });
  expect(history).toEqual([expect.objectContaining({ sentBy: "Helen Reid", enrolmentId: notYetDue.id })]);
});
