import { describe, expect, it } from "vitest";
import { fold, icsText, meetingInvitation } from "./ics";

describe("calendar invitations (RFC 5545)", () => {
  it("escapes text and folds long lines at 75 octets without splitting a character", () => {
    expect(icsText("a, b; c\\d\nnext")).toBe("a\\, b\\; c\\\\d\\nnext");
    const long = `SUMMARY:${"é".repeat(60)}`;
    const folded = fold(long).split("\r\n");
    expect(folded.length).toBeGreaterThan(1);
    for (const line of folded) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(long);
  });

  it("describes one event in UTC with its length, and ends each line with CRLF", () => {
    const ics = meetingInvitation({
      uid: "m1@mentor.test",
      start: new Date("2027-01-15T09:00:00Z"),
      minutes: 60,
      summary: "Mentoring meeting: Dr A and Dr B",
      description: "Notes at https://mentor.test/x",
      location: "Video call",
      now: new Date("2027-01-01T00:00:00Z"),
    });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics).toContain("DTSTART:20270115T090000Z\r\n");
    expect(ics).toContain("DTSTAMP:20270101T000000Z\r\n");
    expect(ics).toContain("DURATION:PT60M\r\n");
    expect(ics).toContain("CLASS:PRIVATE\r\n");
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});
