import { request as playwrightRequest } from "@playwright/test";
import { prisma } from "~/db.server";
import { expect, expectAccessible, makeUser, PASSWORD, test } from "./fixtures";

test("sign-in answers 429 with Retry-After once an account has 10 recent failures", async ({
  page,
  baseURL,
}) => {
  const user = await makeUser();
  await prisma.authFailure.createMany({
    data: Array.from({ length: 10 }, () => ({ key: `account:${user.email}`, createdAt: new Date() })),
  });
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL! },
    maxRedirects: 0,
  });
  const res = await client.post("/sign-in", { form: { email: user.email, password: PASSWORD } });
  expect(res.status()).toBe(429);
  const retryAfter = Number(res.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(14 * 60);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  await client.dispose();

  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Too many failed sign-in attempts. Try again in 15 minutes.",
  );
  await expectAccessible(page);
});

test("the session cookie is httpOnly and SameSite=Lax, and no page sets it from a GET", async ({
  baseURL,
}) => {
  const user = await makeUser();
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL! },
    maxRedirects: 0,
  });
  const res = await client.post("/sign-in", { form: { email: user.email, password: PASSWORD } });
  expect(res.status()).toBe(302);
  const setCookie = res.headers()["set-cookie"] ?? "";
  expect(setCookie).toMatch(/mt_session=\w+/);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  // sign-out by GET does nothing
  const getSignOut = await client.get("/sign-out");
  expect(getSignOut.headers()["set-cookie"]).toBeUndefined();
  expect((await client.get("/account")).status()).toBe(200);
  await client.dispose();
});

test("an overlong name or password is a field error, not a crash", async ({ baseURL }) => {
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL! },
    maxRedirects: 0,
  });
  const huge = "x".repeat(10_240);
  const res = await client.post("/register", {
    form: { name: huge, email: "long@example.test", password: huge, confirmPassword: huge },
  });
  expect(res.status()).toBe(400);
  const html = await res.text();
  expect(html).toContain("Full name must be 100 characters or fewer");
  expect(html).toContain("Password must be 256 characters or fewer");
  expect(await prisma.user.count({ where: { email: "long@example.test" } })).toBe(0);
  await client.dispose();
});

test("pages carry a nonce-based content security policy and forbid framing", async ({ baseURL }) => {
  const client = await playwrightRequest.newContext({ baseURL });
  const res = await client.get("/");
  expect(res.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["x-powered-by"]).toBeUndefined();
  await client.dispose();
});

test("malformed requests get the shared error page with a 4xx status and no stack trace", async ({
  baseURL,
}) => {
  const client = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  const garbageForm = await client.post("/sign-in", {
    headers: { "content-type": "multipart/form-data; boundary=xyz" },
    data: "this is not multipart",
  });
  expect(garbageForm.status()).toBe(400);
  const html = await garbageForm.text();
  expect(html).toContain("There is a problem with your request");
  expect(html).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(html).not.toContain("TypeError");

  const badEscape = await client.get("/org/%ZZ");
  expect(badEscape.status()).toBeLessThan(500);
  expect(await badEscape.text()).not.toMatch(/URIError|\bat .+\.js:\d+/);
  await client.dispose();
});
