import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
// what the server connects at start-up: fixtures here complete courses through the app too
import "~/wiring.server";
import { startSession } from "~/auth/accounts.server";

export { expect };

// users and organisations straight through the data layer (no clicking through sign-up)
export {
  TEST_PASSWORD as PASSWORD,
  uniqueEmail,
  createUser as makeUser,
  createOrganisation as makeOrganisation,
  addRole as grant,
} from "../setup/factories";

/** a real database session for the user, as the cookie header value */
export async function sessionCookie(userId: string) {
  const setCookie = await startSession(userId, { ip: "127.0.0.1", userAgent: "playwright fixture" });
  return setCookie.split(";")[0]!;
}

export async function signInAs(context: BrowserContext, userId: string, baseURL: string) {
  const [name, value] = (await sessionCookie(userId)).split("=");
  await context.addCookies([{ name: name!, value: value!, url: baseURL }]);
}

/** axe-core at wcag 2.2 aa: every page the tests reach must have no violations */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  // uploaded e-learning is the college's own content: the platform's page around it is checked
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const violations = results.violations.map(
    (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(violations, `accessibility violations on ${page.url()}`).toEqual([]);
  // a label finds its field by id: two fields of one name on a page (two forms) send a label,
  // and a click on it, to the wrong one
  const duplicates = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  expect(duplicates, `duplicate ids on ${page.url()}`).toEqual([]);
}

/** the newest outbox message for an address (the dev email transport writes files) */
export function latestEmailTo(email: string): string | undefined {
  const dir = process.env.OUTBOX_DIR!;
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  const slug = email.replace(/[^a-z0-9]+/gi, "_");
  const mine = files
    .filter((f) => f.includes(slug))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return mine[0] ? readFileSync(mine[0], "utf8") : undefined;
}

// every test fails on a browser console error or uncaught exception: a csp violation, a
// hydration mismatch or a broken script is a defect even when the page looks right.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        // the browser logs every non-2xx document load; the tests assert those statuses themselves
        if (/Failed to load resource: the server responded with a status of (4\d\d|5\d\d)/.test(text)) return;
        errors.push(text);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "browser console errors").toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * runs test setup again if sqlite reports "database is locked": the server and two test
 * workers write to one file, and a deferred transaction that must upgrade to a write lock
 * fails at once instead of waiting. (the app itself is one process with serialised writes.)
 */
export async function retryIfLocked<T>(setup: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await setup();
    } catch (error) {
      if (i >= attempts || !/database is locked|operation has timed out/i.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}
