import { describe, expect, it } from "vitest";
import { duration2004, timespan12 } from "./lms";

describe("session time as each scorm version writes it", () => {
  it("1.2: CMITimespan HHHH:MM:SS.SS", () => {
    expect(timespan12(0)).toBe("0000:00:00.00");
    expect(timespan12(3_723_456)).toBe("0001:02:03.46");
    expect(timespan12(99_999 * 3_600_000)).toBe("9999:00:00.00");
  });
  it("2004: an ISO 8601 duration with at most two decimal places", () => {
    expect(duration2004(0)).toBe("PT0H0M0S");
    expect(duration2004(3_723_456)).toBe("PT1H2M3.46S");
    expect(duration2004(61_500)).toBe("PT0H1M1.5S");
    for (let ms = 0; ms < 100_000; ms += 137)
      expect(duration2004(ms)).toMatch(/^PT\d+H\d+M\d+(\.\d{1,2})?S$/);
  });
});
