#!/usr/bin/env node
// summarises a .cpuprofile (node --cpu-prof): self time by package or app file, and the
// hottest functions. `node scripts/cpuprofile-top.mjs <file.cpuprofile> [n]`
import { readFileSync } from "node:fs";

const [file, n = "25"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/cpuprofile-top.mjs <file.cpuprofile> [n]");
  process.exit(1);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url) => {
  if (!url) return "(native/idle)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes("/build/")) return "app build";
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "");
};
const groups = new Map();
const fns = new Map();
for (const [id, us] of self) {
  const node = byId.get(id);
  const cf = node.callFrame;
  const g = cf.functionName === "(idle)" || cf.functionName === "(program)" ? cf.functionName : where(cf.url);
  groups.set(g, (groups.get(g) ?? 0) + us);
  const key = `${cf.functionName || "(anonymous)"} ${where(cf.url)}:${cf.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`total ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package:`);
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`  ${pct(us)}  ${g}`);
console.log("\nhottest functions (self):");
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`  ${pct(us)}  ${f}`);
