/**
 * GOFLAGS: the flags every go command reads from the environment (never variables such as GOPROXY=…).
 * Mirrors cmd/go/internal/base/goflags.go (InitGOFLAGS, SetFromGOFLAGS, InGOFLAGS), Go 1.19 to 1.26: the shape
 * rules are the same in both; the set of flag names grows (goflagNames).
 */
import { goQuote } from "../goquote.js";
import { atLeast, type GoVersion, VERIFIED_GO } from "./goversion.js";

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
  ..."require retract retracted reuse t tags test testcache toolexec trimpath u use vendor versions vet".split(
    " ",
  ),
  ..."vettool w work x".split(" "),
  ...TEST_FLAGS.split(" "),
  ...TEST_FLAGS.split(" ").map((f) => `test.${f}`),
]);

/**
 * The flag names later releases added to the go command's subcommands, each with the release that added it
 * (from the release notes and cmd/go's sources; the union is go1.26's set, established by asking go1.26 for
 * every candidate in test/conformance/goflags-go.test.ts — the releases in between are modelled, not verified).
 * Test flags come with their -test.<name> form, as passFlagToTest makes them.
 */
const ADDED_FLAGS: readonly (readonly [minor: number, names: string, testFlag?: boolean])[] = [
  [20, "C pgo"],
  [20, "skip", true],
  [21, "fullpath", true],
  [21, "toolchain"],
  [23, "changed diff godebug dropgodebug"],
  [24, "tool droptool"],
  [25, "ignore dropignore"],
  [25, "artifacts", true],
  [26, "fixtool"],
];

const namesCache = new Map<number, ReadonlySet<string>>();

/**
 * Every flag name some subcommand of this go version defines (base.hasFlag over base.Go's command tree):
 * GO119_FLAGS for go1.19 and older, plus ADDED_FLAGS up to the version.
 */
export function goflagNames(v: GoVersion): ReadonlySet<string> {
  if (!atLeast(v, 20)) return GO119_FLAGS;
  const known = namesCache.get(v.minor);
  if (known !== undefined) return known;
  const names = new Set(GO119_FLAGS);
  for (const [minor, list, testFlag] of ADDED_FLAGS) {
    if (!atLeast(v, minor)) continue;
    for (const n of list.split(" ")) {
      names.add(n);
      if (testFlag) names.add(`test.${n}`);
    }
  }
  namesCache.set(v.minor, names);
  return names;
}

const GO119: GoVersion = VERIFIED_GO[0]!;

/**
 * GOFLAGS split into words as go of version v splits it. go1.19: strings.Fields (every Unicode white space,
 * quotes are ordinary characters). go1.26: cmd/internal/quoted.Split (space, tab, CR and LF only; a word that
 * starts with ' or " runs to the same quote, which is dropped; "unterminated ' string" otherwise). Both verified
 * against the real binaries; the release that changed it is taken to be go1.21, not verified.
 */
export function splitGOFLAGS(value: string, v: GoVersion = GO119): { words: string[]; error: string | null } {
  if (!atLeast(v, 21)) {
    const words = value
      .split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
      .filter((w) => w !== "");
    return { words, error: null };
  }
  return quotedSplit(value);
}

/** cmd/internal/quoted.Split. */
function quotedSplit(s: string): { words: string[]; error: string | null } {
  const words: string[] = [];
  const space = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
  let i = 0;
  while (i < s.length) {
    while (i < s.length && space(s[i])) i++;
    if (i >= s.length) break;
    const quote = s[i];
    if (quote === "'" || quote === '"') {
      const end = s.indexOf(quote, i + 1);
      if (end < 0) return { words, error: `unterminated ${quote} string` };
      words.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !space(s[i])) i++;
    words.push(s.slice(start, i));
  }
  return { words, error: null };
}

/** GOFLAGS's words as go of version v reads them (splitGOFLAGS; the words before an unterminated quote). */
export function goflagsFields(value: string, v: GoVersion = GO119): string[] {
  return splitGOFLAGS(value, v).words;
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
 * Parses GOFLAGS as InitGOFLAGS of go version v does (default go1.19): words split by splitGOFLAGS, each a flag
 * known to some go subcommand of that version (goflagNames). Flags unknown to the running subcommand are skipped
 * by it silently, which this function cannot know; errors of values (`flag needs an argument`) are the
 * subcommand's too. Never throws.
 */
export function parseGOFLAGS(value: string, v: GoVersion = GO119): ParsedGoflags {
  const flags: GoFlag[] = [];
  const known = goflagNames(v);
  const fields = splitGOFLAGS(value, v);
  if (fields.error !== null) return { flags, error: `go: parsing $GOFLAGS: ${fields.error}` };
  for (const w of fields.words) {
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
