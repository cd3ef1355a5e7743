/**
 * The security rule of `fix`: which settings weaken module verification or transport security. `fix` never
 * emits them unless the user asks explicitly (`--allow-insecure`), and then with a warning.
 *
 * Grounded in go's semantics: GOSUMDB=off skips the checksum database (modfetch/sumdb.go:useSumDB);
 * GONOSUMDB (falling back to GOPRIVATE, cfg/cfg.go:envOr) skips it per pattern (module.MatchPrefixPatterns);
 * GOINSECURE allows http and unverified TLS for direct fetches (modfetch/repo.go, web/http.go);
 * GOFLAGS=-insecure (base/goflags.go) is rejected by `go get` but shows the intent to disable checks.
 */
import { goflagsFields } from "../config/goflags.js";
import { matchPrefixPatterns } from "../module/glob.js";

/**
 * Module paths of public hosts used to tell a narrow pattern (github.com/myorg) from one that switches off
 * verification for public code (`*`, `github.com`, `*.com`, `github.com/*`).
 */
const PUBLIC_PROBES = [
  "github.com/zz-goproxy-doctor-probe/zz",
  "golang.org/x/zz-goproxy-doctor-probe",
  "gopkg.in/zz-goproxy-doctor-probe.v1",
  "google.golang.org/zz-goproxy-doctor-probe",
  "gitlab.com/zz-goproxy-doctor-probe/zz",
  "bitbucket.org/zz-goproxy-doctor-probe/zz",
  "go.uber.org/zz-goproxy-doctor-probe",
  "k8s.io/zz-goproxy-doctor-probe",
];

/** The public module path a pattern list covers (so checksum checks are skipped for public code), or null. */
export function coversPublicModules(patterns: string): string | null {
  if (patterns.trim() === "") return null;
  return PUBLIC_PROBES.find((p) => matchPrefixPatterns(patterns, p)) ?? null;
}

/** The GOFLAGS words that disable security checks (`-insecure`, `--insecure`, `-insecure=…`). */
export function insecureGoflags(goflags: string): string[] {
  return goflagsFields(goflags).filter((w) => /^--?insecure(=|$)/.test(w));
}

/**
 * Why setting name=value weakens security, or null when it does not.
 *
 * @param name the variable
 * @param value its literal value
 * @param effectiveNosumdb for GOPRIVATE: whether GONOSUMDB is set as well (then GOPRIVATE does not decide
 *   which modules skip the checksum database)
 */
export function weakening(name: string, value: string, effectiveNosumdb = false): string | null {
  switch (name) {
    case "GOSUMDB":
      return value.trim() === "off"
        ? "GOSUMDB=off accepts every module not yet in go.sum without checking it against the checksum database: a tampered mirror or origin goes unnoticed"
        : null;
    case "GOINSECURE":
      return value.trim() === ""
        ? null
        : `GOINSECURE=${value} lets direct fetches of matching modules use plain http and skip certificate checks`;
    case "GOFLAGS": {
      const bad = insecureGoflags(value);
      return bad.length === 0
        ? null
        : `GOFLAGS ${bad.join(" ")} asks go to skip security checks (go get refuses it: "use GOINSECURE instead")`;
    }
    case "GONOSUMDB":
    case "GOPRIVATE": {
      if (name === "GOPRIVATE" && effectiveNosumdb) return null;
      const probe = coversPublicModules(value);
      return probe === null
        ? null
        : `${name}=${value} also covers public modules such as ${probe}, so go skips the checksum database for them; list only your private hosts or organisations (e.g. github.com/yourorg)`;
    }
    default:
      return null;
  }
}

/** Variables that are not settings of the go command but appear in advice as if they were. */
export const NOT_GO_VARIABLES: ReadonlySet<string> = new Set(["GONOSUMCHECK", "GONOVERIFY", "GO_DEBUG"]);
