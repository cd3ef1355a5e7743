// Windows, under Wine: goproxy-doctor on node.exe (`env --json`) against go.exe's own `go env -json`, built from
// the same toolchain's source, over a matrix of process environment, %AppData%\go\env file, GOFLAGS, unset
// APPDATA / LOCALAPPDATA / USERPROFILE, and paths with spaces and letters outside ASCII.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { TOOLCHAINS } from "../support/toolchains.js";
import {
  goExe,
  newPrefix,
  runDoctorExe,
  runGoExe,
  type WinePrefix,
  type WinRun,
  winPath,
} from "../support/wine.js";

interface EnvCase {
  readonly name: string;
  /** Unix path → file text, written before the run (paths relative to the prefix's user profile). */
  readonly files?: Readonly<Record<string, string>>;
  readonly run: (p: WinePrefix) => WinRun;
}

const ROAMING = "AppData/Roaming";

const CASES: readonly EnvCase[] = [
  { name: "nothing set", run: () => ({}) },
  {
    name: "process environment",
    run: () => ({
      set: {
        GOPROXY: "http://127.0.0.1:1/a|http://127.0.0.1:1/b,direct",
        GOPRIVATE: "*.corp.example,other.example",
        GONOSUMDB: "sum.example",
        GOSUMDB: "off",
        GOINSECURE: "insecure.example",
        GOFLAGS: "-mod=mod -modcacherw",
      },
    }),
  },
  {
    name: "lower-case names (Windows' environment ignores case)",
    run: () => ({ set: { goproxy: "http://127.0.0.1:1/lower", goprivate: "lower.example" } }),
  },
  {
    name: "%AppData%\\go\\env with CRLF lines",
    files: {
      [`${ROAMING}/go/env`]:
        "GOPROXY=http://127.0.0.1:1/file\r\nGOPRIVATE=file.example\r\nGOFLAGS=-mod=vendor\r\nGONOSUMDB=\r\n",
    },
    run: () => ({}),
  },
  {
    name: "environment wins over %AppData%\\go\\env",
    files: { [`${ROAMING}/go/env`]: "GOPROXY=http://127.0.0.1:1/file\nGOSUMDB=sum.golang.org\n" },
    run: () => ({ set: { GOPROXY: "http://127.0.0.1:1/env", GOFLAGS: "-x" } }),
  },
  {
    name: "APPDATA unset: no GOENV file",
    files: { [`${ROAMING}/go/env`]: "GOPROXY=http://127.0.0.1:1/unread\n" },
    run: () => ({ unset: ["APPDATA"] }),
  },
  { name: "LOCALAPPDATA unset", run: () => ({ unset: ["LOCALAPPDATA"] }) },
  { name: "USERPROFILE unset: no default GOPATH", run: () => ({ unset: ["USERPROFILE"] }) },
  {
    name: "APPDATA with spaces and letters outside ASCII",
    files: { "Données d'appli é/go/env": "GOPROXY=http://127.0.0.1:1/accent\nGOPRIVATE=é.example\n" },
    run: (p) => ({ set: { APPDATA: winPath(join(p.userProfile, "Données d'appli é")) } }),
  },
  {
    name: "USERPROFILE and GOENV with spaces and letters outside ASCII",
    files: { "Zoë Ünal/my env": "GOPROXY=off\nGOMODCACHE=C:\\cache dir\\mod\n" },
    run: (p) => ({
      set: {
        USERPROFILE: winPath(join(p.userProfile, "Zoë Ünal")),
        GOENV: winPath(join(p.userProfile, "Zoë Ünal", "my env")),
      },
    }),
  },
  {
    name: "GOPATH list with ; and a trailing separator",
    run: () => ({ set: { GOPATH: "C:\\gp a;D:\\gp-b\\", GOENV: "off" } }),
  },
];

function writeFiles(p: WinePrefix, files: Readonly<Record<string, string>> | undefined): void {
  for (const [rel, text] of Object.entries(files ?? {})) {
    const f = join(p.userProfile, rel);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, text);
  }
}

function removeFiles(p: WinePrefix, files: Readonly<Record<string, string>> | undefined): void {
  for (const rel of Object.keys(files ?? {})) writeFileSync(join(p.userProfile, rel), "");
}

let prefix: WinePrefix;
before(() => {
  prefix = newPrefix();
});
after(() => prefix?.dispose());

for (const tc of TOOLCHAINS) {
  test(`${tc.label} go.exe: env --json on node.exe agrees with go env -json (Wine)`, async (t) => {
    let rows = 0;
    for (const c of CASES) {
      await t.test(c.name, async () => {
        writeFiles(prefix, c.files);
        try {
          const run = c.run(prefix);
          const go = await runGoExe(tc, prefix, ["env", "-json"], run);
          assert.equal(go.code, 0, go.stderr);
          const want = JSON.parse(go.stdout) as Record<string, string>;
          const doc = await runDoctorExe(prefix, ["env", "--json"], {
            ...run,
            path: [dirname(goExe(tc))],
            set: { GOROOT: winPath(tc.goroot), ...run.set },
          });
          const got = JSON.parse(doc.stdout) as {
            go: { version: string } | null;
            vars: Record<string, { value: string }>;
            crossCheck: { ran: boolean; error: string | null; disagreements: unknown[] };
          };
          assert.equal(got.go?.version, want.GOVERSION, "goproxy-doctor found this go.exe");
          assert.deepEqual(got.crossCheck, { ran: true, error: null, disagreements: [] });
          for (const [k, v] of Object.entries(got.vars)) {
            if (!(k in want) || !k.startsWith("GO")) continue;
            assert.equal(v.value, want[k], `${k} (${c.name})`);
            rows++;
          }
          assert.equal(doc.code, 0, doc.stderr);
        } finally {
          removeFiles(prefix, c.files);
        }
      });
    }
    t.diagnostic(`${tc.label}: ${rows} env rows agree over ${CASES.length} cases`);
    assert.ok(rows >= CASES.length * 10, `compared ${rows} rows`);
  });
}
