import path from "node:path";
import { build } from "esbuild";
import { projectRoot } from "./paths.server";

// the exported package's player, bundled for the browser from the platform's own modules
// (./player/main.tsx: the lesson, quiz and role-play views, the quiz machine and grading, the
// compiled role-play machines). built when a package is made, so a package always carries the
// code the platform runs; esbuild is pinned (package.json), so the same source gives the same
// bytes and an unchanged module re-exports to a byte-identical zip.


let cached: Promise<string> | undefined;

export function playerBundle(): Promise<string> {
  cached ??= bundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function bundle(): Promise<string> {
  const root = projectRoot();
  const appDir = path.join(root, "app");
  const result = await build({
    entryPoints: [path.join(appDir, "scorm", "export", "player", "main.tsx")],
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    alias: {
      "~": appDir,
      "@remix-run/react": path.join(appDir, "scorm", "export", "player", "remix-shim.tsx"),
    },
    // the player must never reach the server's modules: a node built-in in the bundle is an error
    external: [],
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("the player bundle produced no output");
  return file.text;
}
