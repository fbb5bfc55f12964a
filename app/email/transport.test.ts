import { describe, expect, it } from "vitest";
import { toEml } from "./transport.server";

describe("an email as a file", () => {
  it("is plain text when it carries nothing, and multipart with each attachment in base64 when it does", () => {
    const plain = toEml({ to: "a@b.test", subject: "Hi", text: "Body" }, "from@x.test");
    expect(plain).toContain("Content-Type: text/plain; charset=utf-8\r\n\r\nBody");
    expect(plain).not.toContain("multipart");
    const ics = "BEGIN:VCALENDAR\r\n" + "X".repeat(200) + "\r\nEND:VCALENDAR\r\n";
    const eml = toEml(
      {
        to: "a@b.test",
        subject: "Meeting",
        text: "See the invitation",
        attachments: [{ filename: "meeting one.ics", contentType: "text/calendar", content: ics }],
      },
      "from@x.test",
    );
    const boundary = /boundary="([^"]+)"/.exec(eml)![1]!;
    expect(eml).toContain(
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the invitation`,
    );
    expect(eml).toContain('Content-Disposition: attachment; filename="meeting_one.ics"');
    expect(eml.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
    const body = eml.split("Content-Transfer-Encoding: base64\r\n\r\n")[1]!.split(`\r\n--${boundary}`)[0]!;
    for (const line of body.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(Buffer.from(body.replace(/\r\n/g, ""), "base64").toString()).toBe(ics);
  });

  it("encodes a subject that is not ascii", () => {
    const eml = toEml({ to: "a@b.test", subject: "Meeting with Dr Łukasz", text: "x" }, "f@x.test");
    const encoded = /^Subject: =\?UTF-8\?B\?([^?]+)\?=$/m.exec(eml)![1]!;
    expect(Buffer.from(encoded, "base64").toString()).toBe("Meeting with Dr Łukasz");
  });
});
