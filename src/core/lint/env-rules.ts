/**
 * Lint rules about where settings come from and the variables around downloads: the GOENV file,
 * GO111MODULE, GOPATH/GOMODCACHE, GOTOOLCHAIN (cfg/cfg.go, modload/init.go; go-semantics.md §A, §I).
 */
import { atLeast } from "../config/goversion.js";
import type { Finding } from "../finding.js";
import { type Change, setChange, unsetChange } from "../fixes/change.js";
import { weakening } from "../fixes/policy.js";
import { redactURL } from "../redact.js";
import { fixOf, type LintRule, origin, sumdbOn, unquoted, val } from "./context.js";

function one(f: Finding): Finding[] {
  return [f];
}

const goenvNotes: LintRule = {
  id: "goenv.literal-values",
  summary: "GOENV file lines that go reads literally or ignores (quotes, CRLF, spaces, lower case)",
  check(ctx) {
    const file = ctx.resolved.goenvFile;
    if (file === null) return [];
    return file.notes.map((n) => {
      // The entry the note is about: its value rewritten as meant, where go writes it (go env -w).
      const e = [...file.entries.values()].find((x) => x.line === n.line);
      const clean = e === undefined ? null : unquoted(e.value);
      const changes: Change[] =
        e === undefined || clean === null || clean === e.value || !/^[A-Z][A-Z0-9_]*$/.test(e.key)
          ? []
          : [{ ...setChange(ctx.resolved, e.key, clean), scope: "goenv-file" }];
      return {
        id: this.id,
        severity: /quotes|carriage return|spaces/.test(n.message) ? "error" : "warning",
        cause: "config-invalid",
        message: `${ctx.resolved.goenv.path} line ${n.line}: ${redactURL(n.message)}.`,
        ...(changes.length > 0
          ? fixOf(ctx, changes)
          : {
              fix: [
                "Rewrite the value with `go env -w KEY=VALUE` (no quotes), which writes the file as go reads it.",
              ],
            }),
      };
    });
  },
};

const shadowed: LintRule = {
  id: "goenv.shadowed",
  summary: "a `go env -w` setting that the environment overrides",
  check(ctx) {
    return ctx.resolved.shadowed.map((s) => {
      // Restoring the file's value (unset) only when that keeps verification as strong; else the file's
      // weaker value goes (go env -u) and the environment's stays.
      const fileWeakens = weakening(s.name, unquoted(s.fileValue)) !== null;
      const change: Change = fileWeakens
        ? { op: "unset", name: s.name, scope: "goenv-file" }
        : { op: "unset", name: s.name, scope: "environment" };
      return {
        id: this.id,
        severity: "warning",
        cause: null,
        message: `${s.name} from \`go env -w\` (${ctx.resolved.goenv.path} line ${s.line}) is overridden by the environment variable ${s.name}. Shells, IDEs, Docker and CI that lack the variable see the file's value instead: the two disagree.${fileWeakens ? ` The file's value weakens verification, so it is the one to remove.` : ""}`,
        ...fixOf(ctx, [change]),
      };
    });
  },
};

const go111module: LintRule = {
  id: "go111module",
  summary: "GO111MODULE=off (GOPATH mode) or an invalid value",
  check(ctx) {
    const v = val(ctx, "GO111MODULE");
    if (v === "off") {
      return one({
        id: this.id,
        severity: "error",
        cause: "modules-disabled",
        message: `GO111MODULE=off (${origin(ctx, "GO111MODULE")}): go runs in GOPATH mode and never uses GOPROXY, go.mod or go.sum (\`go mod download\` fails with "go: modules disabled by GO111MODULE=off").${atLeast(ctx.resolved.goVersion, 22) ? " Go ≥ 1.22 has no `go get` in GOPATH mode at all." : ""}`,
        ...fixOf(ctx, [unsetChange(ctx.resolved, "GO111MODULE")]),
      });
    }
    if (v !== "" && v !== "on" && v !== "auto") {
      return one({
        id: this.id,
        severity: "error",
        cause: "config-invalid",
        message: `GO111MODULE=${v} is not on, off or auto: go fails with "go: unknown environment setting GO111MODULE=${v}".`,
        ...fixOf(ctx, [
          ["on", "off", "auto"].includes(unquoted(v))
            ? setChange(ctx.resolved, "GO111MODULE", unquoted(v))
            : unsetChange(ctx.resolved, "GO111MODULE"),
        ]),
      });
    }
    return [];
  },
};

const modcachePath: LintRule = {
  id: "modcache.path",
  summary: "no module cache, or a relative GOMODCACHE/GOPATH",
  check(ctx) {
    const cache = val(ctx, "GOMODCACHE");
    if (cache === "") {
      return one({
        id: this.id,
        severity: "error",
        cause: "modcache-problem",
        message:
          'Neither GOMODCACHE nor GOPATH is set and there is no $HOME: go fails with "go: module cache not found: neither GOMODCACHE nor GOPATH is set".',
        fix: ["export GOPATH=$HOME/go   # or set HOME"],
      });
    }
    const absolute = cache.startsWith("/") || /^[A-Za-z]:[\\/]/.test(cache);
    if (absolute) return [];
    return one({
      id: this.id,
      severity: "error",
      cause: "modcache-problem",
      message: `GOMODCACHE ${JSON.stringify(cache)} (${origin(ctx, "GOMODCACHE")}) is relative: go fails with "go: GOMODCACHE entry is relative; must be absolute path: ${JSON.stringify(cache)}."`,
      fix: [`go env -w GOMODCACHE="$HOME/go/pkg/mod"`],
    });
  },
};

const toolchainSumdb: LintRule = {
  id: "gotoolchain.needs-sumdb",
  summary: "GOTOOLCHAIN downloads need the checksum database and GOPROXY",
  check(ctx) {
    if (!atLeast(ctx.resolved.goVersion, 21)) return [];
    const tc = val(ctx, "GOTOOLCHAIN");
    if (tc === "local" || tc === "") return [];
    const problems: string[] = [];
    if (val(ctx, "GOSUMDB") === "off")
      problems.push(
        'GOSUMDB=off makes every toolchain download fail ("checksum database disabled by GOSUMDB=off")',
      );
    if (/^\s*off\b/.test(val(ctx, "GOPROXY")))
      problems.push("GOPROXY=off forbids downloading the toolchain module golang.org/toolchain");
    if (problems.length === 0) return [];
    // GOSUMDB=off is the cause to remove (verification back on); only GOPROXY=off leaves staying on this go.
    const sumdbOff = val(ctx, "GOSUMDB") === "off";
    const changes = sumdbOff ? sumdbOn(ctx) : [setChange(ctx.resolved, "GOTOOLCHAIN", "local")];
    return one({
      id: this.id,
      severity: "warning",
      cause: "go-version",
      message: `GOTOOLCHAIN=${tc}: when a module needs a newer go, go downloads it as a module, but ${problems.join("; ")}.`,
      ...fixOf(ctx, changes),
    });
  },
};

/** Environment-origin rules, in report order. */
export const ENV_RULES: readonly LintRule[] = [
  go111module,
  goenvNotes,
  shadowed,
  modcachePath,
  toolchainSumdb,
];
