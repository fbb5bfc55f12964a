#!/usr/bin/env node
// copies the nhs.uk frontend stylesheet and images into public/nhsuk (run on install and
// before builds). the stylesheet's @font-face points at assets.nhs.uk: dropped, because the
// service must not fetch from third parties (the font stack falls back to arial, as nhs.uk's
// own fallback does), and image urls are rewritten to where we serve them.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = path.join(root, "public", "nhsuk");
mkdirSync(out, { recursive: true });

let css = readFileSync(path.join(src, "nhsuk-frontend.min.css"), "utf8");
css = css.replace(/@font-face\s*\{[^}]*\}/g, "");
css = css.replace(/url\(\/assets\//g, "url(/nhsuk/assets/");
css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "");
if (/https?:\/\//.test(css.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ""))) {
  console.error("vendor-assets: the nhs.uk stylesheet still references an external url");
  process.exit(1);
}
writeFileSync(path.join(out, "nhsuk-frontend.min.css"), css);
cpSync(path.join(src, "assets"), path.join(out, "assets"), { recursive: true });
