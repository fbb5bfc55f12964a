import { describe, expect, it } from "vitest";
import { pdfText } from "../../tests/setup/pdf";
import { flowingPdf, winAnsi } from "./pdf-text";

describe("text for the pdfs' standard fonts", () => {
  it("keeps WinAnsi, takes accents off what it lacks, and puts ? for the rest", () => {
    expect(winAnsi("Café – “quoted” €5 •")).toBe("Café – “quoted” €5 •");
    expect(winAnsi("Őrség Łódź")).toBe("Orség ?ódz");
    expect(winAnsi("🙂 ≥ 中")).toBe("? ? ?");
    expect(winAnsi("a\tb")).toBe("a b");
  });

  it("flows long text over pages, and a word wider than the page is cut, not lost", async () => {
    const doc = await flowingPdf("Test");
    const word = "x".repeat(400);
    doc.text(word);
    for (let i = 0; i < 120; i++) doc.text(`Line ${i} 😀`);
    const bytes = await doc.save();
    const text = pdfText(bytes);
    expect(text.replace(/\n/g, "")).toContain(word);
    expect(text).toContain("Line 119 ?");
    expect(doc.pdf.getPageCount()).toBeGreaterThan(1);
  });
});
