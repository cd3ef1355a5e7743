// Writes schemas/<name>.v1.json, the JSON Schemas of every versioned document, from the one source of truth:
// - a `--json` document's schema comes from its builder's return type (src/documents.ts): tsc has written that
//   type out in the builder's declaration file (dist/src/**.d.ts); this script names it in a generated file and
//   ts-json-schema-generator turns it into a schema, so fields added to a builder appear in its schema;
// - monitor.yaml's schema is MONITOR_CONFIG_SCHEMA itself (src/features/monitor/config.ts), whose TypeScript
//   type is derived from it (json-schema-to-ts).
// Run by `npm run build` after tsc. Schemas are JSON Schema draft-07 (what the generator writes; ajv reads it).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { createGenerator } from "ts-json-schema-generator";
import ts from "typescript";

/** [schema name, declaration file under dist/src, builder, title]. */
const DOCUMENTS = [
  ["check", "render/check.d.ts", "checkDocument", "goproxy-doctor check --json"],
  ["env", "render/json.d.ts", "envDocument", "goproxy-doctor env --json"],
  ["explain", "render/json.d.ts", "explainDocument", "goproxy-doctor explain --json"],
  ["verify", "render/verify.d.ts", "verifyDocument", "goproxy-doctor verify --json"],
  ["note", "render/verify.d.ts", "noteDocument", "goproxy-doctor verify --note FILE --json"],
  ["hash", "render/hash.d.ts", "hashDocument", "goproxy-doctor hash --json"],
  ["why", "render/why.d.ts", "whyDocument", "goproxy-doctor why --json"],
  ["fix", "render/fix.d.ts", "fixDocument", "goproxy-doctor fix --json"],
  ["trace", "core/trace/document.d.ts", "traceDocument", "goproxy-doctor trace --json"],
  ["mirrors", "render/mirrors.d.ts", "mirrorsDocument", "goproxy-doctor mirrors --json"],
  ["monitor-alert", "render/monitor.d.ts", "alertDocument", "goproxy-doctor monitor: the webhook body"],
];

const SRC = "dist/src";
const GENERATED = join(SRC, "schema-types.d.ts");

/** The return type's text of `fn` in a declaration file, its import("…") paths made relative to GENERATED. */
function returnTypeText(file, fn) {
  const path = join(SRC, file);
  const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  let text = null;
  let imports = [];
  sf.forEachChild((n) => {
    if (ts.isFunctionDeclaration(n) && n.name?.text === fn && n.type) text = n.type.getText(sf);
    if (ts.isImportDeclaration(n)) imports.push(n);
  });
  if (text === null) throw new Error(`${fn}: no declared return type in ${path}`);
  const rebase = (spec) => {
    const r = relative(dirname(GENERATED), join(dirname(path), spec));
    return r.startsWith(".") ? r : `./${r}`;
  };
  // Type-only names the return type takes from the file's imports, re-imported from GENERATED's place.
  imports = imports.map((d) => {
    const spec = d.moduleSpecifier.text;
    return d.getText(sf).replace(spec, spec.startsWith(".") ? rebase(spec) : spec);
  });
  return { text: text.replace(/import\("(\.[^"]+)"\)/g, (_, s) => `import("${rebase(s)}")`), imports };
}

const typeName = (name) => `${name.replace(/(^|-)([a-z])/g, (_, _d, c) => c.toUpperCase())}Document`;

// Every type name the generated file uses, with the module it comes from; a name two modules export is
// imported under an alias. The generator reads no `import("…").Name` types, so those become imports too.
const bindings = new Map(); // local name → `Name from "spec"`
function bind(name, spec) {
  const key = `${name} from "${spec}"`;
  for (const [local, k] of bindings) if (k === key) return local;
  let local = name;
  for (let i = 2; bindings.has(local); i++) local = `${name}_${i}`;
  bindings.set(local, key);
  return local;
}

const aliases = [];
for (const [name, file, fn] of DOCUMENTS) {
  let { text, imports } = returnTypeText(file, fn);
  text = text.replace(/import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g, (_, spec, n) => bind(n, spec));
  for (const i of imports) {
    const m = i.match(/^import (?:type )?\{([^}]*)\} from "([^"]+)";$/s);
    if (m === null) throw new Error(`unexpected import in ${file}: ${i}`);
    for (const n of m[1]
      .split(",")
      .map((x) => x.trim().replace(/^type /, ""))
      .filter(Boolean)) {
      const local = bind(n, m[2]);
      if (local !== n) text = text.replace(new RegExp(`\\b${n}\\b`, "g"), local);
    }
  }
  aliases.push(`export type ${typeName(name)} = ${text};`);
}
const importLines = [...bindings].map(([local, key]) => {
  const [, n, spec] = key.match(/^(\S+) from "(.+)"$/);
  return `import type { ${n === local ? n : `${n} as ${local}`} } from "${spec}";`;
});
writeFileSync(GENERATED, `${[...importLines, ...aliases].join("\n")}\n`);

const generator = createGenerator({
  path: GENERATED,
  tsconfig: "tsconfig.json",
  skipTypeCheck: true,
  expose: "none",
  topRef: false,
  additionalProperties: false,
  jsDoc: "none",
});

rmSync("schemas", { recursive: true, force: true });
mkdirSync("schemas");
/**
 * Enum members in a fixed order: TypeScript orders a union's members by when each type was first created, which
 * moves when unrelated code changes, and the committed schemas must be what any build writes.
 */
const sortEnums = (v) => {
  if (Array.isArray(v)) return v.map(sortEnums);
  if (v === null || typeof v !== "object") return v;
  const out = {};
  for (const [k, x] of Object.entries(v))
    out[k] =
      k === "enum" && Array.isArray(x)
        ? [...x].sort((a, b) => String(a).localeCompare(String(b)))
        : sortEnums(x);
  return out;
};
const write = (name, schema) =>
  writeFileSync(join("schemas", `${name}.v1.json`), `${JSON.stringify(sortEnums(schema), null, 2)}\n`);

for (const [name, , , title] of DOCUMENTS) {
  const s = generator.createSchema(typeName(name));
  write(name, {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `goproxy-doctor/schemas/${name}.v1.json`,
    title,
    ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "$schema")),
  });
}

const { MONITOR_CONFIG_SCHEMA } = await import(`../${SRC}/features/monitor/config.js`);
write("monitor", {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "goproxy-doctor/schemas/monitor.v1.json",
  title: "goproxy-doctor monitor --config monitor.yaml",
  ...MONITOR_CONFIG_SCHEMA,
});
