import { inflateSync } from "node:zlib";

/** a pdf-lib pdf's text: inflate every content stream, then decode its hex-string Tj operators */
export function pdfText(bytes: Uint8Array) {
  const raw = Buffer.from(bytes);
  const streams: string[] = [];
  for (let at = raw.indexOf("stream"); at !== -1; at = raw.indexOf("stream", at + 6)) {
    if (raw.subarray(at - 3, at).toString() === "end") continue;
    const start = at + (raw[at + 6] === 0x0d ? 8 : 7);
    const end = raw.indexOf("endstream", start);
    try {
      streams.push(inflateSync(raw.subarray(start, end)).toString("latin1"));
    } catch {
      streams.push(raw.subarray(start, end).toString("latin1"));
    }
  }
  return streams
    .flatMap((s) => [...s.matchAll(/<([0-9A-Fa-f]+)> Tj/g)])
    .map((m) => Buffer.from(m[1]!, "hex").toString("latin1"))
    .join("\n");
}
