import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { SUM_GOLANG_ORG_KEY } from "../../../src/core/config/gosumdb.js";
import { formatDuration, parseDuration } from "../../../src/core/monitor/duration.js";
import {
  type ConfigResult,
  formatConfigError,
  MONITOR_DEFAULTS,
  parseMonitorConfig,
  parseSentinelModule,
  quickStartConfig,
} from "../../../src/features/monitor/config.js";
import { DEFAULT_PROBE_MODULES } from "../../../src/features/protocol-check.js";

function errors(r: ConfigResult) {
  assert.equal(r.ok, false, "expected the configuration to be rejected");
  return r.ok ? [] : r.errors;
}

function config(r: ConfigResult) {
  if (!r.ok) assert.fail(`unexpected errors: ${r.errors.map((e) => formatConfigError("f", e)).join("; ")}`);
  return r.config;
}

const FULL = `# a full configuration
listen: 0.0.0.0:9184
instance: eu-west-1
interval: 30s
timeout: 5s
jitter: 0.2
concurrency: 4
modules_per_probe: 2
modules:
  - rsc.io/quote@v1.5.2
checksum_database:
  url: https://sum.golang.org
targets:
  - url: https://proxy.golang.org/
  - url: https://user:secret@athens.corp.example/
    interval: 1m30s
    modules: [example.com/Private/lib@v1.2.3]
    sumdb: sum.golang.org
  - url: https://sum.golang.org
    type: sumdb
alerting:
  failure_threshold: 5
  receivers:
    - url: https://hooks.slack.com/services/T/B/X
      type: slack
      name: ops
    - url: http://127.0.0.1:9999/alert
      retries: 1
      timeout: 2s
`;

test("a full configuration is read into a plain object with defaults applied", () => {
  const c = config(parseMonitorConfig(FULL));
  assert.deepEqual(c.listen, { host: "0.0.0.0", port: 9184 });
  assert.equal(c.instance, "eu-west-1");
  assert.equal(c.intervalMs, 30_000);
  assert.equal(c.timeoutMs, 5_000);
  assert.equal(c.jitter, 0.2);
  assert.equal(c.concurrency, 4);
  assert.equal(c.modulesPerProbe, 2);
  assert.deepEqual(c.modules, [{ path: "rsc.io/quote", version: "v1.5.2" }]);
  assert.deepEqual(c.checksumDatabase, {
    url: "https://sum.golang.org",
    key: SUM_GOLANG_ORG_KEY,
    name: "sum.golang.org",
  });
  assert.equal(c.targets.length, 3);
  const [a, b, s] = c.targets;
  assert.equal(a!.kind, "goproxy");
  assert.equal(a!.url, "https://proxy.golang.org");
  assert.equal(a!.intervalMs, 30_000);
  assert.deepEqual(a!.kind === "goproxy" && a!.modules, [{ path: "rsc.io/quote", version: "v1.5.2" }]);
  assert.equal(b!.label, "https://user:xxxxx@athens.corp.example", "the label never carries the password");
  assert.equal(b!.intervalMs, 90_000);
  assert.equal(b!.kind === "goproxy" && b!.sumdbName, "sum.golang.org");
  assert.deepEqual(b!.kind === "goproxy" && b!.modules, [
    { path: "example.com/Private/lib", version: "v1.2.3" },
  ]);
  assert.equal(s!.kind, "sumdb");
  assert.equal(s!.kind === "sumdb" && s!.key, SUM_GOLANG_ORG_KEY);
  assert.equal(c.alerting.failureThreshold, 5);
  assert.equal(c.alerting.recoveryThreshold, 1);
  assert.deepEqual(
    c.alerting.receivers.map((r) => [r.name, r.kind, r.retries, r.timeoutMs]),
    [
      ["ops", "slack", 3, 5000],
      ["webhook-1", "webhook", 1, 2000],
    ],
  );
});

test("the smallest configuration takes every default", () => {
  const c = config(parseMonitorConfig("targets:\n  - url: http://127.0.0.1:3000\n"));
  assert.deepEqual(c.listen, { host: "127.0.0.1", port: 9184 });
  assert.equal(c.intervalMs, MONITOR_DEFAULTS.intervalMs);
  assert.equal(c.alerting.failureThreshold, 3, "the consecutive-failure threshold defaults to 3");
  assert.deepEqual(c.alerting.receivers, []);
  assert.equal(c.checksumDatabase, null);
  assert.equal(c.modules.length, 3);
});

test("the default sentinel modules are the conformance checker's probe modules", () => {
  const c = config(parseMonitorConfig("targets:\n  - url: http://127.0.0.1:3000\n"));
  assert.deepEqual(
    c.modules,
    DEFAULT_PROBE_MODULES.map((m) => ({ path: m.path, version: m.version })),
  );
});

test("an unknown field is reported at its key's line and column", () => {
  const e = errors(
    parseMonitorConfig("interval: 30s\ntargets:\n  - url: http://127.0.0.1:1\n    intreval: 5s\n"),
  );
  assert.equal(e.length, 1);
  assert.deepEqual(e[0], { line: 4, column: 5, field: "targets[0].intreval", message: "unknown field" });
  assert.equal(
    formatConfigError("monitor.yaml", e[0]!),
    "monitor.yaml:4:5: targets[0].intreval: unknown field",
  );
});

test("a wrong type names the field and the value's line", () => {
  const e = errors(parseMonitorConfig("targets:\n  - url: http://127.0.0.1:1\nconcurrency: lots\n"));
  assert.equal(e.length, 1);
  assert.equal(e[0]!.line, 3);
  assert.equal(e[0]!.field, "concurrency");
  assert.match(e[0]!.message, /integer/);
});

test("a missing required field names it, at its parent's line", () => {
  const e = errors(parseMonitorConfig("listen: :9184\ntargets:\n  - interval: 5s\n"));
  assert.deepEqual(
    e.map((x) => [x.line, x.field, x.message]),
    [[3, "targets[0].url", "required field missing"]],
  );
  const none = errors(parseMonitorConfig("listen: :9184\n"));
  assert.equal(none[0]!.field, "targets");
});

test("an enum error lists the allowed values", () => {
  const e = errors(parseMonitorConfig("targets:\n  - url: http://127.0.0.1:1\n    type: athens\n"));
  assert.equal(e[0]!.line, 3);
  assert.equal(e[0]!.field, "targets[0].type");
  assert.equal(e[0]!.message, 'must be one of "goproxy", "sumdb"');
});

test("bad values are reported with the line of the value", () => {
  const text = [
    "listen: localhost", // 1
    "interval: 30 seconds", // 2
    "modules:", // 3
    "  - rsc.io/quote", // 4
    "  - rsc.io/quote@v1.5", // 5
    "  - Example/x@v1.0.0", // 6
    "targets:", // 7
    "  - url: ftp://mirror.example", // 8
    "  - url: https://sum.example/", // 9
    "    type: sumdb", // 10
    "  - url: https://a.example", // 11
    "    key: sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", // 12
    "  - url: https://a.example/", // 13
    "alerting:", // 14
    "  receivers:", // 15
    "    - url: hooks.slack.com/x", // 16
  ].join("\n");
  const e = errors(parseMonitorConfig(text));
  const got = e.map((x) => `${x.line} ${x.field}: ${x.message}`);
  assert.deepEqual(got, [
    '1 listen: "localhost": want HOST:PORT, e.g. 127.0.0.1:9184 or :9184',
    '2 interval: "30 seconds" is not a duration: want e.g. 500ms, 30s, 1m30s',
    '4 modules[0]: "rsc.io/quote": want module@version, e.g. rsc.io/quote@v1.5.2',
    "5 modules[1]: rsc.io/quote@v1.5: version must be canonical (v1.5.0)",
    `6 modules[2]: malformed module path "Example/x": missing dot in first path element`,
    "8 targets[0].url: must be an http:// or https:// URL",
    "9 targets[1].key: required: no verifier key is built in for sum.example",
    '12 targets[2].key: only for targets of type "sumdb"',
    "13 targets[3].url: the same URL as targets[2]",
    "16 alerting.receivers[0].url: not a URL",
  ]);
});

test("YAML syntax errors carry their position", () => {
  const e = errors(parseMonitorConfig("targets:\n  - url: http://127.0.0.1:1\n  bad: [\n"));
  assert.ok(e.length >= 1);
  assert.ok(e[0]!.line !== null && e[0]!.line >= 2, `line ${e[0]!.line}`);
  assert.match(e[0]!.message, /^YAML: /);
  const dup = errors(parseMonitorConfig("interval: 1s\ninterval: 2s\ntargets: []\n"));
  assert.equal(dup[0]!.line, 2);
  assert.match(dup[0]!.message, /unique|duplicate/i);
});

test("an empty file and a non-mapping are rejected, never thrown", () => {
  assert.equal(errors(parseMonitorConfig(""))[0]!.message, "the configuration is empty");
  assert.equal(errors(parseMonitorConfig("- a\n- b\n"))[0]!.message, "must be object");
});

test("alias bombs do not expand without bound", () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "targets: [*d]",
  ].join("\n");
  const r = parseMonitorConfig(bomb);
  assert.equal(r.ok, false);
});

test("arbitrary text never throws and errors always have a field and a message", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const r = parseMonitorConfig(text);
      if (!r.ok)
        for (const e of r.errors) {
          assert.equal(typeof e.message, "string");
          assert.ok(e.message.length > 0);
          assert.ok(e.line === null || e.line >= 1);
        }
    }),
    { numRuns: 300 },
  );
});

test("structured random configurations: accepted ones round-trip their targets, rejected ones point at a line", () => {
  const target = fc.record({
    url: fc.constantFrom("http://127.0.0.1:1", "https://m.example", "nope", "https://m.example/x"),
    interval: fc.option(fc.constantFrom("1s", "250ms", "1m", "bad", "1"), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(target, { minLength: 1, maxLength: 4 }), (targets) => {
      const lines = ["targets:"];
      for (const t of targets) {
        lines.push(`  - url: ${t.url}`);
        if (t.interval !== undefined) lines.push(`    interval: ${JSON.stringify(t.interval)}`);
      }
      const r = parseMonitorConfig(`${lines.join("\n")}\n`);
      const urls = targets.map((t) => t.url.replace(/\/+$/, ""));
      const valid =
        targets.every(
          (t) => t.url !== "nope" && (t.interval === undefined || !["bad", "1"].includes(t.interval)),
        ) && new Set(urls).size === urls.length;
      assert.equal(r.ok, valid);
      if (r.ok)
        assert.deepEqual(
          r.config.targets.map((t) => t.url),
          urls,
        );
      else for (const e of r.errors) assert.ok(e.line !== null && e.line >= 2 && e.line <= lines.length);
    }),
    { numRuns: 200 },
  );
});

test("quick-start flags give the same configuration, errors name the flag", () => {
  const c = config(
    quickStartConfig({
      targets: ["http://127.0.0.1:3000", "https://sum.golang.org"],
      modules: ["rsc.io/quote@v1.5.2"],
      listen: ":9999",
      interval: "15s",
      webhooks: ["http://127.0.0.1:1/hook", "https://hooks.slack.com/services/x"],
    }),
  );
  assert.deepEqual(
    c.targets.map((t) => t.kind),
    ["goproxy", "sumdb"],
  );
  assert.deepEqual(c.listen, { host: "", port: 9999 });
  assert.equal(c.intervalMs, 15_000);
  assert.deepEqual(
    c.alerting.receivers.map((r) => r.kind),
    ["webhook", "slack"],
  );
  const e = errors(
    quickStartConfig({ targets: ["http://127.0.0.1:1", "x"], interval: "soon", modules: ["a@b"] }),
  );
  assert.deepEqual(
    e.map((x) => x.field),
    ["--interval", "--module #1", "--target #2"],
  );
  assert.equal(errors(quickStartConfig({ targets: [] }))[0]!.field, "--target");
});

test("sentinel modules: module.Check and canonical versions", () => {
  assert.deepEqual(parseSentinelModule("example.com/m/v2@v2.0.1"), {
    path: "example.com/m/v2",
    version: "v2.0.1",
  });
  assert.match(parseSentinelModule("example.com/m/v2@v1.0.0") as string, /should be v2, not v1/);
  assert.match(parseSentinelModule("example.com/m@latest") as string, /not a semantic version/);
});

test("durations: Go's syntax, formatted back the same", () => {
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("250ms"), 250);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("0"), 0);
  for (const bad of ["", "5", "s", "-1s", "1d", "1.s.", " 1s", "1s "])
    assert.equal(parseDuration(bad), null, bad);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100 * 3_600_000 }), (ms) => {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (s) => {
      const v = parseDuration(s);
      assert.ok(v === null || (Number.isInteger(v) && v >= 0));
    }),
  );
});
