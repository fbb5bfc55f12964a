import type { PDFFont, PDFPage } from "pdf-lib";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";

// text for pdf-lib's standard fonts, which encode WinAnsi (Windows-1252) only: a character
// outside it makes drawText throw, so a note written with an emoji, "≥" or a name in another
// script would turn a download into a 500. such characters become their nearest Latin form
// (é stays, ő becomes o) or "?".

const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

const encodable = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
};

export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text.replace(/\t/g, " ")) {
    if (encodable(ch)) {
      out += ch;
      continue;
    }
    const plain = ch.normalize("NFKD").replace(/\p{M}/gu, "");
    out += [...plain].every(encodable) && plain.length > 0 ? plain : "?";
  }
  return out;
}

/** an a4 portrait document that text flows down, over as many pages as it needs */
export async function flowingPdf(title: string) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(title));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 56;
  const [w, h] = [595.28, 841.89];
  let page: PDFPage = pdf.addPage([w, h]);
  let y = h - margin;
  const width = w - margin * 2;
  const drawLine = (text: string, size: number, font: PDFFont, gap: number) => {
    if (y < margin + size) {
      page = pdf.addPage([w, h]);
      y = h - margin;
    }
    page.drawText(text, { x: margin, y, size, font, color: rgb(0.13, 0.17, 0.2) });
    y -= size + gap;
  };
  /** one paragraph, wrapped to the page's width; line breaks in the text are kept */
  const text = (value: string, { size = 10, bold: isBold = false, gap = 4 } = {}) => {
    const font = isBold ? bold : regular;
    for (const para of winAnsi(value).split(/\r?\n/)) {
      let current = "";
      for (const word of para.split(/ +/)) {
        const next = current ? `${current} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width && current) {
          drawLine(current, size, font, gap);
          current = word;
        } else current = next;
        // a single word wider than the page is cut where it must be
        while (font.widthOfTextAtSize(current, size) > width) {
          let cut = current.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
          drawLine(current.slice(0, cut), size, font, gap);
          current = current.slice(cut);
        }
      }
      drawLine(current, size, font, gap);
    }
  };
  const space = (points: number) => {
    y -= points;
  };
  return { pdf, text, space, save: () => pdf.save() };
}
