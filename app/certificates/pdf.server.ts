import { PDFDocument, rgb, StandardFonts, type PDFFont } from "pdf-lib";
import QRCode from "qrcode";
import type { Certificate } from "~/generated/prisma/client";
import { formatCode } from "./code";
import {
  ATTESTS,
  EVIDENCE_INTRO,
  evidenceRows,
  isEvidence,
  legacyText,
  parseResults,
  skillSummary,
} from "./evidence";
import { origin } from "./keys.server";
import { formatDate } from "~/utils/dates";

// the certificate as an a4 landscape pdf. the first page: name, course, date, hours, outcomes;
// a qr code for the verify url, the code and the url in text, and who signed for the issuer;
// across the bottom, the results by skill. then the evidence (or, for certificates issued
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

const PALE = rgb(0.941, 0.957, 0.961);

/** the front page's boxes: one per skill, from the evidence or from an old certificate's results */
function skillBoxes(c: Certificate): { label: string; lines: string[] }[] {
  const results = parseResults(c.results);
  if (!isEvidence(results))
    return results.map((r) => ({
      label: r.label,
      lines: [r.percent === null ? "Completed" : `${r.percent}%`, ...(r.detail ? [r.detail] : [])],
    }));
  return skillSummary(results).map((s) => ({
    label: s.label,
    lines: [
      ...(s.roleplays ? [`Role-plays: ${s.roleplays.score} of ${s.roleplays.max}`] : []),
      ...(s.quiz ? [s.quiz] : []),
    ],
  }));
}

/** "Dr Jane Smith, Associate Dean" -> name and role */
function signatory(c: Certificate) {
  if (!c.issuerSignatory) return null;
  const comma = c.issuerSignatory.indexOf(",");
  return comma < 0
    ? { name: c.issuerSignatory, role: null }
    : { name: c.issuerSignatory.slice(0, comma).trim(), role: c.issuerSignatory.slice(comma + 1).trim() };
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
  // positions are measured down from the top edge
  const text = (
    t: string,
    top: number,
    o: { x?: number; size: number; font?: PDFFont; color?: typeof TEXT },
  ) =>
    page.drawText(t, {
      x: o.x ?? 48,
      y: height - top,
      size: o.size,
      font: o.font ?? regular,
      color: o.color ?? TEXT,
    });

  page.drawRectangle({ x: 0, y: height - 70, width, height: 70, color: NHS_BLUE });
  text(c.issuerName, 45, { size: 20, font: bold, color: rgb(1, 1, 1) });

  // left: who, what, when, and the outcomes
  text("Certificate of completion", 112, { size: 28, font: bold });
  text("This certifies that", 144, { size: 13, color: GREY });
  text(c.recipientName, 172, { size: 24, font: bold });
  if (c.gmcNumber) text(`GMC number ${c.gmcNumber}`, 192, { size: 11, color: GREY });
  text("has completed", 218, { size: 13, color: GREY });
  let top = 240;
  for (const line of wrap(`${c.courseTitle} (version ${c.courseVersionLabel})`, bold, 17, 520)) {
    text(line, top, { size: 17, font: bold });
    top += 20;
  }
  text(
    `Completed ${date(c.completedAt)}  ·  ${c.cpdHours} CPD hours${c.expiresAt ? `  ·  valid until ${date(c.expiresAt)}` : ""}`,
    top + 2,
    { size: 11 },
  );
  top += 16;
  for (const line of wrap(ATTESTS, regular, 8, 520)) {
    text(line, top, { size: 8, color: GREY });
    top += 10;
  }

  // the outcomes fill what is left above the skills; a long list gets smaller type, then is cut
  // short with a pointer to the verify page, which always has them all
  const outcomes = JSON.parse(c.outcomes) as string[];
  top += 14;
  text("Learning outcomes", top, { size: 11, font: bold });
  top += 15;
  const limit = 408;
  const fit = (size: number) =>
    outcomes.flatMap((o) => wrap(o, regular, size, 515).map((l, i) => ({ l, first: i === 0 })));
  let size = 9.5;
  let lines = fit(size);
  if (top + lines.length * 12 > limit) lines = fit((size = 8.5));
  const step = size + 2.5;
  const room = Math.floor((limit - top) / step);
  const shown = lines.length > room ? lines.slice(0, room - 1) : lines;
  for (const { l, first } of shown) {
    text(`${first ? "•" : " "}  ${l}`, top, { x: 52, size });
    top += step;
  }
  if (shown.length < lines.length)
    text("More outcomes are listed on the verify page.", top, { x: 52, size, color: GREY });

  // right: the qr code, the code and address, and who signed
  const right = width - 230;
  const url = verifyUrl(c.code);
  const qr = await QRCode.toBuffer(url, { type: "png", margin: 1, width: 300, errorCorrectionLevel: "M" });
  page.drawImage(await pdf.embedPng(qr), { x: right, y: height - 232, width: 132, height: 132 });
  text("Verify this certificate", 250, { x: right, size: 11, font: bold });
  text("Verification code", 268, { x: right, size: 9.5, color: GREY });
  text(formatCode(c.code), 286, { x: right, size: 15, font: bold, color: NHS_BLUE });
  // the url on one line, small enough to fit beside the page edge
  const urlSize = Math.min(8.5, 182 / regular.widthOfTextAtSize(url, 1));
  text(url, 302, { x: right, size: urlSize });

  page.drawRectangle({ x: right, y: height - 400, width: 4, height: 76, color: NHS_BLUE });
  const signed = signatory(c);
  text(
    !signed
      ? "Issued and signed by"
      : `Signed for ${c.issuerName}`.length > 40
        ? "Signed for the issuer"
        : `Signed for ${c.issuerName}`,
    338,
    {
      x: right + 12,
      size: 9.5,
      color: GREY,
    },
  );
  let sigTop = 354;
  for (const line of signed
    ? [
        { t: signed.name, font: bold, size: 11 },
        ...(signed.role
          ? wrap(signed.role, regular, 9, 170).map((t) => ({ t, font: regular, size: 9 }))
          : []),
      ]
    : [{ t: c.issuerName, font: bold, size: 11 }]) {
    text(line.t, sigTop, { x: right + 12, size: line.size, font: line.font });
    sigTop += line.size + 3;
  }
  for (const line of wrap(
    "Also issued as a digitally signed credential (Open Badges 3.0).",
    regular,
    8,
    170,
  )) {
    text(line, sigTop + 2, { x: right + 12, size: 8, color: GREY });
    sigTop += 10;
  }

  // across the bottom: one box per skill
  const boxes = skillBoxes(c);
  if (boxes.length) {
    text("Results by skill", 432, { size: 11, font: bold });
    const gap = 8;
    const w = (width - 96 - gap * (boxes.length - 1)) / boxes.length;
    boxes.forEach((b, i) => {
      const x = 48 + i * (w + gap);
      page.drawRectangle({ x, y: height - 512, width: w, height: 68, color: PALE });
      page.drawRectangle({ x, y: height - 447, width: w, height: 3, color: NHS_BLUE });
      let t = 462;
      for (const line of wrap(b.label, bold, 10, w - 14)) {
        text(line, t, { x: x + 7, size: 10, font: bold });
        t += 12;
      }
      t += 2;
      for (const line of b.lines.flatMap((l) => wrap(l, regular, 8.5, w - 14))) {
        if (t > 508) break;
        text(line, t, { x: x + 7, size: 8.5 });
        t += 10.5;
      }
    });
    text(
      isEvidence(parseResults(c.results))
        ? "Role-play scores are summed over every conversation that scored the skill. The evidence for each role-play and quiz is on the next page and the verify page."
        : "The results as recorded when this certificate was issued; they are also on the verify page.",
      528,
      { size: 8, color: GREY },
    );
  }

  text(
    `Issued ${date(c.issuedAt)} by ${c.issuerName}. Anyone can check this certificate at the address above, without signing in.`,
    562,
    { size: 9, color: GREY },
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
