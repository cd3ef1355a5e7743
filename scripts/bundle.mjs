// Bundles the CLI into a few files (one per lazily loaded command) so that start-up reads and compiles
// one file instead of dozens of modules. Uses esbuild; the library (dist/src) stays unbundled.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/cli", { recursive: true, force: true });

await build({
  entryPoints: { cli: "dist/src/cli/main.js", "hash-worker": "dist/src/adapters/zip/hash-worker.js" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  splitting: true,
  outdir: "dist/cli",
  // commander is CommonJS: give the bundle a require() for its built-in imports.
  banner: {
    js: "import { createRequire as __gpdRequire } from 'node:module'; const require = __gpdRequire(import.meta.url);",
  },
  minify: true,
  keepNames: true,
  sourcemap: "linked",
  logLevel: "warning",
});
