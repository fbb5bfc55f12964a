import { describe, expect, it } from "vitest";
import { formatDate, formatDuration, formatNumber, counted } from "./dates";

describe("formatDate", () => {
  it("shows UK time in each style, across the clock change", () => {
    const summer = "2026-07-01T23:30:00Z"; // 00:30 on 2 July in BST
    expect(formatDate(summer, "long")).toBe("2 July 2026");
    expect(formatDate(summer, "medium")).toBe("2 Jul 2026");
    expect(formatDate(new Date(summer), "dateTime")).toBe("2 July 2026 at 00:30");
    expect(formatDate(summer, "dateTimeMedium")).toBe("2 Jul 2026, 00:30");
    expect(formatDate("2026-12-03T09:05:07Z", "precise")).toBe("03/12/2026, 09:05:07");
    expect(formatDate("2026-12-01T00:00:00Z", "monthUtc")).toBe("Dec 2026");
    expect(formatDate(Date.UTC(2026, 11, 3, 14, 5))).toBe("3 December 2026");
  });

  it("formats numbers the UK way, and counts things", () => {
    expect(formatNumber(20000)).toBe("20,000");
    expect([counted(1, "file"), counted(2, "file"), counted(1200, "attempt")]).toEqual([
      "1 file",
      "2 files",
      "1,200 attempts",
    ]);
  });

  it("formats durations for people", () => {
    expect([null, 0, 45, 60, 196.44, 250, 3599, 3600, 7500].map(formatDuration)).toEqual([
      "",
      "0 s",
      "45 s",
      "1 min",
      "3 min 16 s",
      "4 min 10 s",
      "59 min 59 s",
      "1 h 0 min",
      "2 h 5 min",
    ]);
  });
});

describe("fromUkDateTime", () => {
  it("reads winter times as UTC and summer times as BST", async () => {
    const { fromUkDateTime } = await import("./dates");
    expect(fromUkDateTime("2026-12-05", "14:30")?.toISOString()).toBe("2026-12-05T14:30:00.000Z");
    expect(fromUkDateTime("2026-07-01", "14:30")?.toISOString()).toBe("2026-07-01T13:30:00.000Z");
    // the day the clocks go forward, either side of 01:00 UTC
    expect(fromUkDateTime("2026-03-29", "00:30")?.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(fromUkDateTime("2026-03-29", "03:00")?.toISOString()).toBe("2026-03-29T02:00:00.000Z");
  });
  it("refuses dates and times that do not exist", async () => {
    const { fromUkDateTime } = await import("./dates");
    expect(fromUkDateTime("2026-02-30", "10:00")).toBeNull();
    expect(fromUkDateTime("2026-13-01", "10:00")).toBeNull();
    expect(fromUkDateTime("2026-12-05", "24:00")).toBeNull();
    expect(fromUkDateTime("5/12/2026", "10:00")).toBeNull();
    expect(fromUkDateTime("2026-12-05", "")).toBeNull();
  });
});
