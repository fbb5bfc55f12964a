import net from "node:net";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { enrol } from "~/courses/courses.server";
import { expect, grant, makeOrganisation, makeUser, sessionCookie, test } from "./fixtures";

// a corpus of malformed requests against every page, action and api of the production server:
// broken %-escapes, odd unicode, invalid json, wrong content types, bodies over the limit,
// huge headers. whatever arrives, the answer is a 4xx (or the page as usual), never a 500, and
// the server keeps serving.

const COURSE = "mentoring-for-doctors";
const MODULE = `/courses/${COURSE}/modules/introduction`;

/** every route of the app, with real ids where it needs them */
function routes(org: string, user: string) {
  return [
    "/",
    "/courses",
    `/courses/${COURSE}`,
    `/courses/${COURSE}/reflection`,
    MODULE,
    `${MODULE}/what-is-mentoring`,
    `${MODULE}/first-meeting-roleplay`,
    `${MODULE}/introduction-quiz`,
    `${MODULE}/introduction-quiz/attempts/not-an-attempt`,
    "/dashboard",
    "/cpd",
    "/cpd.pdf",
    "/account",
    "/account/password",
    "/account/sessions",
    "/sign-in",
    "/sign-out",
    "/register",
    "/register/check-email",
    "/register/confirm",
    "/invitations/accept",
    "/verify",
    "/verify/ABCD-EFGH-JKMN-P",
    "/api/certificates/ABCDEFGHJKMNP",
    "/api/certificates/ABCDEFGHJKMNP/credential.jwt",
    "/certificates/not-a-certificate/credential.json",
    "/certificates/not-a-certificate/credential.jwt",
    "/certificates/not-a-certificate.pdf",
    "/credentials/status/revocation",
    "/issuer",
    "/issuer/keys/not-a-key",
    "/.well-known/jwks.json",
    `/org/${org}`,
    `/org/${org}/dashboard`,
    `/org/${org}/dashboard.csv`,
    `/org/${org}/enrolments`,
    `/org/${org}/trainees/${user}`,
    `/org/${org}/college`,
    `/org/${org}/scorm`,
    `/org/${org}/scorm/upload`,
    `/org/${org}/scorm/not-a-package`,
    `/org/${org}/scorm/not-a-package/attempts/not-an-attempt`,
    "/admin/certificates",
    "/admin/organisations",
    "/no/such/page",
  ];
}

const ODD = [
  "%ED%A0%80", // a lone surrogate, utf-8 encoded
  "%00", // nul
  "%E2%80%AE%E2%80%8B", // right-to-left override, zero-width space
  "%F0%9F%A9%BA".repeat(200), // emoji, many
  "%E0%A4%A", // a broken escape
  "%", // a bare percent
  "a".repeat(20_000),
];

type Reply = { path: string; what: string; status: number };

async function corpus(client: APIRequestContext, path: string, origin: string): Promise<Reply[]> {
  const replies: Reply[] = [];
  const note = (what: string, status: number) => replies.push({ path, what, status });
  const form = { "content-type": "application/x-www-form-urlencoded", origin };
  for (const odd of ODD) {
    note(
      `GET ?q=${odd.slice(0, 12)}`,
      (await client.get(`${path}?q=${odd}&page=${odd}&sort=${odd}`)).status(),
    );
    note(
      `POST form ${odd.slice(0, 12)}`,
      (
        await client.post(path, { headers: form, data: `intent=${odd}&choice=${odd}&email=${odd}&${odd}=1` })
      ).status(),
    );
  }
  note(
    "GET repeated params",
    (await client.get(`${path}?page=1&page=-5&page=1e99&dir=up&dir=down`)).status(),
  );
  note(
    "POST invalid json",
    (
      await client.post(path, { headers: { "content-type": "application/json", origin }, data: "{" })
    ).status(),
  );
  note(
    "POST json array",
    (
      await client.post(path, { headers: { "content-type": "application/json", origin }, data: "[1,2" })
    ).status(),
  );
  note(
    "POST text/xml",
    (await client.post(path, { headers: { "content-type": "text/xml", origin }, data: "<a>" })).status(),
  );
  note(
    "POST multipart without boundary",
    (
      await client.post(path, { headers: { "content-type": "multipart/form-data", origin }, data: "--x\r\n" })
    ).status(),
  );
  const multipart = async (what: string, boundary: string, data: string) =>
    note(
      what,
      (
        await client.post(path, {
          headers: { "content-type": `multipart/form-data; boundary=${boundary}`, origin },
          data,
        })
      ).status(),
    );
  await multipart(
    "POST multipart, broken part",
    "zz",
    '--zz\r\nContent-Disposition: form-data; name="file"; filename="../../x.zip"\r\n\r\nPK\x03\x04',
  );
  await multipart(
    "POST multipart, cut short before its closing boundary",
    "xyz",
    '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--xy',
  );
  await multipart("POST multipart, a body that is not multipart at all", "xyz", "abc");
  await multipart(
    "POST multipart, a quoted ; or = in a part header (a file called a=b;c.zip)",
    "zz",
    '--zz\r\nContent-Disposition: form-data; name="package"; filename="a=b;c.zip"\r\nContent-Type: application/zip\r\n\r\nPK\x03\x04\r\n' +
      '--zz\r\nContent-Disposition: form-data; name="file"; filename="x=1.csv"\r\nContent-Type: text/csv\r\n\r\nemail\r\n--zz--\r\n',
  );
  note(
    "POST octet-stream",
    (
      await client.post(path, {
        headers: { "content-type": "application/octet-stream", origin },
        data: Buffer.alloc(2048, 7),
      })
    ).status(),
  );
  note(
    "POST no content type",
    (await client.post(path, { headers: { origin }, data: Buffer.from("intent=choose") })).status(),
  );
  note("PUT", (await client.fetch(path, { method: "PUT", headers: form, data: "a=1" })).status());
  note("DELETE", (await client.fetch(path, { method: "DELETE", headers: { origin } })).status());
  return replies;
}

/** a raw request, for what a client library would refuse to send; null if the server hung up */
function raw(baseURL: string, lines: string): Promise<number | null> {
  const url = new URL(baseURL);
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(lines);
    });
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]) || null));
    socket.on("error", () => undefined);
    setTimeout(() => socket.destroy(), 5_000);
  });
}

test("a corpus of malformed requests against every route: never a 500, and the server keeps serving", async ({
  baseURL,
}) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL!).origin;
  const org = await makeOrganisation("nhs_trust");
  const user = await makeUser({ isAdmin: true });
  await grant(user.id, org.id, "hr");
  await grant(user.id, org.id, "college_admin");
  await grant(user.id, org.id, "trainee");
  await enrol(user.id, COURSE);
  const cookie = await sessionCookie(user.id);
  const replies: Reply[] = [];
  for (const signedIn of [false, true]) {
    const client = await playwrightRequest.newContext({
      baseURL,
      maxRedirects: 0,
      extraHTTPHeaders: signedIn ? { cookie } : {},
    });
    for (const path of routes(org.id, user.id)) replies.push(...(await corpus(client, path, origin)));
    // a body over the limit, as one piece
    replies.push({
      path: "/sign-in",
      what: "2 MB form",
      status: (
        await client.post("/sign-in", {
          headers: { "content-type": "application/x-www-form-urlencoded", origin },
          data: `email=${"a".repeat(2 * 1024 * 1024)}`,
        })
      ).status(),
    });
    await client.dispose();
  }

  const serverErrors = replies.filter((r) => r.status >= 500);
  expect(serverErrors, JSON.stringify(serverErrors.slice(0, 10), null, 1)).toEqual([]);
  expect(replies.find((r) => r.what === "2 MB form")?.status).toBe(413);

  // what a client library would not send: a broken request line, a header too large, a
  // malformed path, a bad content length
  const huge = `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${"a".repeat(64 * 1024)}\r\n\r\n`;
  // node answers 431, or hangs up while the header is still arriving
  expect([431, null]).toContain(await raw(baseURL!, huge));
  expect(await raw(baseURL!, "GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toBeLessThan(
    500,
  );
  expect(await raw(baseURL!, "BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toBeLessThan(500);
  expect(
    await raw(
      baseURL!,
      "POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
    ),
  ).toBe(400);
  expect(await raw(baseURL!, "GARBAGE\r\n\r\n")).toBe(400);

  // still serving
  const check = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } });
  expect((await check.get("/healthz")).status()).toBe(200);
  expect((await check.get("/dashboard")).status()).toBe(200);
  await check.dispose();
});
