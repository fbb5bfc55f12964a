import { describe, expect, it } from "vitest";
import { unreadableUpload } from "./http.server";

// what the multipart parser throws on a body cut short or not multipart at all is the
// request's fault (400), unlike a disk that cannot take the file (null: a 503 elsewhere)
describe("unreadableUpload", () => {
  it("answers a body the parser could not read with advice, not a server error", () => {
    for (const message of [
      "malformed multipart-form data: unexpected end of stream",
      "Could not parse content as FormData.",
    ]) {
      expect(unreadableUpload(new TypeError(message))).toMatch(
        /^The upload could not be read: it was incomplete/,
      );
    }
    expect(unreadableUpload(new Error('malformed content-disposition header: a="b;c"'))).toMatch(
      /rename the file/,
    );
  });

  it("leaves a storage failure to the storage handling", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    expect(unreadableUpload(full)).toBeNull();
  });
});
