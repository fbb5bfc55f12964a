import { readFileSync } from "node:fs";
import { prisma } from "~/db.server";
import { expect, expectAccessible, grant, makeOrganisation, makeUser, signInAs, test } from "./fixtures";

// hr enrol trainees from a csv (a bad line first), find the overdue one with the dashboard's
// filter, and export the filtered view.

test("HR uploads a CSV with a bad line, fixes it, then filters by overdue and exports the view", async ({
  page,
  baseURL,
}, testInfo) => {
  const trust = await makeOrganisation("nhs_trust");
  const hr = await makeUser();
  await grant(hr.id, trust.id, "hr");
  const ada = await makeUser({ name: "Dr Ada Lovelace" });
  const bo = await makeUser({ name: "Dr Bo Diddley" });
  await grant(ada.id, trust.id, "trainee");
  await grant(bo.id, trust.id, "trainee");
  const newcomer = `newcomer-${Date.now()}@example.nhs.uk`;
  await signInAs(page.context(), hr.id, baseURL!);

  await page.goto(`/org/${trust.id}/enrolments`);
  await expect(page.getByRole("heading", { level: 1, name: "Enrol trainees" })).toBeVisible();
  await expectAccessible(page);
  const [template] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download a template CSV" }).click(),
  ]);
  const templateFile = testInfo.outputPath("template.csv");
  await template.saveAs(templateFile);
  expect(readFileSync(templateFile, "utf8")).toMatch(/^\uFEFFemail,name,gmc,course,due date\r\n/);

  const year = new Date().getUTCFullYear() + 1;
  const csv = (boDue: string) =>
    [
      "email,name,gmc,course,due date",
      `${ada.email},Dr Ada Lovelace,,demo-course,${year}-06-30`,
      `${bo.email},Dr Bo Diddley,,demo-course,${boDue}`,
      `${newcomer},Dr New Comer,,demo-course,`,
    ].join("\n");
  const upload = async (text: string) => {
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "trainees.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
    await page.getByRole("button", { name: "Upload and enrol" }).click();
  };

  await upload(csv(`31/02/${year}`));
  const problems = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
  await expect(problems).toContainText(`Line 3: "31/02/${year}" is not a real date`);
  await expectAccessible(page);
  expect(await prisma.enrolment.count({ where: { userId: { in: [ada.id, bo.id] } } })).toBe(0);

  await upload(csv(`28/02/${year}`));
  await expect(page.getByText("2 enrolled, 1 invited, 0 due dates changed, 0 unchanged.")).toBeVisible();
  // and what happened to each row
  const outcomes = page.getByRole("table", { name: "What happened to each row of the file" });
  await expect(outcomes.getByRole("row").filter({ hasText: newcomer })).toContainText("Invited");
  await expect(outcomes.getByRole("row").filter({ hasText: ada.email })).toContainText("Enrolled");
  await expectAccessible(page);
  // the same file again changes nothing
  await upload(csv(`28/02/${year}`));
  await expect(page.getByText("0 enrolled, 0 invited, 0 due dates changed, 3 unchanged.")).toBeVisible();
  const invitation = await prisma.invitation.findFirstOrThrow({
    where: { email: newcomer, organisationId: trust.id },
  });
  expect(invitation.courseId).toBe("demo-course");

  // time passes: bo's due date goes by
  await prisma.enrolment.updateMany({
    where: { userId: bo.id },
    data: { dueAt: new Date(Date.now() - 3 * 86_400_000) },
  });

  await page.goto(`/org/${trust.id}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Training dashboard" })).toBeVisible();
  await expect(page.locator(".app-stats")).toContainText("2Trainees enrolled");
  await expectAccessible(page);
  await page.getByLabel("Overdue only").check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/overdue=1/);
  const table = page.getByRole("table", { name: "Trainees and their progress" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("Dr Bo Diddley");
  await expect(table).toContainText("Overdue");
  await expect(table).not.toContainText("Dr Ada Lovelace");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download these as CSV" }).click(),
  ]);
  const file = testInfo.outputPath("export.csv");
  await download.saveAs(file);
  const raw = readFileSync(file, "utf8");
  // a byte-order mark first, so excel reads the file as utf-8
  expect(raw.startsWith("\uFEFFname,email,")).toBe(true);
  const lines = raw.slice(1).trim().split("\r\n");
  expect(lines[0]).toMatch(
    /^name,email,gmc_number,course,status,progress_percent,modules_completed,modules_total,enrolled_on,due_on,overdue,last_activity_on,completed_on,certificate_code,certificate_status,certificate_expires_on(,module: [^,]+)+$/,
  );
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`Dr Bo Diddley,${bo.email},`);
  expect(lines[1]).toMatch(/,yes,/);
  expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2},/);
  expect(
    await prisma.auditEvent.count({ where: { organisationId: trust.id, action: "report.exported" } }),
  ).toBe(1);

  // the trainee's page
  await table.getByRole("link", { name: "Dr Bo Diddley" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dr Bo Diddley" })).toBeVisible();
  await expectAccessible(page);
});
