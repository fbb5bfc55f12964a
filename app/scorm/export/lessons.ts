import type { ActivityDefinition } from "~/activities/types";
import type { CourseDefinition, ModuleDefinition } from "~/courses/types";
import { escapeHtml } from "~/utils/html";

// lesson html (made by the platform's markdown renderer) inside a package. a link to a lesson
// of the same module becomes a link within the player; a link to a lesson of another module
// opens a read-only copy of it, shipped in the package (ref/<module>/<lesson>.html); a link to
// any other page of the platform keeps its words and loses its link, because nothing in a
// package may refer to the platform. images from the platform's public folder are shipped too.

export type LessonRef = { moduleId: string; activityId: string };

export type RewriteContext = {
  definition: CourseDefinition;
  moduleId: string;
  activityId: string;
  /** the activities the player of this sco carries */
  inSco: ReadonlySet<string>;
  /** lessons of other modules linked to: the package builder adds a page for each */
  refs: LessonRef[];
  /** public files the lessons show, by their path on the platform (/images/x.png) */
  media: Set<string>;
  /** a sco's player page (sco/<module>/index.html) or a reference page (ref/<module>/<lesson>.html) */
  from: "sco" | "ref";
};

const NEW_TAB = '<span class="nhsuk-u-visually-hidden"> (opens in a new tab)</span>';

function lessonOf(definition: CourseDefinition, moduleId: string, activityId: string) {
  const m = definition.modules.find((x) => x.id === moduleId);
  return m?.activities.find((a) => a.id === activityId && a.kind === "lesson") ?? null;
}

export function rewriteLessonHtml(html: string, ctx: RewriteContext): string {
  const withLinks = html.replace(
    /<a href="([^"]*)"([^>]*)>([\s\S]*?)<\/a>/g,
    (_whole, href: string, attrs: string, text: string) => {
      const plain = text;
      const decoded = href.replace(/&amp;/g, "&");
      if (/^(https?:|mailto:|tel:)/i.test(decoded)) {
        const external = /^https?:/i.test(decoded);
        return external
          ? `<a href="${href}" target="_blank" rel="noopener noreferrer external">${text}${NEW_TAB}</a>`
          : `<a href="${href}"${attrs}>${text}</a>`;
      }
      if (decoded.startsWith("#")) {
        const frag = decoded.slice(1);
        if (!/^[a-z0-9-]+$/.test(frag)) return plain;
        return ctx.from === "sco"
          ? `<a href="#/a/${ctx.activityId}/s/${frag}">${text}</a>`
          : `<a href="#${frag}">${text}</a>`;
      }
      const m = /^\/courses\/([a-z0-9-]+)\/modules\/([a-z0-9-]+)\/([a-z0-9-]+)(?:#([a-z0-9-]+))?$/.exec(
        decoded,
      );
      if (!m || m[1] !== ctx.definition.id) return plain;
      const [, , moduleId, activityId, frag] = m as unknown as [
        string,
        string,
        string,
        string,
        string | undefined,
      ];
      if (ctx.from === "sco" && moduleId === ctx.moduleId && ctx.inSco.has(activityId)) {
        return `<a href="#/a/${activityId}${frag ? `/s/${frag}` : ""}">${text}</a>`;
      }
      if (!lessonOf(ctx.definition, moduleId, activityId)) return plain;
      ctx.refs.push({ moduleId, activityId });
      const target = `${ctx.from === "sco" ? "../../ref" : ".."}/${moduleId}/${activityId}.html${frag ? `#${frag}` : ""}`;
      return `<a href="${target}" target="_blank" rel="noopener">${text}${NEW_TAB}</a>`;
    },
  );
  return withLinks.replace(/<img class="app-lesson-image" src="([^"]*)"/g, (_whole, src: string) => {
    const decoded = src.replace(/&amp;/g, "&");
    if (!/^\/[A-Za-z0-9._/-]+$/.test(decoded) || decoded.includes(".."))
      return `<img class="app-lesson-image" src=""`;
    ctx.media.add(decoded);
    return `<img class="app-lesson-image" src="../../media${decoded}"`;
  });
}

/** a read-only copy of a lesson, for links from other modules' lessons */
export function refPage(
  definition: CourseDefinition,
  module: ModuleDefinition,
  lesson: ActivityDefinition,
  refs: LessonRef[],
  media: Set<string>,
): string {
  const content = lesson.content as { html: string; summary: string | null };
  const html = rewriteLessonHtml(content.html, {
    definition,
    moduleId: module.id,
    activityId: lesson.id,
    inSco: new Set(),
    refs,
    media,
    from: "ref",
  });
  return `${pageHead(`${lesson.title} - ${definition.title}`, "../../")}<body>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>This page is here for reference. It is a lesson of the module “${escapeHtml(module.title)}”, and reading it here does not count towards completing that module.</p></div>
<span class="nhsuk-caption-l">${escapeHtml(module.title)}</span>
<h1>${escapeHtml(lesson.title)}</h1>
${content.summary ? `<p class="nhsuk-lede-text">${escapeHtml(content.summary)}</p>\n` : ""}<div class="app-lesson">${html}</div>
</div></div>
</main>
</div>
</body>
</html>
`;
}

/** the start of every html page in a package, up to </head>; `root` leads back to the package's top */
export function pageHead(title: string, root: string) {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}player/nhsuk.css">
<link rel="stylesheet" href="${root}player/app.css">
</head>
`;
}
