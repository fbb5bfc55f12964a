import { readFileSync } from "node:fs";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { completeFixtureCourse } from "../setup/courses";
import { expect, expectAccessible, latestEmailTo, makeUser, retryIfLocked, signInAs, test } from "./fixtures";

test("a trainee completes a course, downloads the certificate, and anyone can verify it until an admin revokes it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000); // a whole journey: three people, a dozen pages
  const user = await makeUser({ name: "Dr Verity Okoro" });
  await signInAs(page.context(), user.id, baseURL!);
  const enrolment = await enrol(user.id, "demo-course");
  // everything but the last lesson through the services; the last step in the browser
  const def = (await courseForUser("demo-course", user.id))!.definition;
  await retryIfLocked(() => completeFixtureCourse(enrolment, def));
  await prisma.certificate.deleteMany({ where: { enrolmentId: enrolment.id } });
  await prisma.enrolment.update({ where: { id: enrolment.id }, data: { completedAt: null } });
  await prisma.activityProgress.deleteMany({
    where: { enrolmentId: enrolment.id, activityId: "closing-lesson" },
  });

  await page.goto("/courses/demo-course/modules/practice/closing-lesson");
  // a short lesson may complete itself once read to the end (scrolled into view) before the
  // button is clicked; either way the browser completes it
  const mark = page.getByRole("button", { name: /Mark as complete/ });
  const completed = page.getByText("You have completed this lesson.");
  await expect(mark.or(completed)).toBeVisible();
  // the button can go between seeing it and clicking it, when the lesson completes itself
  if (await mark.isVisible()) await mark.click({ timeout: 3000 }).catch(() => undefined);
  await expect(completed).toBeVisible();
  // the moment the course is finished, on the page where it happened, and an email
  const banner = page.getByRole("region", { name: "Course complete" });
  await expect(banner).toContainText("Your certificate's verification code is");
  await expectAccessible(page);
  expect(latestEmailTo(user.email)).toMatch(/Subject: Your certificate: /);
  await banner.getByRole("link", { name: "Download your certificate and CPD record" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText("Your certificate: verification code")).toBeVisible();
  await expectAccessible(page);
  const code = (await page.locator(".nhsuk-inset-text strong").first().textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the certificate (PDF)" }).click();
  const pdf = readFileSync((await (await download).path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

  const jwtDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /digital credential/ }).click();
  const jwt = readFileSync((await (await jwtDownload).path())!, "utf8");
  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the credential as JSON" }).click();
  const document = readFileSync((await (await jsonDownload).path())!, "utf8");

  // an employer, not signed in
  const employer = await browser.newContext();
  const hr = await employer.newPage();
  await hr.goto(`${baseURL}/verify`);
  await expectAccessible(hr);
  await hr.getByLabel("Verification code").fill(code.toLowerCase());
  await hr.getByRole("button", { name: "Check code" }).click();
  await expect(hr).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(hr.getByRole("heading", { name: "Valid", exact: true })).toBeVisible();
  await expect(hr.getByText("Dr Verity Okoro")).toBeVisible();
  // the evidence: what the quiz and role-play showed, not an averaged percentage
  const evidence = hr.getByRole("table", { name: "Role-play and quiz evidence" });
  await expect(evidence).toBeVisible();
  await expect(evidence.getByRole("columnheader", { name: "Result" })).toBeVisible();
  await expect(evidence.getByRole("cell", { name: "Passed at first attempt (pass mark 80%)" })).toBeVisible();
  await expect(
    evidence.getByRole("cell", {
      name: "Questioning 4 of 4, Active listening 0 of 4; completed at attempt 1",
    }),
  ).toBeVisible();
  await expectAccessible(hr);

  // a typo is caught before any lookup
  const typo = code.slice(0, -1) + (code.endsWith("0") ? "1" : "0");
  await hr.goto(`${baseURL}/verify/${typo}`);
  await expect(hr.getByText(/typing mistake/)).toBeVisible();
  await expectAccessible(hr);
  // on the form: an empty or mistyped code stays there, as typed, with what is wrong
  await hr.goto(`${baseURL}/verify`);
  await hr.getByRole("button", { name: "Check code" }).click();
  await expect(hr.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Enter a verification code",
  );
  await expect(hr).toHaveTitle(/^Error: /);
  await hr.getByLabel("Verification code").fill(typo);
  await hr.getByRole("button", { name: "Check code" }).click();
  await expect(hr.locator("#code-error")).toContainText("typing mistake");
  await expect(hr.getByLabel("Verification code")).toHaveValue(typo);
  await expect(hr).toHaveURL(/\/verify\?code=/);
  await expectAccessible(hr);

  // the credential file checks out
  await hr.goto(`${baseURL}/verify`);
  await hr.getByLabel("Credential", { exact: true }).fill(jwt);
  await hr.getByRole("button", { name: "Check credential" }).click();
  await expect(hr.getByRole("heading", { name: "Valid credential" })).toBeVisible();
  await expect(hr.getByText("Passed: Signature.")).toBeVisible();
  // the result is focused, so a screen reader announces it
  await expect(hr.locator("#credential-result")).toBeFocused();
  await expectAccessible(hr);
  // the json download, pasted back, verifies too
  await hr.goto(`${baseURL}/verify`);
  await hr.getByLabel("Credential", { exact: true }).fill(document);
  await hr.getByRole("button", { name: "Check credential" }).click();
  await expect(hr.getByRole("heading", { name: "Valid credential" })).toBeVisible();
  await expect(hr.getByText(/identical to the signed credential/)).toBeVisible();

  // the api says the same
  const api = await hr.request.get(`${baseURL}/api/certificates/${code}`);
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({
    status: "valid",
    certificate: { recipientName: "Dr Verity Okoro" },
  });

  // an admin revokes it
  const admin = await makeUser({ isAdmin: true });
  const adminContext = await browser.newContext();
  await signInAs(adminContext, admin.id, baseURL!);
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`${baseURL}/admin/certificates`);
  await adminPage.getByLabel("Verification code").fill(code);
  await adminPage.getByRole("button", { name: "Find certificate" }).click();
  await expectAccessible(adminPage);
  await adminPage.getByRole("button", { name: "Revoke certificate" }).click();
  await expect(adminPage.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Give the reason for revoking",
  );
  await adminPage.getByLabel("Reason").fill("Completed under another doctor's account");
  await adminPage.getByRole("button", { name: "Revoke certificate" }).click();
  await expect(adminPage.getByText("The certificate has been revoked.")).toBeVisible();

  await hr.goto(`${baseURL}/verify/${code}`);
  await expect(hr.getByRole("heading", { name: "Revoked", exact: true })).toBeVisible();
  await expect(hr.getByText("Reason: Completed under another doctor's account")).toBeVisible();
  await expectAccessible(hr);
  expect(await (await hr.request.get(`${baseURL}/api/certificates/${code}`)).json()).toMatchObject({
    status: "revoked",
  });
  await hr.goto(`${baseURL}/verify`);
  await hr.getByLabel("Credential", { exact: true }).fill(jwt);
  await hr.getByRole("button", { name: "Check credential" }).click();
  await expect(hr.getByRole("heading", { name: "Not valid" })).toBeVisible();
  await expect(hr.getByText(/Failed: Status\. Revoked on/)).toBeVisible();
  await employer.close();
  await adminContext.close();
});

test("a trainee writes a reflection and downloads their CPD record", async ({ page, baseURL }) => {
  const user = await makeUser({ name: "Dr Reflective Practitioner" });
  const enrolment = await enrol(user.id, "demo-course");
  await retryIfLocked(async () =>
    completeFixtureCourse(enrolment, (await courseForUser("demo-course", user.id))!.definition),
  );
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto("/courses/demo-course");
  await page.getByRole("link", { name: "Write a reflection on this course" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save reflection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Write what you learned",
  );
  await expectAccessible(page);
  await page.getByLabel("What did you do, and what happened?").fill("I practised a first meeting.");
  await page.getByLabel("What did you learn?").fill("Open questions let the mentee lead.");
  await page
    .getByLabel("How will it change your practice?")
    .fill("I will open every meeting with a question.");
  await page.getByRole("button", { name: "Save reflection" }).click();
  await expect(page.getByText("Your reflection has been saved.")).toBeVisible();

  await page.goto("/cpd");
  await expect(page.getByRole("heading", { level: 2, name: "Demo course for tests" })).toBeVisible();
  await expect(page.getByText("Open questions let the mentee lead.")).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download your CPD record (PDF)" }).click();
  expect(
    readFileSync((await (await download).path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
});

test("an unknown code is not found", async ({ page }) => {
  // a well-formed code (its check character is right) that no certificate has
  const { generateCode, formatCode } = await import("~/certificates/code");
  const code = formatCode(generateCode());
  const response = await page.goto(`/verify/${code}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expectAccessible(page);
});
