// Bundles the CLI into one launcher file (dist/cli/cli.js: argument parsing) plus one self-contained file
// per command (dist/cli/cmd-<name>.js), loaded lazily. Start-up then reads and compiles two files: code
// splitting into shared chunks made every command load a dozen, which cost more than the duplication saves.
// undici (half a megabyte, most of every command's bundle) is bundled once into dist/cli/undici.js and loaded
// only by code that makes an HTTP request through it, so commands that never do (env, explain, trace without an
// HTTP proxy) do not parse it at start-up.
// Uses esbuild; the library (dist/src) stays unbundled.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

// Every `import ... from "undici"` becomes an import of the sibling dist/cli/undici.js.
const undiciIsShared = {
  name: "undici-is-shared",
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: "./undici.js", external: true }));
  },
};

// The shared file holds only the dispatchers the code uses (Agent, ProxyAgent) with the request API that
// undici's index gives every dispatcher: its index also loads fetch, WebSocket, caches and mocks, which doubled
// the time to load it (50 → 25 ms). A renamed internal path fails this build, not a user's request.
mkdirSync("dist/cli-entry", { recursive: true });
writeFileSync(
  "dist/cli-entry/undici.js",
  [
    'import Dispatcher from "undici/lib/dispatcher/dispatcher.js";',
    'import api from "undici/lib/api/index.js";',
    'import Agent from "undici/lib/dispatcher/agent.js";',
    'import ProxyAgent from "undici/lib/dispatcher/proxy-agent.js";',
    "Object.assign(Dispatcher.prototype, api);",
    "export { Agent, ProxyAgent };",
    "export default { Agent, ProxyAgent };",
    "",
  ].join("\n"),
);
await build({ ...common, entryPoints: { undici: "dist/cli-entry/undici.js" } });

await build({
  ...common,
  entryPoints: { cli: "dist/src/cli/main.js" },
  plugins: [commandsAreSiblings, undiciIsShared],
});

const commands = readdirSync("dist/src/cli/commands").filter((f) => f.endsWith(".js"));
await build({
  ...common,
  entryPoints: {
    ...Object.fromEntries(commands.map((f) => [`cmd-${f.slice(0, -3)}`, `dist/src/cli/commands/${f}`])),
    // Forked by adapters/zip/workers.ts as ./hash-worker.js next to the code that hashes.
    "hash-worker": "dist/src/adapters/zip/hash-worker.js",
  },
  plugins: [undiciIsShared],
});
