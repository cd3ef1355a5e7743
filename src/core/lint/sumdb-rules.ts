/**
 * Lint rules about GOSUMDB, GOFLAGS and GOINSECURE: the settings that weaken or break verification
 * (modfetch/sumdb.go:dbDial, base/goflags.go; go-semantics.md §A.2.4, §D.2, Myths 5 and 9).
 */

import { goflagsFields, parseGOFLAGS } from "../config/goflags.js";
import { parseGOSUMDB } from "../config/gosumdb.js";
import { atLeast } from "../config/goversion.js";
import type { Finding } from "../finding.js";
import { type LintContext, type LintRule, origin, setCommand, unsetCommand, val } from "./context.js";

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
        unsetCommand(ctx, "GOSUMDB"),
        "If sum.golang.org is blocked, use a mirror that proxies it (most do) or GOSUMDB=sum.golang.google.cn; for private modules set GOPRIVATE instead.",
      ],
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
      fix: [unsetCommand(ctx, "GOSUMDB")],
      evidence: [s.error],
    });
  },
};

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
      fix: [
        setCommand(
          ctx,
          "GOFLAGS",
          goflagsWords(ctx)
            .filter((w) => !/^--?insecure(=|$)/.test(w))
            .join(" "),
        ),
      ],
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
      fix: [
        setCommand(
          ctx,
          "GOFLAGS",
          goflagsWords(ctx)
            .filter((w) => !/^--?mod=vendor$/.test(w))
            .join(" "),
        ),
      ],
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
      fix: [
        setCommand(
          ctx,
          "GOFLAGS",
          goflagsWords(ctx)
            .filter((w) => w !== bad)
            .join(" "),
        ),
      ],
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
          unsetCommand(ctx, "GOINSECURE"),
      ],
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
  goinsecure,
];
