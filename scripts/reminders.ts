// npm run reminders — email one reminder per overdue enrolment per REMINDER_INTERVAL_DAYS
// (default 7). safe to re-run, and to run while the server's daily job runs: each enrolment is
// claimed before its email goes. exits 1 when any reminder failed (the next run retries it).
import { prisma } from "~/db.server";
import { reminderIntervalDays, sendOverdueReminders } from "~/organisations/reminders.server";

let intervalDays: number;
try {
  intervalDays = reminderIntervalDays();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

try {
  const { sent, failed } = await sendOverdueReminders({ intervalDays });
  console.log(
    `reminders: ${sent} sent, ${failed} failed (interval ${intervalDays} day${intervalDays === 1 ? "" : "s"})`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
} catch (error) {
  console.error("reminders: could not run:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
