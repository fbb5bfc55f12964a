import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger, requestLine } from "./logger.server";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger("info", stream) };
}

it("redacts passwords, tokens and cookies wherever they appear", () => {
  const { lines, log } = capture();
  log.info(
    {
      password: "hunter2-secret",
      body: { password: "x-secret", token: "tok-secret" },
      headers: { cookie: "mt_session=abc" },
    },
    "event",
  );
  log.info({ req: { headers: { cookie: "mt_session=def", authorization: "Bearer ghi" } } }, "event");
  const out = lines.join("");
  for (const secret of [
    "hunter2-secret",
    "x-secret",
    "tok-secret",
    "mt_session=abc",
    "mt_session=def",
    "Bearer ghi",
  ]) {
    expect(out).not.toContain(secret);
  }
  expect(out).toContain("[redacted]");
});

it("logs the request pathname without the query string", () => {
  expect(
    requestLine({ method: "GET", originalUrl: "/invitations/accept?token=secret-token" }, 200, 12.345),
  ).toEqual({
    method: "GET",
    path: "/invitations/accept",
    status: 200,
    ms: 12.3,
  });
});
