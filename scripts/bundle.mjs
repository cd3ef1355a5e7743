// Bundles the CLI into one launcher file (dist/cli/cli.js: argument parsing) plus one self-contained file
// per command (dist/cli/cmd-<name>.js), loaded lazily. Start-up then reads and compiles two files: code
// splitting into shared chunks made every command load a dozen, which cost more than the duplication saves.
// Uses esbuild; the library (dist/src) stays unbundled.
import { readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/cli", { recursive: true, force: true });

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outdir: "dist/cli",
  // commander is CommonJS: give the bundle a require() for its built-in imports.
  banner: {
    js: "import { createRequire as __gpdRequire } from 'node:module'; const require = __gpdRequire(import.meta.url);",
  },
  minify: true,
  keepNames: true,
  sourcemap: "linked",
  logLevel: "warning",
};

// The launcher's `import("./commands/<name>.js")` becomes an import of the sibling bundle.
const commandsAreSiblings = {
  name: "commands-are-siblings",
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => ({
      path: `./cmd-${args.path.slice("./commands/".length)}`,
      external: true,
    }));
  },
};

await build({ ...common, entryPoints: { cli: "dist/src/cli/main.js" }, plugins: [commandsAreSiblings] });

const commands = readdirSync("dist/src/cli/commands").filter((f) => f.endsWith(".js"));
await build({
  ...common,
  entryPoints: {
    ...Object.fromEntries(commands.map((f) => [`cmd-${f.slice(0, -3)}`, `dist/src/cli/commands/${f}`])),
    // Forked by adapters/zip/workers.ts as ./hash-worker.js next to the code that hashes.
    "hash-worker": "dist/src/adapters/zip/hash-worker.js",
  },
});
