// Prints the structure numbers of src/ that docs/ARCHITECTURE.md holds the code to:
//   - import circles between modules (strongly connected components of the relative-import graph);
//   - imports that break the layers (features → render, core → anything outside core, adapters → features/render/cli);
//   - hand-written functions longer than 120 lines (generated tables left out);
//   - code outside core/goerror that decides by matching the text of an error (`.message.includes(…)`,
//     `goError.startsWith(…)`, `/…/.test(stderr)`): go's wording changes between releases, so only the module whose
//     job is reading go's words (core/goerror, used by `why`) may do it.
// Usage: node scripts/structure.mjs [--json]. Exit status 0 always: it measures, it does not judge.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SRC = join(ROOT, "src");
const GENERATED = [/gounicode-tables\.ts$/];
const LONG = 120;
const TEXT_NAMES = /^(message|error|err|goError|stderr|msg|reason)$/;

function files(dir) {
  const out = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (n.endsWith(".ts") && !n.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const layerOf = (rel) => rel.split("/")[0];

function importsOf(sf, from) {
  const out = [];
  for (const st of sf.statements) {
    const spec =
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier
        ? st.moduleSpecifier.text
        : null;
    if (spec === null || !spec.startsWith(".")) continue;
    const typeOnly =
      (ts.isImportDeclaration(st) && st.importClause?.isTypeOnly) ||
      (ts.isExportDeclaration(st) && st.isTypeOnly);
    out.push({ to: resolve(dirname(from), spec.replace(/\.js$/, ".ts")), typeOnly: Boolean(typeOnly) });
  }
  return out;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return "(anonymous)";
}

/** The last name of an expression: `a.b.message` → "message", `errorText(e)` → "errorText". */
function lastName(expr) {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isCallExpression(expr)) return lastName(expr.expression);
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) return lastName(expr.expression);
  return "";
}

function isTextOfError(expr) {
  const n = lastName(expr);
  return TEXT_NAMES.test(n) || n === "errorText";
}

function scan(path, sf, report) {
  const rel = relative(SRC, path);
  const lines = (node) =>
    sf.getLineAndCharacterOfPosition(node.getEnd()).line -
    sf.getLineAndCharacterOfPosition(node.getStart(sf)).line +
    1;
  const visit = (node) => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isArrowFunction(node) ||
        ts.isMethodDeclaration(node)) &&
      node.body &&
      !GENERATED.some((g) => g.test(rel))
    ) {
      const n = lines(node);
      if (n > LONG) report.long.push({ file: rel, name: functionName(node), lines: n });
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      !rel.startsWith("core/goerror/")
    ) {
      const method = node.expression.name.text;
      const target = node.expression.expression;
      const firstArg = node.arguments[0];
      const matchesText =
        (["includes", "startsWith", "endsWith", "match"].includes(method) && isTextOfError(target)) ||
        (method === "test" && ts.isRegularExpressionLiteral(target) && firstArg && isTextOfError(firstArg));
      if (matchesText) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        report.textMatching.push({ file: rel, line: line + 1, code: node.getText(sf).slice(0, 100) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/** Tarjan's strongly connected components of size > 1 (and self-loops). */
function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

const ALLOWED = {
  core: ["core"],
  adapters: ["core", "adapters"],
  features: ["core", "adapters", "features"],
  render: ["core", "render", "features"],
  cli: ["core", "adapters", "features", "render", "cli"],
};

const report = {
  files: 0,
  circles: [],
  circlesWithTypes: [],
  layerBreaks: [],
  featureToRender: [],
  long: [],
  textMatching: [],
};
const graph = new Map();
const graphWithTypes = new Map();
for (const path of files(SRC)) {
  const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  report.files++;
  const rel = relative(SRC, path);
  const imports = importsOf(sf, path);
  // Type-only imports are erased: they make no circle at run time, but they still cross layers.
  graph.set(
    rel,
    imports.filter((i) => !i.typeOnly).map((i) => relative(SRC, i.to)),
  );
  graphWithTypes.set(
    rel,
    imports.map((i) => relative(SRC, i.to)),
  );
  for (const i of imports) {
    const to = relative(SRC, i.to);
    const [a, b] = [layerOf(rel), layerOf(to)];
    if (a === "features" && b === "render") report.featureToRender.push(`${rel} → ${to}`);
    else if (ALLOWED[a] && !ALLOWED[a].includes(b)) report.layerBreaks.push(`${rel} → ${to}`);
  }
  scan(path, sf, report);
}
report.circles = circles(graph);
report.circlesWithTypes = circles(graphWithTypes);
report.long.sort((x, y) => y.lines - x.lines);

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report, null, 1));
} else {
  console.log(`src/: ${report.files} files`);
  console.log(
    `import circles: ${report.circles.length} (counting type-only imports: ${report.circlesWithTypes.length})`,
  );
  for (const c of report.circlesWithTypes) console.log(`  ${c.join(" ↔ ")}`);
  console.log(`feature → render imports: ${report.featureToRender.length}`);
  for (const l of report.featureToRender) console.log(`  ${l}`);
  console.log(`other imports across layers: ${report.layerBreaks.length}`);
  for (const l of report.layerBreaks) console.log(`  ${l}`);
  console.log(`hand-written functions over ${LONG} lines: ${report.long.length}`);
  for (const f of report.long) console.log(`  ${f.lines} ${f.file} ${f.name}`);
  console.log(`callers matching an error's text outside core/goerror: ${report.textMatching.length}`);
  for (const m of report.textMatching) console.log(`  ${m.file}:${m.line} ${m.code}`);
}
