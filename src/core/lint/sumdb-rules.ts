/**
 * Lint rules about GOSUMDB, GOFLAGS and GOINSECURE: the settings that weaken or break verification
 * (modfetch/sumdb.go:dbDial, base/goflags.go; go-semantics.md §A.2.4, §D.2, Myths 5 and 9).
 */

import { goflagsFields, parseGOFLAGS } from "../config/goflags.js";
import { parseGOSUMDB } from "../config/gosumdb.js";
import { atLeast, type GoVersion } from "../config/goversion.js";
import type { Finding } from "../finding.js";
import { type Change, removeChange, setChange, unsetChange } from "../fixes/change.js";
import { fixOf, type LintContext, type LintRule, origin, sumdbOn, unquoted, val } from "./context.js";

function one(f: Finding): Finding[] {
  return [f];
}

const sumdbOff: LintRule = {
  id: "gosumdb.off",
  summary: "GOSUMDB=off disables checksum verification of new modules",
  check(ctx) {
    if (val(ctx, "GOSUMDB") !== "off") return [];
    const toolchain = atLeast(ctx.resolved.goVersion, 21)
      ? " With Go ≥ 1.21 it also makes toolchain downloads (GOTOOLCHAIN) fail: they are always verified."
      : "";
    return one({
      id: this.id,
      severity: "warning",
      cause: null,
      message: `GOSUMDB=off (${origin(ctx, "GOSUMDB")}): modules not yet in go.sum are accepted without any check, so a tampered mirror or origin goes unnoticed.${toolchain}`,
      fix: [
        ...fixOf(ctx, sumdbOn(ctx)).fix,
        "If sum.golang.org is blocked, use a mirror that proxies it (most do) or GOSUMDB=sum.golang.google.cn; for private modules set GOPRIVATE instead.",
      ],
      changes: sumdbOn(ctx),
    });
  },
};

const sumdbInvalid: LintRule = {
  id: "gosumdb.invalid",
  summary: "GOSUMDB cannot be parsed: every module not in go.sum fails to verify",
  check(ctx) {
    const s = parseGOSUMDB(val(ctx, "GOSUMDB"));
    if (s.off || !("error" in s)) return [];
    const gosum = /gosum\.io|gocenter\.io/.test(val(ctx, "GOSUMDB"));
    return one({
      id: this.id,
      severity: "error",
      cause: "config-invalid",
      message: `GOSUMDB ${JSON.stringify(val(ctx, "GOSUMDB"))} (${origin(ctx, "GOSUMDB")}) is invalid: go fails with "${s.error}" at the first checksum lookup.${gosum ? " The gosum.io/gocenter.io form found in articles was never valid, and both services are gone." : ""} A custom database needs its verifier key (name+hash+key), optionally followed by a space and its URL.`,
      ...fixOf(ctx, repairedSumdb(ctx)),
      evidence: [s.error],
    });
  },
};

/** GOSUMDB as meant (quotes removed) when go can read that; else verification back on (GOSUMDB removed). */
function repairedSumdb(ctx: LintContext): Change[] {
  const clean = unquoted(val(ctx, "GOSUMDB"));
  const p = parseGOSUMDB(clean);
  if (clean !== val(ctx, "GOSUMDB") && !p.off && !("error" in p))
    return [setChange(ctx.resolved, "GOSUMDB", clean)];
  return sumdbOn(ctx);
}

function goflagsWords(ctx: LintContext): string[] {
  return goflagsFields(val(ctx, "GOFLAGS"), ctx.resolved.goVersion);
}

const goflagsInsecure: LintRule = {
  id: "goflags.insecure",
  summary: "GOFLAGS=-insecure: `go get` refuses to run",
  check(ctx) {
    if (!goflagsWords(ctx).some((w) => /^--?insecure(=|$)/.test(w))) return [];
    return one({
      id: this.id,
      severity: "error",
      cause: "config-invalid",
      message: `GOFLAGS contains -insecure (${origin(ctx, "GOFLAGS")}): \`go get\` fails with "go: -insecure flag is no longer supported; use GOINSECURE instead", and other commands ignore it.`,
      ...fixOf(ctx, [
        removeChange(
          ctx.resolved,
          "GOFLAGS",
          goflagsWords(ctx).filter((w) => /^--?insecure(=|$)/.test(w)),
        ),
      ]),
    });
  },
};

const goflagsVendor: LintRule = {
  id: "goflags.mod-vendor",
  summary: "GOFLAGS=-mod=vendor: no module is ever downloaded",
  check(ctx) {
    if (!goflagsWords(ctx).some((w) => /^--?mod=vendor$/.test(w))) return [];
    return one({
      id: this.id,
      severity: "warning",
      cause: "vendor-mode",
      message: `GOFLAGS has -mod=vendor (${origin(ctx, "GOFLAGS")}): go builds from vendor/ and answers every lookup with "module lookup disabled by -mod=vendor".`,
      ...fixOf(ctx, [
        removeChange(
          ctx.resolved,
          "GOFLAGS",
          goflagsWords(ctx).filter((w) => /^--?mod=vendor$/.test(w)),
        ),
      ]),
    });
  },
};

const goflagsNonFlag: LintRule = {
  id: "goflags.non-flag",
  summary: "GOFLAGS holds something that is not a flag, or a flag no go command has",
  check(ctx) {
    const parsed = parseGOFLAGS(val(ctx, "GOFLAGS"), ctx.resolved.goVersion);
    if (parsed.error === null) return [];
    const bad = goflagsWords(ctx)[parsed.flags.length]!;
    const unknown = parsed.error.includes("unknown flag");
    return one({
      id: unknown ? "goflags.unknown-flag" : this.id,
      severity: "error",
      cause: "config-invalid",
      message: `GOFLAGS holds ${JSON.stringify(bad)} (${origin(ctx, "GOFLAGS")}): every go command except \`go env\` and \`go bug\` fails with \`${parsed.error}\`.${unknown ? "" : " Variables such as GOPROXY are set on their own, not in GOFLAGS."}`,
      // Every word go cannot read, each as the user meant it when unquoting makes it a flag (one change for
      // all of them: several bad words are one fix, not several that each repair one).
      ...fixOf(ctx, [
        setChange(ctx.resolved, "GOFLAGS", repairedGoflags(val(ctx, "GOFLAGS"), ctx.resolved.goVersion)),
      ]),
      evidence: [parsed.error],
    });
  },
};

const goinsecure: LintRule = {
  id: "goinsecure.set",
  summary: "GOINSECURE allows plain http and unverified TLS for direct fetches",
  check(ctx) {
    if (val(ctx, "GOINSECURE") === "") return [];
    return one({
      id: this.id,
      severity: "warning",
      cause: null,
      message: `GOINSECURE=${val(ctx, "GOINSECURE")} (${origin(ctx, "GOINSECURE")}): direct fetches of matching modules may use plain http and skip certificate checks. It does not affect GOPROXY or the checksum database (it does not disable checksum verification).`,
      fix: [
        "Serve the repository over https with a trusted certificate, then: " +
          fixOf(ctx, [unsetChange(ctx.resolved, "GOINSECURE")]).fix[0],
      ],
      changes: [unsetChange(ctx.resolved, "GOINSECURE")],
    });
  },
};

/** Values go accepts for -mod (modload/init.go: "-mod=%s not supported (can be '', 'mod', 'readonly', or 'vendor')"). */
const MOD_VALUES = new Set(["", "mod", "readonly", "vendor"]);

/** Boolean build flags (cmd/go/internal/work/build.go AddBuildFlags and friends): strconv.ParseBool values only. */
const BOOL_FLAGS = new Set(
  "a asan linkshared modcacherw msan n race trimpath x v work i json m u e insecure".split(" "),
);

/** Flags that need a value (a bare `-tags` fails with "flag needs an argument"). */
const VALUE_FLAGS = new Set(
  "mod modfile tags ldflags gcflags asmflags gccgoflags p buildmode compiler overlay pkgdir toolexec installsuffix o exec covermode coverpkg".split(
    " ",
  ),
);

const PARSE_BOOL = new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);

/**
 * go's error for one GOFLAGS flag's value, or null when go accepts it. Checked against go1.19 and go1.26:
 * `-mod=wat not supported (can be '', 'mod', 'readonly', or 'vendor')` (go build, go list, go get; go mod
 * download ignores -mod), `go: invalid boolean value "maybe" for flag -modcacherw (from $GOFLAGS): parse
 * error`, `go: invalid value "x" for flag -p (from $GOFLAGS): parse error`, `go: flag needs an argument:
 * -tags (from $GOFLAGS)`.
 */
export function goflagValueError(name: string, value: string | null): string | null {
  if (value === null)
    return VALUE_FLAGS.has(name) ? `go: flag needs an argument: -${name} (from $GOFLAGS)` : null;
  if (name === "mod" && !MOD_VALUES.has(value))
    return `-mod=${value} not supported (can be '', 'mod', 'readonly', or 'vendor')`;
  if (name === "buildvcs" && value !== "auto" && !PARSE_BOOL.has(value))
    return `go: invalid boolean value ${JSON.stringify(value)} for flag -buildvcs (from $GOFLAGS): value is neither 'auto' nor a valid bool`;
  if (BOOL_FLAGS.has(name) && !PARSE_BOOL.has(value))
    return `go: invalid boolean value ${JSON.stringify(value)} for flag -${name} (from $GOFLAGS): parse error`;
  if (name === "p" && !/^[+-]?\d+$/.test(value))
    return `go: invalid value ${JSON.stringify(value)} for flag -p (from $GOFLAGS): parse error`;
  return null;
}

/**
 * GOFLAGS with every word go cannot read repaired as meant (quotes removed when that makes it a flag with a
 * good value) or dropped: the user's other flags kept in order.
 */
export function repairedGoflags(goflags: string, v: GoVersion): string {
  // Go versions that read GOFLAGS with quoted.Split take a quoted word whole; older ones split on spaces only.
  const quoting = goflagsFields("'a b'", v).length === 1;
  const out: string[] = [];
  for (const w of goflagsFields(unquoted(goflags), v)) {
    const word = unquoted(w);
    const p = parseGOFLAGS(word, v);
    const f = p.flags[0];
    if (p.error === null && f !== undefined && goflagValueError(f.name, f.value) === null)
      out.push(quoting && /\s/.test(word) ? `'${word}'` : word);
  }
  return out.join(" ");
}

const goflagsValue: LintRule = {
  id: "goflags.bad-value",
  summary: "a GOFLAGS flag with a value go rejects (-mod=wat, -modcacherw=maybe, a bare -tags)",
  check(ctx) {
    const parsed = parseGOFLAGS(val(ctx, "GOFLAGS"), ctx.resolved.goVersion);
    if (parsed.error !== null) return []; // goflags.non-flag reports the first word go stops at
    const bad = parsed.flags.flatMap((f) => {
      const e = goflagValueError(f.name, f.value);
      return e === null ? [] : [{ word: f.word, error: e }];
    });
    if (bad.length === 0) return [];
    return one({
      id: this.id,
      severity: "error",
      cause: "config-invalid",
      message: `GOFLAGS holds ${bad.map((b) => JSON.stringify(b.word)).join(", ")} (${origin(ctx, "GOFLAGS")}): go build, go list, go get and go test fail with \`${bad[0]!.error}\` (commands without the flag, such as go mod download, ignore it).`,
      ...fixOf(ctx, [
        setChange(ctx.resolved, "GOFLAGS", repairedGoflags(val(ctx, "GOFLAGS"), ctx.resolved.goVersion)),
      ]),
      evidence: bad.map((b) => b.error),
    });
  },
};

/** Rules about verification and security-relevant flags. */
export const SUMDB_RULES: readonly LintRule[] = [
  sumdbInvalid,
  sumdbOff,
  goflagsInsecure,
  goflagsVendor,
  goflagsNonFlag,
  goflagsValue,
  goinsecure,
];
