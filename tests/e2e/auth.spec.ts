import { request as playwrightRequest } from "@playwright/test";
import { prisma } from "~/db.server";
import { expect, expectAccessible, latestEmailTo, makeUser, PASSWORD, test, uniqueEmail } from "./fixtures";

const confirmLink = (email: string) =>
  latestEmailTo(email)?.match(/https?:\/\/\S+\/register\/confirm\?token=[\w-]+/)?.[0];

test("a doctor registers, confirms their email address from the link, signs out and signs in again", async ({
  page,
}) => {
  const email = uniqueEmail("registrant");
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Create an account" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Full name").fill("Dr Priya Shah");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("GMC number (optional)").fill("7123456");
  await page.getByLabel("Create a password").fill(PASSWORD);
  await page.getByLabel("Confirm your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  // no account yet: first the address is proved
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expectAccessible(page);
  expect(await prisma.user.count({ where: { email } })).toBe(0);
  expect(await page.context().cookies()).toEqual([]);

  const link = confirmLink(email);
  expect(link).toBeDefined();
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: email })).toBeVisible();
  await expectAccessible(page);
  // the link alone is not enough
  await page.getByLabel("Your password").fill("not the password I chose");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Enter the password you chose when you registered",
  );
  await expectAccessible(page);
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  // the next step is a course, and a welcome email says how to start
  await expect(page).toHaveURL(/\/courses\?done=registered$/);
  await expect(page.getByText("Your account has been created.")).toBeVisible();
  await expectAccessible(page);
  expect(latestEmailTo(email)).toMatch(/Subject: Welcome to Mentor training for doctors/);
  await page.goto("/account");
  await expect(page.getByRole("definition").filter({ hasText: "7123456" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?done=signed-out/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // back where they were going
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dr Priya Shah" })).toBeVisible();

  // the link worked once
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  await expect(page.getByText("This link has already been used.")).toBeVisible();
  await expectAccessible(page);
});

test("registering with an address or a GMC number that has an account looks the same as a new one; the holder is told", async ({
  baseURL,
}) => {
  const gmcNumber = String(2_000_000 + Math.floor(Math.random() * 7_999_999));
  const holder = await makeUser({ name: "Dr Already Here" });
  await prisma.user.update({ where: { id: holder.id }, data: { gmcNumber } });
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL! },
    maxRedirects: 0,
  });
  const register = async (email: string, gmc = "") => {
    const res = await client.post("/register", {
      form: { name: "Dr Somebody", email, gmcNumber: gmc, password: PASSWORD, confirmPassword: PASSWORD },
    });
    const page = await client.get(res.headers().location ?? "/nowhere");
    const html = (await page.text()).replace(/nonce="[^"]*"|nonce-[A-Za-z0-9+/=]+/g, "");
    return {
      status: res.status(),
      location: res.headers().location,
      cookie: res.headers()["set-cookie"],
      page: page.status(),
      html,
    };
  };
  const fresh = await register(uniqueEmail("fresh"));
  expect(fresh).toMatchObject({
    status: 302,
    location: "/register/check-email",
    cookie: undefined,
    page: 200,
  });
  expect(fresh.html).toContain("Check your email");
  expect(await register(holder.email)).toEqual(fresh);
  expect(await register(uniqueEmail("samegmc"), gmcNumber)).toEqual(fresh);
  await client.dispose();

  const notice = latestEmailTo(holder.email);
  expect(notice).toContain(
    "Subject: Someone tried to register on Mentor training for doctors with your email address",
  );
  expect(notice).toContain("/sign-in");
  expect(notice).not.toContain("/register/confirm");
});

test("a GMC number another account holds is left off at confirmation, and the doctor is told", async ({
  page,
}) => {
  const gmcNumber = String(2_000_000 + Math.floor(Math.random() * 7_999_999));
  const holder = await makeUser();
  await prisma.user.update({ where: { id: holder.id }, data: { gmcNumber } });
  const email = uniqueEmail("samegmc");
  await page.goto("/register");
  await page.getByLabel("Full name").fill("Dr Same Number");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("GMC number (optional)").fill(gmcNumber);
  await page.getByLabel("Create a password").fill(PASSWORD);
  await page.getByLabel("Confirm your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();

  await page.goto(confirmLink(email)!);
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account\?done=registered-without-gmc$/);
  await expect(
    page.getByText(/created without your GMC number, because another account already has/),
  ).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Not given" })).toBeVisible();
  await expectAccessible(page);
});

test("registration errors are listed in an error summary and nothing is saved", async ({ page }) => {
  const email = uniqueEmail("bad");
  await page.goto("/register");
  await page.getByLabel("Full name").fill("Dr Short Password");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("GMC number (optional)").fill("12345");
  await page.getByLabel("Create a password").fill("too short");
  await page.getByLabel("Confirm your password").fill("too short");
  await page.getByRole("button", { name: "Create account" }).click();

  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(
    summary.getByRole("link", { name: "GMC number must be 7 digits, like 1234567" }),
  ).toBeVisible();
  await expect(summary.getByRole("link", { name: "Password must be at least 12 characters" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Dr Short Password");
  await expectAccessible(page);
  expect(await prisma.user.count({ where: { email } })).toBe(0);
});

test("a wrong password gets one message that does not say which part was wrong", async ({ page }) => {
  const user = await makeUser();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill("definitely not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue(user.email);
  await expectAccessible(page);

  await page.getByLabel("Email address").fill(uniqueEmail("unknown"));
  await page.getByLabel("Password").fill("definitely not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(summary).toContainText("Enter a correct email address and password");
});

test("a doctor changes their password and sees and revokes another device", async ({
  page,
  browser,
  baseURL,
}) => {
  const user = await makeUser({ name: "Dr Two Devices" });
  // a second device, signed in through the form
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${baseURL}/sign-in`);
  await otherPage.getByLabel("Email address").fill(user.email);
  await otherPage.getByLabel("Password").fill(PASSWORD);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage).toHaveURL(/\/dashboard$/);

  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/account/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Signed-in devices" })).toBeVisible();
  const rows = page.getByRole("row");
  await expect(rows).toHaveCount(3); // header + two devices
  await expectAccessible(page);
  await page.getByRole("button", { name: /^Sign out Chrome on Linux/ }).click();
  await expect(page.getByText("The device has been signed out.")).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);

  await otherPage.goto(`${baseURL}/account`);
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();

  await page.goto("/account/password");
  await expectAccessible(page);
  const sessionBefore = (await page.context().cookies()).find((c) => c.name === "mt_session")!.value;
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a completely new passphrase");
  await page.getByLabel("Confirm new password").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password has been changed.")).toBeVisible();
  // still signed in here, under a new session id; the old id signs nobody in
  const sessionAfter = (await page.context().cookies()).find((c) => c.name === "mt_session")!.value;
  expect(sessionAfter).not.toBe(sessionBefore);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const stolen = await browser.newContext();
  await stolen.addCookies([{ name: "mt_session", value: sessionBefore, url: baseURL! }]);
  const stolenPage = await stolen.newPage();
  await stolenPage.goto(`${baseURL}/account`);
  await expect(stolenPage).toHaveURL(/\/sign-in/);
  await stolen.close();
});
