// Bundles the CLI into one launcher file (dist/cli/cli.js: argument parsing) plus one self-contained file
// per command (dist/cli/cmd-<name>.js), loaded lazily. Start-up then reads and compiles two files (and the shared
// files below a command needs): code
// splitting into shared chunks made every command load a dozen, which cost more than the duplication saves.
// undici (half a megabyte, most of every command's bundle) is bundled once into dist/cli/undici.js and loaded
// only by code that makes an HTTP request through it, so commands that never do (env, explain, trace without an
// HTTP proxy) do not parse it at start-up.
// The library (src/index.ts) is bundled the same way into dist/lib/index.js (importing dist/cli's shared files), with
// its hash worker beside it; its types are the declarations tsc wrote into dist/src, copied to
// dist/types — only the files index.d.ts reaches, so no type of a bundled library (yauzl) is named there.
// The package then needs no runtime dependency (package.json "files": bin, dist/cli, dist/lib, dist/types).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";
import { build } from "esbuild";

for (const d of ["dist/cli", "dist/lib", "dist/types"]) rmSync(d, { recursive: true, force: true });

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
  // The libraries' notices travel in dist/THIRD-PARTY-LICENSES.txt (below), once, not in every bundle.
  legalComments: "none",
  sourcemap: "linked",
  logLevel: "warning",
  metafile: true,
};

// Every file of a library that went into a bundle, for the licence notices written at the end.
const bundledInputs = new Set();
async function bundle(options) {
  const result = await build(options);
  for (const input of Object.keys(result.metafile.inputs)) bundledInputs.add(input);
  return result;
}

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

// Shared files: a module several command bundles need, bundled once into dist/cli/<name>.js and imported from
// there instead of copied into each — undici, yaml (fix, monitor), yauzl (every command that reads zips), go's
// Unicode tables (two releases' tables, in every command that quotes like go) and the cause taxonomy's prose.
// Each copy cost the packed package 10–35 kB; together they kept it over 1 MB (causes: 974,393 → 944,369 bytes). `dir` is where the importing bundle sits relative to
// dist/cli ("." for the commands, "../cli" for the library).
function sharedFiles(dir) {
  return {
    name: "shared-files",
    setup(b) {
      b.onResolve({ filter: /^(undici|yaml|yauzl)$/ }, (args) => ({
        path: `${dir}/${args.path}.js`,
        external: true,
      }));
      b.onResolve({ filter: /\/gounicode-tables\.js$/ }, () => ({
        path: `${dir}/gounicode-tables.js`,
        external: true,
      }));
      // The cause taxonomy's prose (core/causes.js, not render/causes.js), which nearly every command carries.
      b.onResolve({ filter: /\/causes\.js$/ }, (args) =>
        resolve(args.resolveDir, args.path) === resolve("dist/src/core/causes.js")
          ? { path: `${dir}/causes.js`, external: true }
          : undefined,
      );
    },
  };
}
const sharedSiblings = sharedFiles(".");

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
// yaml is CommonJS: the shared file names the exports the code imports, so that they are ES exports.
writeFileSync(
  "dist/cli-entry/yaml.js",
  'export { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";\n',
);
// yauzl is CommonJS too, imported for its default export.
writeFileSync("dist/cli-entry/yauzl.js", 'import yauzl from "yauzl";\nexport default yauzl;\n');
await bundle({ ...common, entryPoints: { undici: "dist/cli-entry/undici.js" } });
await bundle({
  ...common,
  // Nothing reads these functions' names (parsers and data), so the name-keeping wrappers are left out: they
  // cost the packed package about 4 kB. undici keeps them (its classes are looked for by name).
  keepNames: false,
  entryPoints: {
    yaml: "dist/cli-entry/yaml.js",
    yauzl: "dist/cli-entry/yauzl.js",
    "gounicode-tables": "dist/src/core/gounicode-tables.js",
    causes: "dist/src/core/causes.js",
  },
});

await bundle({
  ...common,
  entryPoints: { cli: "dist/src/cli/main.js" },
  plugins: [commandsAreSiblings, sharedSiblings],
});

const commands = readdirSync("dist/src/cli/commands").filter((f) => f.endsWith(".js"));
await bundle({
  ...common,
  entryPoints: {
    ...Object.fromEntries(commands.map((f) => [`cmd-${f.slice(0, -3)}`, `dist/src/cli/commands/${f}`])),
    // Forked by adapters/zip/workers.ts as ./hash-worker.js next to the code that hashes.
    "hash-worker": "dist/src/adapters/zip/hash-worker.js",
  },
  plugins: [sharedSiblings],
});

// The library: one ES module; it imports the command bundles' shared files (a second copy of undici alone would
// put the tarball over 1 MB).
await bundle({
  ...common,
  outdir: "dist/lib",
  sourcemap: false,
  entryPoints: { index: "dist/src/index.js", "hash-worker": "dist/src/adapters/zip/hash-worker.js" },
  plugins: [sharedFiles("../cli")],
});

// The library's types: index.d.ts and every declaration file it reaches through relative imports.
const queue = ["index.d.ts"];
const reached = new Set();
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  const text = readFileSync(join("dist/src", file), "utf8");
  for (const m of text.matchAll(/(?:from |import\()"(\.{1,2}\/[^"]+)\.js"/g))
    queue.push(normalize(join(dirname(file), `${m[1]}.d.ts`)));
}
for (const file of reached) {
  mkdirSync(dirname(join("dist/types", file)), { recursive: true });
  copyFileSync(join("dist/src", file), join("dist/types", file));
}

// The licences of the libraries inside the bundles (MIT, ISC, BSD and Apache-2.0 all ask for their notice to
// travel with copies): one file, dist/THIRD-PARTY-LICENSES.txt, shipped in the package.
const packages = new Map();
for (const input of bundledInputs) {
  const m = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  if (m !== null) packages.set(m[1], true);
}
const notices = [];
for (const dir of [...packages.keys()].sort()) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const text =
    file === undefined
      ? `(no licence file; package.json says ${pkg.license})`
      : readFileSync(join(dir, file), "utf8");
  notices.push(`${pkg.name} ${pkg.version} — ${pkg.license}\n\n${text.trim()}\n`);
}
writeFileSync(
  "dist/THIRD-PARTY-LICENSES.txt",
  `goproxy-doctor's bundles (dist/cli, dist/lib) contain these libraries.\n\n${notices.join(`\n${"=".repeat(78)}\n\n`)}`,
);
