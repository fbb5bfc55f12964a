import { describe, expect, it } from "vitest";
import { renderLesson } from "./markdown.server";

const noImages = () => false;

describe("renderLesson", () => {
  it("renders headings, lists and emphasis", () => {
    const { html, problems } = renderLesson("## Why it matters\n\n- one\n- **two**\n", noImages);
    expect(problems).toEqual([]);
    expect(html).toContain('<h2 id="why-it-matters">Why it matters</h2>');
    expect(html).toContain("<li><strong>two</strong></li>");
  });

  it("escapes raw html and script, and reports it", () => {
    const source = 'Hello\n\n<script>alert("x")</script>\n\nInline <img src=x onerror=alert(1)> too';
    const { html, problems } = renderLesson(source, noImages);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
    expect(problems.map((p) => p.message)).toContain(
      "raw HTML is not allowed in lessons: write it in Markdown",
    );
  });

  it("keeps javascript: links as plain text and gives external links rel attributes", () => {
    const { html, problems } = renderLesson(
      "[bad](javascript:alert(1)) and [BMA](https://www.bma.org.uk/) and [home](/courses)",
      noImages,
    );
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="https://www.bma.org.uk/" rel="noopener noreferrer external">BMA</a>');
    expect(html).toContain('<a href="/courses">home</a>');
    expect(problems).toHaveLength(1);
  });

  it("renders call-outs as nhs.uk components", () => {
    const { html, problems } = renderLesson(
      ":::key-point\nMentoring is **not** supervision.\n:::\n\n:::in-practice\nAsk open questions.\n:::",
      noImages,
    );
    expect(problems).toEqual([]);
    expect(html).toContain('class="nhsuk-card nhsuk-card--feature app-callout"');
    expect(html).toContain('<h2 class="nhsuk-card__heading">Key point</h2>');
    expect(html).toContain("<strong>not</strong>");
    expect(html).toContain('class="nhsuk-inset-text app-callout"');
  });

  it("reports unknown call-outs, level-1 headings, missing images and missing alt text", () => {
    const { problems } = renderLesson("# Title\n\n:::tip\nx\n:::\n\n![](/images/missing.png)\n", noImages);
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown call-out ":::tip"/),
        expect.stringMatching(/use ## for headings/),
        'image "/images/missing.png" does not exist in public/',
        expect.stringMatching(/needs alternative text/),
      ]),
    );
  });

  it("serves images from public/ only", () => {
    const { html, problems } = renderLesson(
      "![A mentor and mentee talking](/images/meeting.svg)",
      (p) => p === "/images/meeting.svg",
    );
    expect(problems).toEqual([]);
    expect(html).toContain(
      '<img class="app-lesson-image" src="/images/meeting.svg" alt="A mentor and mentee talking" loading="lazy">',
    );
  });
});
