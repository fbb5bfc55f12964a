import { prisma } from "~/db.server";
import { enrol } from "~/courses/courses.server";
import { revokeRole } from "~/organisations/organisations.server";
import {
  expect,
  expectAccessible,
  grant,
  latestEmailTo,
  makeOrganisation,
  makeUser,
  PASSWORD,
  signInAs,
  test,
} from "./fixtures";

// hr's daily work as a person does it: sign in and land on the training dashboard, find
// trainees with the summary tiles and filters, send a reminder, set how often reminders go,
// and remove a trainee by mistake and undo it, without losing a learning record.

const COURSE = "demo-course";
const DAY = 86_400_000;

async function trustWithTrainees() {
  const trust = await makeOrganisation("nhs_trust");
  const hr = await makeUser({ name: "Helen HR" });
  await grant(hr.id, trust.id, "hr");
  const late = await makeUser({ name: "Dr Late Starter" });
  const keen = await makeUser({ name: "Dr Keen Bean" });
  for (const t of [late, keen]) {
    await grant(t.id, trust.id, "trainee");
    await enrol(t.id, COURSE);
  }
  await prisma.enrolment.updateMany({
    where: { userId: late.id },
    data: { enrolledAt: new Date(Date.now() - 40 * DAY), dueAt: new Date(Date.now() - 5 * DAY) },
  });
  return { trust, hr, late, keen };
}

test("HR sign in to their dashboard; tiles apply their filter and Clear filters resets every control", async ({
  page,
}) => {
  const { trust, hr } = await trustWithTrainees();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(hr.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/org/${trust.id}/dashboard$`));
  const menu = page.getByRole("navigation", { name: "Menu" });
  await expect(menu.getByRole("link", { name: "Training dashboard" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  for (const tool of ["Enrol trainees", "Reminders", "People", "Your learning"]) {
    await expect(menu.getByRole("link", { name: tool })).toBeVisible();
  }
  await expect(page.getByText(`Working for ${trust.name}`)).toBeVisible();
  await expectAccessible(page);

  // the overdue tile is a link that applies that filter
  await page
    .locator(".app-stats")
    .getByRole("link", { name: /Overdue/ })
    .click();
  await expect(page).toHaveURL(/overdue=1/);
  await expect(page.getByLabel("Overdue only")).toBeChecked();
  const table = page.getByRole("table", { name: "Trainees and their progress" });
  await expect(table).toContainText("Dr Late Starter");
  await expect(table).not.toContainText("Dr Keen Bean");

  // module status has no value until a module is chosen
  const moduleState = page.getByLabel("Module status");
  await expect(moduleState).toBeDisabled();
  await page.getByLabel("Module", { exact: true }).selectOption({ index: 1 });
  await expect(moduleState).toBeEnabled();
  await expect(moduleState).toHaveValue("completed");
  await page.getByLabel("Status", { exact: true }).selectOption("in_progress");

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/overdue/);
  await expect(page.getByLabel("Overdue only")).not.toBeChecked();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Module", { exact: true })).toHaveValue("");
  await expect(moduleState).toBeDisabled();
  await expect(table).toContainText("Dr Keen Bean");
  await expect(table).toContainText("Dr Late Starter");
  // applying now brings back no old filter
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("2 enrolments match")).toBeVisible();
  // focus moves to what changed: the count of matches above the table
  await expect(page.getByRole("status").filter({ hasText: "2 enrolments match" })).toBeFocused();
});

test("HR send a reminder now, see it in the trainee's history, and set the organisation's interval", async ({
  page,
  baseURL,
}) => {
  const { trust, hr, late } = await trustWithTrainees();
  await signInAs(page.context(), hr.id, baseURL!);
  await page.goto(`/org/${trust.id}/trainees/${late.id}`);
  // past the due date and not finished: said here as on the dashboard
  await expect(page.locator(".nhsuk-summary-list").getByText("Overdue", { exact: true })).toBeVisible();
  await expect(page.getByText("No reminder has been sent about this course.")).toBeVisible();
  await page.getByRole("button", { name: /Send a reminder now/ }).click();
  await expect(page.getByText(`A reminder email has been sent to ${late.email}.`)).toBeVisible();
  const email = latestEmailTo(late.email);
  expect(email).toMatch(/Subject: Reminder: ".+" was due on/);
  await expect(page.getByRole("table", { name: /Reminders sent about/ })).toContainText("Helen HR");
  await expectAccessible(page);
  // a second click straight after sends nothing
  await page.getByRole("button", { name: /Send a reminder now/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A reminder was sent at" })).toBeVisible();
  expect(await prisma.reminderLog.count({ where: { enrolment: { userId: late.id } } })).toBe(1);

  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Reminders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reminders" })).toBeVisible();
  await expect(page.getByRole("table", { name: /reminders sent/ })).toContainText("Dr Late Starter");
  await page.getByLabel("Our own interval").check();
  await page.getByLabel("Days between reminders").fill("0");
  await page.getByRole("button", { name: "Save reminder setting" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Enter a whole number of days from 1 to 365" }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Days between reminders").fill("14");
  await page.getByRole("button", { name: "Save reminder setting" }).click();
  await expect(page.getByText("every 14 days")).toBeVisible();
  expect(
    (await prisma.organisation.findUniqueOrThrow({ where: { id: trust.id } })).reminderIntervalDays,
  ).toBe(14);
  await page.getByLabel("Do not send automatic reminders").check();
  await page.getByRole("button", { name: "Save reminder setting" }).click();
  await expect(page.getByText("Automatic reminders are off.")).toBeVisible();
  expect(
    await prisma.auditEvent.count({
      where: { organisationId: trust.id, action: "reminders.interval_changed" },
    }),
  ).toBe(2);
});

test("removing a trainee asks first, keeps their learning, and can be undone", async ({ page, baseURL }) => {
  const { trust, hr, late } = await trustWithTrainees();
  const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { userId: late.id } });
  expect(enrolment.organisationId).toBe(trust.id);
  await signInAs(page.context(), hr.id, baseURL!);
  await page.goto(`/org/${trust.id}`);
  await page.getByRole("link", { name: "Remove Trainee role from Dr Late Starter" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Remove Dr Late Starter's trainee role?" }),
  ).toBeVisible();
  await expect(page.getByText("Nothing they have done is deleted")).toBeVisible();
  await expectAccessible(page);
  // going back removes nothing
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  expect(await prisma.membership.count({ where: { userId: late.id, organisationId: trust.id } })).toBe(1);

  await page.getByRole("link", { name: "Remove Trainee role from Dr Late Starter" }).click();
  await page.getByRole("button", { name: "Remove role" }).click();
  await expect(page.getByText("Dr Late Starter no longer has the Trainee role here.")).toBeVisible();
  await expectAccessible(page);
  expect(await prisma.membership.count({ where: { userId: late.id, organisationId: trust.id } })).toBe(0);
  const kept = await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } });
  expect(kept.organisationId).toBeNull();
  expect(await prisma.auditEvent.count({ where: { organisationId: trust.id, action: "role.revoked" } })).toBe(
    1,
  );

  // the banner goes with the page; the undo stays on the people page for 30 days
  await page.goto(`/org/${trust.id}/dashboard`);
  await page.goto(`/org/${trust.id}`);
  const removed = page.getByRole("table", { name: "Roles removed in the last 30 days" });
  await expect(removed).toContainText("Dr Late Starter");
  await expect(removed).toContainText("Trainee");
  await expectAccessible(page);
  await removed.getByRole("button", { name: "Undo removing Dr Late Starter's Trainee role" }).click();
  await expect(page.getByText("The role has been given back")).toBeVisible();
  await expect(page.getByRole("table", { name: "Roles removed in the last 30 days" })).toHaveCount(0);
  expect(await prisma.membership.count({ where: { userId: late.id, organisationId: trust.id } })).toBe(1);
  expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).organisationId).toBe(
    trust.id,
  );
  expect(
    await prisma.auditEvent.count({ where: { organisationId: trust.id, action: "role.restored" } }),
  ).toBe(1);
});

test("the dashboard reads on a phone: trainee rows become cards and nothing scrolls sideways", async ({
  page,
  baseURL,
}) => {
  const { trust, hr } = await trustWithTrainees();
  await page.setViewportSize({ width: 375, height: 812 });
  await signInAs(page.context(), hr.id, baseURL!);
  for (const path of ["dashboard", "reminders", "", "enrolments"]) {
    await page.goto(`/org/${trust.id}/${path}`);
    const [scroll, client] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    expect(scroll, `/org/${trust.id}/${path} scrolls sideways`).toBeLessThanOrEqual(client);
    await expectAccessible(page);
  }
});

test("someone with roles in two organisations switches workspace from the header", async ({
  page,
  baseURL,
}) => {
  const trust = await makeOrganisation("nhs_trust");
  const college = await makeOrganisation("royal_college");
  const both = await makeUser({ name: "Dr Two Hats" });
  await grant(both.id, trust.id, "hr");
  await grant(both.id, college.id, "college_admin");
  await signInAs(page.context(), both.id, baseURL!);
  await page.goto(`/org/${trust.id}/dashboard`);
  await expect(page.getByText(`Working for ${trust.name}`)).toBeVisible();
  await page.getByRole("link", { name: "Change organisation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Choose an organisation" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: college.name }).click();
  await expect(page).toHaveURL(new RegExp(`/org/${college.id}/scorm`));
  const menu = page.getByRole("navigation", { name: "Menu" });
  await expect(menu.getByRole("link", { name: "E-learning library" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Training dashboard" })).toHaveCount(0);
  // the choice stays when they go to a page of their own
  await page.goto("/account");
  await expect(page.getByText(`Working for ${college.name}`)).toBeVisible();
});

test("pending invitations show on the dashboard and can be sent again with the course and due date", async ({
  page,
  baseURL,
}) => {
  const { trust, hr } = await trustWithTrainees();
  const invitee = `invitee-${Date.now()}@example.nhs.uk`;
  await signInAs(page.context(), hr.id, baseURL!);
  await page.goto(`/org/${trust.id}/enrolments`);
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Full name").fill("Dr Not Yet");
  await page.getByLabel("Course").selectOption(COURSE);
  await page.getByLabel("Due date (optional)").fill("31/03/2099");
  await page.getByRole("button", { name: "Enrol", exact: true }).click();
  await expect(page.getByText(`${invitee} has been sent an invitation to the course`)).toBeVisible();
  expect(latestEmailTo(invitee)).toContain("complete the course by 31 March 2099");

  await page.goto(`/org/${trust.id}/dashboard`);
  await page.getByRole("link", { name: "1 invitation has not been accepted yet" }).click();
  const table = page.getByRole("table", { name: "Pending invitations" });
  await expect(table).toContainText(invitee);
  await expect(table).toContainText("due 31 Mar 2099");
  const before = await prisma.invitation.findFirstOrThrow({
    where: { email: invitee, organisationId: trust.id },
  });
  await table.getByRole("button", { name: `Resend invitation to ${invitee}` }).click();
  await expect(
    page.getByText(`The invitation to ${invitee} has been sent again with a new link.`),
  ).toBeVisible();
  await expectAccessible(page);
  const open = await prisma.invitation.findMany({
    where: { email: invitee, organisationId: trust.id, revokedAt: null, acceptedAt: null },
  });
  expect(open).toHaveLength(1);
  expect(open[0]!.id).not.toBe(before.id);
  expect(open[0]!.dueAt?.toISOString()).toBe(before.dueAt?.toISOString());
});

test("a removal is offered for undoing only to someone who may give that role back", async ({
  page,
  baseURL,
}) => {
  const college = await makeOrganisation("royal_college");
  const collegeAdmin = await makeUser({ name: "Colin College" });
  await grant(collegeAdmin.id, college.id, "college_admin");
  const admin = await makeUser({ name: "Ada Admin", isAdmin: true });
  const colleague = await makeUser({ name: "Dr Hana Reports" });
  const membership = await grant(colleague.id, college.id, "hr");
  // a platform administrator removes a role a college administrator cannot give
  const eventId = await revokeRole(college.id, membership.id, admin.id);
  expect(eventId).not.toBeNull();

  await signInAs(page.context(), collegeAdmin.id, baseURL!);
  await page.goto(`/org/${college.id}?removed=${eventId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /Undo/ })).toHaveCount(0);
  await expect(page.getByText("Dr Hana Reports no longer has")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Roles removed in the last 30 days" })).toHaveCount(0);

  // asking anyway is refused with the reason, and the role stays removed
  const form = await page.request.post(`/org/${college.id}?index`, {
    form: { intent: "undo-removal", eventId: eventId! },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(form.status()).toBe(400);
  expect(await form.text()).toContain("You cannot give that role");
  expect(await prisma.membership.count({ where: { userId: colleague.id, organisationId: college.id } })).toBe(
    0,
  );
});
