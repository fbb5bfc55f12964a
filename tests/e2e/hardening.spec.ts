import http from "node:http";
import { request as playwrightRequest } from "@playwright/test";
import {
  expect,
  grant,
  makeOrganisation,
  makeUser,
  PASSWORD,
  sessionCookie,
  signInAs,
  test,
} from "./fixtures";

// attacks an outside review made on the running server, each reproduced here against the
// production build: open redirects after sign-in, bodies without a length, a POST to another
// name of the server, and the headers personal pages and static files carry.

// each value is put into the query as it is: %-escapes are decoded once by the server, as an
// attacker's link would be
const HOSTILE_REDIRECTS = [
  "/%09/evil.example/phish",
  "/%0a/evil.example",
  "/%0d%0a/evil.example",
  "/%5Cevil.example",
  "/%09%5C/evil.example",
  "//evil.example/phish",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "https://evil.example/phish",
  "http:%2F%2Fevil.example",
  "javascript:alert(document.domain)",
];

test("sign-in never sends anyone to another site, whatever redirectTo says", async ({ page, baseURL }) => {
  const user = await makeUser();
  const origin = new URL(baseURL!).origin;
  for (const target of HOSTILE_REDIRECTS) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?redirectTo=${target}`);
    await page.getByLabel("Email address").fill(user.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    expect(new URL(page.url()).origin, `redirectTo=${target}`).toBe(origin);
    expect(new URL(page.url()).pathname, `redirectTo=${target}`).toBe("/dashboard");
    // signed in already: the sign-in page's own redirect follows the same rule
    await page.goto(`/sign-in?redirectTo=${target}`);
    expect(new URL(page.url()).origin, `signed in, redirectTo=${target}`).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
  }
  // a real page of the service is still where sign-in goes
  await page.context().clearCookies();
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent("/account?tab=1")}`);
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/account\?tab=1$/);
});

test("the newline redirect is not a server error", async ({ baseURL }) => {
  const user = await makeUser();
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL!, cookie: await sessionCookie(user.id) },
    maxRedirects: 0,
  });
  for (const target of ["/%0a/evil.example", "/%0d%0aSet-Cookie:%20x=1"]) {
    const res = await client.get(`/sign-in?redirectTo=${target}`);
    expect(res.status()).toBe(302);
    expect(res.headers()["location"]).toBe("/dashboard");
    expect(res.headers()["set-cookie"] ?? "").not.toContain("x=1");
  }
  await client.dispose();
});

/** a POST whose body is sent in chunks with no Content-Length, up to `total` bytes */
function chunkedPost(baseURL: string, path: string, total: number) {
  const url = new URL(path, baseURL);
  return new Promise<{ status: number | null; sent: number; body: string }>((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (status: number | null, body = "") => {
      if (done) return;
      done = true;
      resolve({ status, sent, body });
    };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: {
        origin: new URL(baseURL).origin,
        "content-type": "application/x-www-form-urlencoded",
        "transfer-encoding": "chunked",
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => finish(res.statusCode ?? null, body));
      res.on("error", () => finish(res.statusCode ?? null, body));
    });
    // the server may close the connection while we are still writing: that is the point
    req.on("error", () => setTimeout(() => finish(null), 2000));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

test("a chunked body with no length is cut off at the route's limit with 413, signed in or not", async ({
  baseURL,
}) => {
  // 300 MB offered; the server must answer long before reading it all (limit: 1 MB)
  for (const path of ["/sign-in", "/register", "/verify"]) {
    const result = await chunkedPost(baseURL!, path, 300 * 1024 * 1024);
    expect(result.status, path).toBe(413);
    expect(result.body).toContain("too large");
    expect(result.sent, `${path}: bytes written before the answer`).toBeLessThan(64 * 1024 * 1024);
  }
  // several at once are refused just the same, and the server is still well
  const all = await Promise.all(
    Array.from({ length: 6 }, () => chunkedPost(baseURL!, "/sign-in", 100 * 1024 * 1024)),
  );
  expect(all.map((r) => r.status)).toEqual(Array(6).fill(413));
  const health = await fetch(new URL("/healthz", baseURL));
  expect(health.status).toBe(200);
});

test("a chunked body within the limit still reaches the form", async ({ baseURL }) => {
  const url = new URL("/verify", baseURL);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          origin: url.origin,
          "content-type": "application/x-www-form-urlencoded",
          "transfer-encoding": "chunked",
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.write("credential=");
    req.write("x".repeat(10_000));
    req.end();
  });
  // read and checked: not a credential, so a page with the result, not a 413 or 500
  expect(status).toBe(200);
});

test("our own Origin posted to another name of the server is a clean 403, not a 500", async ({ baseURL }) => {
  const url = new URL("/sign-in", baseURL);
  const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          host: `127.0.0.1:${url.port}`,
          origin: url.origin,
          "content-type": "application/x-www-form-urlencoded",
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end("email=someone%40example.org&password=x");
  });
  expect(reply.status).toBe(403);
  expect(reply.body).toContain(url.origin);
  expect(reply.body).not.toMatch(/host header|Error:/);
});

test("static files are nosniff; pages with personal data are never cached", async ({ page, baseURL }) => {
  const home = await fetch(new URL("/", baseURL));
  const html = await home.text();
  const script = /"(\/build\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  for (const path of [script!, "/nhsuk/nhsuk-frontend.min.css"]) {
    const res = await fetch(new URL(path, baseURL));
    expect(res.status, path).toBe(200);
    expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  }
  // robots.txt keeps certificates (a doctor's name) and private pages out of search engines
  const robots = await fetch(new URL("/robots.txt", baseURL));
  expect(robots.status).toBe(200);
  expect(robots.headers.get("content-type")).toMatch(/^text\/plain/);
  const rules = await robots.text();
  for (const path of ["/verify/", "/api/", "/org/", "/account"]) expect(rules).toContain(`Disallow: ${path}`);

  const hr = await makeUser();
  const organisation = await makeOrganisation();
  await grant(hr.id, organisation.id, "hr");
  await signInAs(page.context(), hr.id, baseURL!);
  for (const path of [
    "/account",
    "/account/sessions",
    "/dashboard",
    "/cpd",
    "/courses",
    `/org/${organisation.id}`,
    `/org/${organisation.id}/dashboard`,
    `/org/${organisation.id}/enrolments`,
  ]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["cache-control"], path).toMatch(/no-store/);
  }
});
