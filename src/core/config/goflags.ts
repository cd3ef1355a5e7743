/**
 * GOFLAGS: the flags every go command reads from the environment (never variables such as GOPROXY=…).
 * Mirrors cmd/go/internal/base/goflags.go (InitGOFLAGS, SetFromGOFLAGS, InGOFLAGS), Go 1.19.
 */
import { goQuote } from "../goquote.js";

/** One word of GOFLAGS: its flag name (without dashes) and value (null for a bare boolean flag). */
export interface GoFlag {
  readonly word: string;
  readonly name: string;
  readonly value: string | null;
}

/** GOFLAGS as go reads it: the flags, and the error go exits with (every command but `go env`, `go bug`). */
export interface ParsedGoflags {
  readonly flags: readonly GoFlag[];
  /** e.g. `go: parsing $GOFLAGS: non-flag "GOPROXY=direct"`, or null. */
  readonly error: string | null;
}

// Test flags that `go test` also accepts as -test.<name> (cmd/go/internal/test/flagdefs.go: passFlagToTest).
const TEST_FLAGS =
  "bench benchmem benchtime blockprofile blockprofilerate count coverprofile cpu cpuprofile failfast fuzz " +
  "fuzzminimizetime fuzztime list memprofile memprofilerate mutexprofile mutexprofilefraction outputdir " +
  "parallel run short shuffle timeout trace v";

/**
 * Every flag name some go 1.19 subcommand defines (base.hasFlag over base.Go's command tree), established
 * by asking go1.19 for each candidate (test/conformance/goflags-go.test.ts keeps it honest).
 */
export const GO119_FLAGS: ReadonlySet<string> = new Set([
  ..."a asan asmflags buildmode buildvcs c cache compat compiled compiler cover covermode coverpkg d".split(
    " ",
  ),
  ..."debug-actiongraph debug-trace deps dropexclude dropreplace droprequire dropretract dropuse e exclude".split(
    " ",
  ),
  ..."exec export f find fix fmt fuzzcache gccgoflags gcflags go i insecure installsuffix json ldflags".split(
    " ",
  ),
  ..."linkshared m mod modcache modcacherw modfile module msan n o overlay p pkgdir print r race replace".split(
    " ",
  ),
  ..."require retract retracted reuse tags test testcache toolexec trimpath u use vendor versions vet".split(
    " ",
  ),
  ..."vettool w work x".split(" "),
  ...TEST_FLAGS.split(" "),
  ...TEST_FLAGS.split(" ").map((f) => `test.${f}`),
]);

/** GOFLAGS's words (strings.Fields: split on every Unicode white space). */
export function goflagsFields(value: string): string[] {
  return value
    .split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
    .filter((w) => w !== "");
}

/** InitGOFLAGS's shape check: -x, --x, -x=v, --x=v. */
function looksLikeFlag(w: string): boolean {
  return (
    w.startsWith("-") &&
    w !== "-" &&
    w !== "--" &&
    !w.startsWith("---") &&
    !w.startsWith("-=") &&
    !w.startsWith("--=")
  );
}

function split(word: string): GoFlag {
  const bare = word.startsWith("--") ? word.slice(2) : word.slice(1);
  const eq = bare.indexOf("=");
  return eq < 0
    ? { word, name: bare, value: null }
    : { word, name: bare.slice(0, eq), value: bare.slice(eq + 1) };
}

/**
 * Parses GOFLAGS as InitGOFLAGS does: words split on white space (strings.Fields), each a flag known to
 * some go subcommand. Flags unknown to the running subcommand are skipped by it silently, which this
 * function cannot know; errors of values (`flag needs an argument`) are the subcommand's too.
 * Never throws. known: the flag names of the Go version (default go 1.19's).
 */
export function parseGOFLAGS(value: string, known: ReadonlySet<string> = GO119_FLAGS): ParsedGoflags {
  const flags: GoFlag[] = [];
  for (const w of goflagsFields(value)) {
    if (!looksLikeFlag(w)) return { flags, error: `go: parsing $GOFLAGS: non-flag ${goQuote(w)}` };
    const f = split(w);
    if (!known.has(f.name)) return { flags, error: `go: parsing $GOFLAGS: unknown flag -${f.name}` };
    flags.push(f);
  }
  return { flags, error: null };
}

/**
 * The last value GOFLAGS gives a flag (later words win, as flag.Set does): "true" for a bare boolean flag,
 * undefined when absent. Mirrors the effect of SetFromGOFLAGS for one flag.
 */
export function goflagValue(parsed: ParsedGoflags, name: string): string | undefined {
  let v: string | undefined;
  for (const f of parsed.flags) if (f.name === name) v = f.value ?? "true";
  return v;
}
