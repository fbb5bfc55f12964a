import { Marked, type Token, type Tokens, type TokenizerAndRendererExtension } from "marked";

// lesson markdown -> html. content files are trusted to be well-meaning, not to be safe: raw
// html is escaped (and reported by the checker), links are limited to http(s), mailto and
// site paths, images to files under public/. call-outs use nhs.uk components:
//
//   :::key-point            :::in-practice          :::important            :::example
//   Text of the call-out.   ...                     ...                     ...
//   :::

export const CALLOUTS = {
  "key-point": "Key point",
  "in-practice": "In practice",
  important: "Important",
  example: "Example",
  reflect: "Reflect",
} as const;
type CalloutKind = keyof typeof CALLOUTS;

export type MarkdownProblem = { offset: number; message: string };

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

function isSafeHref(href: string) {
  if (/^(https?:|mailto:)/i.test(href)) return true;
  return /^(\/(?!\/)|#)/.test(href);
}

const isExternal = (href: string) => /^(https?:|mailto:)/i.test(href);

type CalloutToken = Tokens.Generic & { callout: CalloutKind; tokens: Token[] };

const callout: TokenizerAndRendererExtension = {
  name: "callout",
  level: "block",
  start: (src) => src.match(/^:::/m)?.index,
  tokenizer(src) {
    const match = /^:::([a-z-]+)[ \t]*\n([\s\S]*?)\n:::[ \t]*(?:\n|$)/.exec(src);
    if (!match || !(match[1]! in CALLOUTS)) return undefined;
    const token: CalloutToken = {
      type: "callout",
      raw: match[0],
      callout: match[1] as CalloutKind,
      tokens: this.lexer.blockTokens(match[2]!, []),
    };
    return token;
  },
  renderer(token) {
    const t = token as CalloutToken;
    const body = this.parser.parse(t.tokens);
    const title = CALLOUTS[t.callout];
    switch (t.callout) {
      case "key-point":
        return `<div class="nhsuk-card nhsuk-card--feature app-callout"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading">${title}</h2>${body}</div></div>\n`;
      case "important":
        return `<div class="nhsuk-card nhsuk-card--warning app-callout"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading">${title}</h2>${body}</div></div>\n`;
      case "example":
      case "reflect":
        return `<div class="nhsuk-card app-callout"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading nhsuk-heading-s">${title}</h2>${body}</div></div>\n`;
      case "in-practice":
        return `<div class="nhsuk-inset-text app-callout"><span class="nhsuk-u-visually-hidden">${title}: </span><h2 class="nhsuk-heading-s">${title}</h2>${body}</div>\n`;
    }
  },
};

function createMarked() {
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    extensions: [callout],
    renderer: {
      // headings get ids so lessons can be linked to (and traced from courses/README.md)
      heading({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        return `<h${depth} id="${headingId(tokens.map((t) => t.raw).join(""))}">${text}</h${depth}>\n`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        if (!isSafeHref(href)) return text;
        const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
        const rel = isExternal(href) ? ` rel="noopener noreferrer external"` : "";
        return `<a href="${escapeHtml(href)}"${titleAttr}${rel}>${text}</a>`;
      },
      image({ href, text }) {
        if (!href.startsWith("/") || href.startsWith("//")) return escapeHtml(text);
        return `<img class="app-lesson-image" src="${escapeHtml(href)}" alt="${escapeHtml(text)}" loading="lazy">`;
      },
    },
  });
  return marked;
}

/** the anchor of a heading: lower case, words joined by hyphens ("Why it matters" -> why-it-matters) */
export function headingId(text: string) {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, "")
    .replace(/&[a-z]+;/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const marked = createMarked();

function walk(tokens: Token[], visit: (t: Token) => void) {
  for (const t of tokens) {
    visit(t);
    const nested = (t as { tokens?: Token[] }).tokens;
    if (nested) walk(nested, visit);
    if (t.type === "list") for (const item of (t as Tokens.List).items) walk(item.tokens, visit);
    if (t.type === "table") {
      const table = t as Tokens.Table;
      for (const cell of table.header) walk(cell.tokens, visit);
      for (const row of table.rows) for (const cell of row) walk(cell.tokens, visit);
    }
  }
}

/**
 * renders lesson markdown and lists what an author must fix: raw html, unsafe links, images
 * that are not in public/ or have no alternative text, unknown call-outs, level-1 headings.
 */
export function renderLesson(source: string, imageExists: (publicPath: string) => boolean) {
  const problems: MarkdownProblem[] = [];
  const at = (raw: string) => Math.max(0, source.indexOf(raw));

  source.split("\n").reduce((offset, line) => {
    const m = /^:::([a-z-]+)\s*$/.exec(line);
    if (m && !(m[1]! in CALLOUTS)) {
      problems.push({
        offset,
        message: `unknown call-out ":::${m[1]}" (use one of: ${Object.keys(CALLOUTS).join(", ")})`,
      });
    }
    return offset + line.length + 1;
  }, 0);

  const tokens = marked.lexer(source);
  walk(tokens, (t) => {
    if (t.type === "html") {
      problems.push({
        offset: at(t.raw),
        message: "raw HTML is not allowed in lessons: write it in Markdown",
      });
    } else if (t.type === "heading" && (t as Tokens.Heading).depth === 1) {
      problems.push({
        offset: at(t.raw),
        message: "use ## for headings: the lesson title is the page's only level-1 heading",
      });
    } else if (t.type === "link") {
      const { href } = t as Tokens.Link;
      if (!isSafeHref(href))
        problems.push({
          offset: at(t.raw),
          message: `link "${href}" is not allowed: use https:, mailto: or a path on this site`,
        });
    } else if (t.type === "image") {
      const { href, text } = t as Tokens.Image;
      if (!href.startsWith("/") || href.startsWith("//")) {
        problems.push({
          offset: at(t.raw),
          message: `image "${href}" must be a file in public/, written as /images/name.png`,
        });
      } else if (!imageExists(href)) {
        problems.push({ offset: at(t.raw), message: `image "${href}" does not exist in public/` });
      }
      if (!text.trim())
        problems.push({
          offset: at(t.raw),
          message: `image "${href}" needs alternative text: ![what it shows](${href})`,
        });
    }
  });

  const html = marked.parser(tokens);
  return { html, problems };
}
