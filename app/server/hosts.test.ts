import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getEnv } from "~/env.server";
import { createServerApp } from "./app.server";

// the same machine under another loopback name (127.0.0.1 when APP_URL is localhost): pages are
// sent to APP_URL's name, where the cookies, the forms' origin check and the e-learning
// player's frame rules hold

let server: http.Server;
let port: number;

beforeAll(async () => {
  // the redirect and static files answer before remix: no build is needed to reach them
  server = createServerApp({ routes: {} } as unknown as ServerBuild, path.resolve("public")).listen(
    0,
    "127.0.0.1",
  );
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

function get(pathname: string, host: string, method = "GET") {
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: pathname, method, headers: { host } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

it("a page opened at another loopback name of APP_URL goes to APP_URL's, path and query kept", async () => {
  const app = new URL(getEnv().APP_URL);
  expect(app.hostname).toBe("localhost");
  const at = `127.0.0.1:${app.port}`;
  expect(await get("/courses/demo?x=1", at)).toEqual({
    status: 302,
    location: `${app.origin}/courses/demo?x=1`,
  });
  expect((await get("/robots.txt", `[::1]:${app.port}`)).location).toBe(`${app.origin}/robots.txt`);
  // the right name is served; another port or a real name is not this app's alias
  expect((await get("/robots.txt", app.host)).status).toBe(200);
  expect((await get("/robots.txt", "127.0.0.1:1")).status).toBe(200);
  expect((await get("/robots.txt", "mentor.example.org")).status).toBe(200);
  // a form post is never redirected (the origin check answers it)
  expect((await get("/sign-in", at, "POST")).status).toBe(403);
});
