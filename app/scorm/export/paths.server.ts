import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// where the export's own files are: the player's source (bundled when a package is made), the
// schema files, the styles. the server runs from a bundle (build/index.js), so its own location
// says little: the project folder is found from here upwards, then from the working directory.

let found: string | undefined;

export function projectRoot(): string {
  if (found) return found;
  const marker = (dir: string) => existsSync(path.join(dir, "app", "scorm", "export", "xsd"));
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      if (marker(dir)) return (found = dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error("the project folder (with app/scorm/export) was not found: run the server from it");
}
