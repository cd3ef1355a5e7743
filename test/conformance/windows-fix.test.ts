// Windows, under Wine: `fix --for cmd` output executed by Wine's cmd, then go.exe's `go env -json` shows the
// intended values — the quoting is proven, not assumed. Black-box: the snippet comes from the CLI's fix/v1
// document (goproxy-doctor on node.exe), saved as a .cmd file (UTF-8, as Notepad saves) and `call`ed.
// PowerShell is not executed: Wine 8.0 has only a stub and no Debian or npm package provides one. A value with %
// is not executed either: Wine 8.0's cmd does not read %% in a batch file as Windows' cmd does (set "X=p%%20q"
// gives "p0q" there), so that quoting is modelled from Windows' rules only.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { TOOLCHAINS } from "../support/toolchains.js";
import { newPrefix, runDoctorExe, runGoExe, type WinePrefix, winPath } from "../support/wine.js";

interface FixCase {
  readonly name: string;
  /** fix options (each flag followed by its value). */
  readonly args: readonly string[];
  /** What go env must show afterwards. */
  readonly want: Readonly<Record<string, string>>;
  /** Save the snippet in the console's code page, as fix's warning for such letters says. */
  readonly codePage?: boolean;
}

const CASES: readonly FixCase[] = [
  {
    name: "| and , in GOPROXY, * in GOPRIVATE, spaces and = in GOFLAGS",
    args: [
      "--goproxy",
      "http://127.0.0.1:9/a|http://127.0.0.1:9/b,direct",
      "--private",
      "*.corp.example,other.example",
      "--goflags",
      "-mod=mod -modcacherw",
    ],
    want: {
      GOPROXY: "http://127.0.0.1:9/a|http://127.0.0.1:9/b,direct",
      GOPRIVATE: "*.corp.example,other.example",
      GOFLAGS: "-mod=mod -modcacherw",
    },
  },
  {
    name: "& ? in GOPROXY, ! ^ ( ) in patterns",
    args: [
      "--goproxy",
      "http://127.0.0.1:9/p?a=1&b=2,direct",
      "--private",
      "x!y.example,a^b.example",
      "--noproxy",
      "q(1).example",
    ],
    want: {
      GOPROXY: "http://127.0.0.1:9/p?a=1&b=2,direct",
      GOPRIVATE: "x!y.example,a^b.example",
      GONOPROXY: "q(1).example",
    },
  },
  {
    name: "letters outside ASCII, the file saved in the console's code page as the warning says",
    args: ["--private", "é.example,übung.example", "--goproxy", "http://127.0.0.1:9/é,off"],
    want: { GOPRIVATE: "é.example,übung.example", GOPROXY: "http://127.0.0.1:9/é,off" },
    codePage: true,
  },
];

// Wine's cmd reads batch files in CP437 here (a UTF-8 "é" reached go.exe as "├⌐"); the letters these cases use.
const CP437: Readonly<Record<string, number>> = { é: 0x82, ü: 0x81 };

function encodeCp437(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) return c;
      const b = CP437[ch];
      if (b === undefined) throw new Error(`no CP437 byte for ${ch} in this test`);
      return b;
    }),
  );
}

let prefix: WinePrefix;
before(() => {
  prefix = newPrefix();
});
after(() => prefix?.dispose());

let n = 0;
for (const c of CASES) {
  test(`fix --for cmd executed by Wine's cmd, then go.exe's go env: ${c.name}`, async (t) => {
    const fix = await runDoctorExe(prefix, ["fix", "--for", "cmd", "--json", ...c.args]);
    assert.equal(fix.code, 0, fix.stderr);
    const doc = JSON.parse(fix.stdout) as { ok: boolean; snippet: string; warnings: string[] };
    assert.ok(doc.ok);
    if (c.codePage === true)
      assert.ok(
        doc.warnings.some((w) => w.includes("code page")),
        "fix warns about the code page",
      );
    const file = join(prefix.dir, `fix ${++n}.cmd`);
    writeFileSync(file, c.codePage === true ? encodeCp437(doc.snippet) : doc.snippet);
    for (const tc of TOOLCHAINS) {
      await t.test(tc.label, async () => {
        const go = await runGoExe(tc, prefix, ["env", "-json"], { preamble: [`call "${winPath(file)}"`] });
        assert.equal(go.code, 0, go.stderr);
        const got = JSON.parse(go.stdout) as Record<string, string>;
        for (const [k, v] of Object.entries(c.want)) assert.equal(got[k], v, `${k} after the .cmd file`);
      });
    }
  });
}
