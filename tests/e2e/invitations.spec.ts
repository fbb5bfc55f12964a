import { prisma } from "~/db.server";
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
  uniqueEmail,
} from "./fixtures";

test("HR invites a new doctor, who registers from the link and then appears in the organisation", async ({
  page,
  browser,
  baseURL,
}) => {
  const trust = await makeOrganisation("nhs_trust");
  const hr = await makeUser({ name: "Helen Reid" });
  await grant(hr.id, trust.id, "hr");
  await signInAs(page.context(), hr.id, baseURL!);

  await page.goto("/account");
  await page.getByRole("link", { name: `People in ${trust.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.name })).toBeVisible();
  await expectAccessible(page);

  const invitee = uniqueEmail("newdoctor");
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Role").selectOption("trainee");
  await page.getByLabel("Enrol them on a course (optional)").selectOption({ label: "Demo course for tests" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("The invitation has been sent.")).toBeVisible();
  await expect(page.getByRole("cell", { name: invitee, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Demo course for tests" })).toBeVisible();
  await expectAccessible(page);

  const message = latestEmailTo(invitee);
  expect(message).toBeDefined();
  const link = message!.match(/https?:\/\/\S+\/invitations\/accept\?token=[\w-]+/)?.[0];
  expect(link).toBeDefined();

  // the invitee, in their own browser
  const theirs = await browser.newContext();
  const invited = await theirs.newPage();
  await invited.goto(link!);
  await expect(invited.getByRole("heading", { level: 1, name: `Join ${trust.name}` })).toBeVisible();
  await expectAccessible(invited);
  await invited.getByRole("link", { name: "Create an account" }).last().click();
  await expect(invited.getByLabel("Email address")).toHaveValue(invitee);
  await invited.getByLabel("Full name").fill("Dr Nadia Khan");
  await invited.getByLabel("Create a password").fill(PASSWORD);
  await invited.getByLabel("Confirm your password").fill(PASSWORD);
  await invited.getByRole("button", { name: "Create account" }).click();
  await expect(invited.getByText("You have joined the organisation.")).toBeVisible();
  await expect(invited.getByRole("cell", { name: trust.name })).toBeVisible();
  await expectAccessible(invited);
  await invited.goto("/dashboard");
  await expect(invited.getByRole("link", { name: "Demo course for tests" })).toBeVisible();

  // the link works once
  await invited.goto(link!);
  await expect(
    invited.getByRole("heading", { level: 1, name: "This invitation cannot be used" }),
  ).toBeVisible();
  await expect(invited.getByText("already been used")).toBeVisible();
  await expectAccessible(invited);
  await theirs.close();

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "Dr Nadia Khan" })).toContainText("Trainee");
  await expect(page.getByText("There are no pending invitations.")).toBeVisible();
  const user = await prisma.user.findUniqueOrThrow({
    where: { email: invitee },
    include: { memberships: true },
  });
  expect(user.memberships).toMatchObject([{ organisationId: trust.id, role: "trainee" }]);
});

test("an existing doctor accepts an invitation after signing in", async ({ page, baseURL }) => {
  const college = await makeOrganisation("royal_college");
  const admin = await makeUser({ name: "College Admin" });
  await grant(admin.id, college.id, "college_admin");
  const doctor = await makeUser({ name: "Dr Existing" });

  await signInAs(page.context(), admin.id, baseURL!);
  await page.goto(`/org/${college.id}`);
  await page.getByLabel("Email address").fill(doctor.email);
  await page.getByLabel("Role").selectOption("college_admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("The invitation has been sent.")).toBeVisible();
  const link = latestEmailTo(doctor.email)!.match(/https?:\/\/\S+\/invitations\/accept\?token=[\w-]+/)![0];

  await page.context().clearCookies();
  await page.goto(link);
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  await page.getByLabel("Email address").fill(doctor.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Join ${college.name}` })).toBeVisible();
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByText("You have joined the organisation.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: college.name })).toContainText(
    "College administrator",
  );
});

test("invitation form errors are shown and nothing is sent", async ({ page, baseURL }) => {
  const trust = await makeOrganisation();
  const hr = await makeUser();
  await grant(hr.id, trust.id, "hr");
  await signInAs(page.context(), hr.id, baseURL!);
  await page.goto(`/org/${trust.id}`);
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter an email address in the correct format");
  await expect(summary).toContainText("Select a role you can invite people to");
  await expectAccessible(page);
  expect(await prisma.invitation.count({ where: { organisationId: trust.id } })).toBe(0);
});
