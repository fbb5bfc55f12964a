import { PDFDocument, rgb, StandardFonts, type PDFFont } from "pdf-lib";
import QRCode from "qrcode";
import type { Certificate } from "~/generated/prisma/client";
import { formatCode } from "./code";
import { ATTESTS, EVIDENCE_INTRO, evidenceRows, isEvidence, legacyText, parseResults } from "./evidence";
import { origin } from "./keys.server";
import { formatDate } from "~/utils/dates";

// the certificate as an a4 landscape pdf: name, course, date, hours, outcomes, code, a qr code
// for the verify url and the url in text; then the evidence (or, for certificates issued
// before it, the per-skill results) on the pages after.

const NHS_BLUE = rgb(0, 0.369, 0.722);
const TEXT = rgb(0.129, 0.169, 0.196);
const GREY = rgb(0.298, 0.384, 0.447);

export function verifyUrl(code: string) {
  return `${origin()}/verify/${formatCode(code)}`;
}

const date = (d: Date) => formatDate(d, "long");

/** wraps text into lines no wider than `width` */
function wrap(
  text: string,
  font: { widthOfTextAtSize(t: string, s: number): number },
  size: number,
  width: number,
) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function certificatePdf(c: Certificate): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Certificate: ${c.courseTitle} - ${c.recipientName}`);
  pdf.setAuthor(c.issuerName);
  pdf.setSubject(`Verification code ${formatCode(c.code)}`);
  const page = pdf.addPage([841.89, 595.28]); // a4 landscape, points
  const { width, height } = page.getSize();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  page.drawRectangle({ x: 0, y: height - 70, width, height: 70, color: NHS_BLUE });
  page.drawText(c.issuerName, { x: 48, y: height - 45, size: 20, font: bold, color: rgb(1, 1, 1) });
  page.drawText("Certificate of completion", { x: 48, y: height - 120, size: 30, font: bold, color: TEXT });
  page.drawText("This certifies that", { x: 48, y: height - 160, size: 14, font: regular, color: GREY });
  page.drawText(c.recipientName, { x: 48, y: height - 192, size: 26, font: bold, color: TEXT });
  if (c.gmcNumber)
    page.drawText(`GMC number ${c.gmcNumber}`, {
      x: 48,
      y: height - 214,
      size: 12,
      font: regular,
      color: GREY,
    });
  page.drawText("has completed", { x: 48, y: height - 244, size: 14, font: regular, color: GREY });
  page.drawText(`${c.courseTitle} (version ${c.courseVersionLabel})`, {
    x: 48,
    y: height - 270,
    size: 18,
    font: bold,
    color: TEXT,
  });
  page.drawText(
    `Completed ${date(c.completedAt)}  ·  ${c.cpdHours} CPD hours${c.expiresAt ? `  ·  valid until ${date(c.expiresAt)}` : ""}`,
    { x: 48, y: height - 294, size: 12, font: regular, color: TEXT },
  );
  for (const [i, line] of wrap(ATTESTS, regular, 8, 470).entries()) {
    page.drawText(line, { x: 48, y: height - 307 - i * 10, size: 8, font: regular, color: GREY });
  }

  let y = height - 336;
  page.drawText("Learning outcomes", { x: 48, y, size: 12, font: bold, color: TEXT });
  y -= 16;
  for (const outcome of JSON.parse(c.outcomes) as string[]) {
    for (const [i, line] of wrap(outcome, regular, 10, 470).entries()) {
      if (y < 70) break;
      page.drawText(`${i === 0 ? "•" : " "}  ${line}`, { x: 52, y, size: 10, font: regular, color: TEXT });
      y -= 13;
    }
  }

  const url = verifyUrl(c.code);
  const qr = await QRCode.toBuffer(url, { type: "png", margin: 1, width: 300, errorCorrectionLevel: "M" });
  const qrImage = await pdf.embedPng(qr);
  page.drawImage(qrImage, { x: width - 218, y: height - 330, width: 170, height: 170 });
  page.drawText("Verify this certificate", {
    x: width - 218,
    y: height - 352,
    size: 11,
    font: bold,
    color: TEXT,
  });
  page.drawText("Verification code", {
    x: width - 218,
    y: height - 380,
    size: 10,
    font: regular,
    color: GREY,
  });
  page.drawText(formatCode(c.code), {
    x: width - 218,
    y: height - 398,
    size: 16,
    font: bold,
    color: NHS_BLUE,
  });
  // the url on one line, small enough to fit beside the page edge
  const urlSize = Math.min(9, 200 / regular.widthOfTextAtSize(url, 1));
  page.drawText(url, { x: width - 218, y: height - 418, size: urlSize, font: regular, color: TEXT });

  page.drawText(
    `Issued ${date(c.issuedAt)} by ${c.issuerName}. Anyone can check this certificate at the address above, without signing in.`,
    {
      x: 48,
      y: 36,
      size: 9,
      font: regular,
      color: GREY,
    },
  );
  drawResults(pdf, c, { regular, bold });
  return pdf.save();
}

type Fonts = { regular: PDFFont; bold: PDFFont };

/** the results as issued, on as many pages as they take */
function drawResults(pdf: PDFDocument, c: Certificate, fonts: Fonts) {
  const results = parseResults(c.results);
  if ((isEvidence(results) ? results.modules : results).length === 0) return;
  const heading = isEvidence(results) ? "Evidence" : "Skills";
  let page = pdf.addPage([841.89, 595.28]);
  const { height } = page.getSize();
  let y = 0;
  const top = (continued: boolean) => {
    page.drawText(`${heading}${continued ? " (continued)" : ""}: ${c.recipientName}, ${c.courseTitle}`, {
      x: 48,
      y: height - 60,
      size: 16,
      font: fonts.bold,
      color: TEXT,
    });
    page.drawText(`Verification code ${formatCode(c.code)}`, {
      x: 48,
      y: height - 80,
      size: 10,
      font: fonts.regular,
      color: GREY,
    });
    y = height - 110;
  };
  top(false);
  const line = (text: string, o: { bold?: boolean; indent?: number; gap?: number } = {}) => {
    const font = o.bold ? fonts.bold : fonts.regular;
    const indent = o.indent ?? 0;
    for (const part of wrap(text, font, 10, 740 - indent)) {
      if (y < 50) {
        page = pdf.addPage([841.89, 595.28]);
        top(true);
      }
      page.drawText(part, { x: 48 + indent, y, size: 10, font, color: TEXT });
      y -= 14;
    }
    y -= o.gap ?? 0;
  };
  if (!isEvidence(results)) {
    for (const r of results) line(legacyText(r));
    return;
  }
  line(EVIDENCE_INTRO, { gap: 8 });
  let module = "";
  for (const row of evidenceRows(results)) {
    if (row.module !== module) {
      if (module) y -= 6;
      module = row.module;
      line(module, { bold: true });
    }
    line(`${row.activity}: ${row.result}`, { indent: 12 });
  }
}
