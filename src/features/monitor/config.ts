/**
 * The configuration of `goproxy-doctor monitor`: a YAML file (or the quick-start flags) checked against a
 * JSON schema, then normalised into a plain {@link MonitorConfig} with defaults applied. Every error names
 * the field (`targets[1].url`) and, for a file, its line and column.
 *
 * Pure: no I/O, no clock. Uses two libraries without I/O of their own: `yaml` (parsing with source ranges,
 * so that errors point at lines) and `ajv` (the schema check).
 */
import { Ajv, type ErrorObject } from "ajv";
import type { FromSchema } from "json-schema-to-ts";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { checkVerifierKey, SUM_GOLANG_ORG_KEY } from "../../core/config/gosumdb.js";
import { errorText } from "../../core/errors.js";
import { splitHostPort } from "../../core/httpproxy.js";
import { canonicalVersion, checkPathVersion } from "../../core/module/version.js";
import { parseDuration } from "../../core/monitor/duration.js";
import { redactURL } from "../../core/redact.js";
import { DEFAULT_PROBE_MODULES } from "../protocol-check.js";

/** A module version the monitor fetches from each mirror (a sentinel module). */
export interface SentinelModule {
  /** Module path, e.g. `rsc.io/quote`. */
  readonly path: string;
  /** Canonical semantic version, e.g. `v1.5.2`. */
  readonly version: string;
}

/** Fields every target has. */
interface TargetBase {
  /** The URL as configured, without a trailing slash (may hold credentials: never print it, print `label`). */
  readonly url: string;
  /** The URL with credentials redacted: the value of the `target` label of every metric and alert. */
  readonly label: string;
  /** Time between two probes of this target, ms. */
  readonly intervalMs: number;
  /** Deadline of each request (and of each probe phase), ms. */
  readonly timeoutMs: number;
}

/** A GOPROXY mirror (a module proxy speaking the GOPROXY protocol). */
export interface GoproxyTarget extends TargetBase {
  readonly kind: "goproxy";
  /** Module versions fetched from it on every probe. */
  readonly modules: readonly SentinelModule[];
  /** Checksum database whose `/sumdb/<name>/supported` the mirror must answer, or null: not checked. */
  readonly sumdbName: string | null;
}

/** A checksum database (sum.golang.org or one speaking its protocol). */
export interface SumdbTarget extends TargetBase {
  readonly kind: "sumdb";
  /** Its verifier key `name+hash+key` (signed tree heads are checked with it). */
  readonly key: string;
  /** The database name (from the key), e.g. `sum.golang.org`. */
  readonly name: string;
}

/** One thing the monitor probes. */
export type MonitorTarget = GoproxyTarget | SumdbTarget;

/** Where alerts go. */
export interface Receiver {
  /** Its name in logs and in the `receiver` label (never its URL: webhook URLs carry tokens). */
  readonly name: string;
  /** `webhook`: a JSON document; `slack`: Slack's incoming-webhook shape `{"text": …}`. */
  readonly kind: "webhook" | "slack";
  readonly url: string;
  /** Deadline of one delivery attempt, ms. */
  readonly timeoutMs: number;
  /** Further attempts after a failed one (network error, 5xx, 429). */
  readonly retries: number;
}

/** The monitor's whole configuration, defaults applied. */
export interface MonitorConfig {
  /** Address of the HTTP server (`/metrics`, `/healthz`, `/`); host "" means every interface. */
  readonly listen: { readonly host: string; readonly port: number };
  /** A name for this monitor (its region), carried in alerts; null when not set. */
  readonly instance: string | null;
  /** Default probe interval, ms. */
  readonly intervalMs: number;
  /** Default per-request deadline, ms. */
  readonly timeoutMs: number;
  /** Random spread of each interval, as a fraction of it (0 … 1). */
  readonly jitter: number;
  /** Probes running at once. */
  readonly concurrency: number;
  /** Largest sample zip read from a mirror, bytes. */
  readonly maxZipBytes: number;
  /**
   * Sentinel modules fetched per probe of a mirror, taken in turn (round-robin): each module is checked
   * every ⌈modules / modulesPerProbe⌉ intervals, and a mirror costs a few requests per probe instead of
   * five per module.
   */
  readonly modulesPerProbe: number;
  /** Default sentinel modules. */
  readonly modules: readonly SentinelModule[];
  readonly targets: readonly MonitorTarget[];
  /** The checksum database that sampled zips' h1 hashes are checked against, or null: no integrity check. */
  readonly checksumDatabase: { readonly url: string; readonly key: string; readonly name: string } | null;
  readonly alerting: {
    /** Consecutive failed probes of a target before one alert is sent. */
    readonly failureThreshold: number;
    /** Consecutive successful probes of an alerting target before one recovery notice is sent. */
    readonly recoveryThreshold: number;
    readonly receivers: readonly Receiver[];
  };
}

/** One problem with the configuration. */
export interface ConfigError {
  /** 1-based line and column in the file, or null (quick-start flags, or no position known). */
  readonly line: number | null;
  readonly column: number | null;
  /** The field, e.g. `targets[1].url` (or the flag, e.g. `--target`); "" for the whole document. */
  readonly field: string;
  readonly message: string;
}

/** The outcome of reading a configuration. */
export type ConfigResult =
  | { readonly ok: true; readonly config: MonitorConfig }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** Defaults of every optional setting. */
export const MONITOR_DEFAULTS = {
  listen: "127.0.0.1:9184",
  intervalMs: 60_000,
  timeoutMs: 10_000,
  jitter: 0.1,
  concurrency: 8,
  maxZipBytes: 16 << 20,
  modulesPerProbe: 1,
  failureThreshold: 3,
  recoveryThreshold: 1,
  receiverTimeoutMs: 5_000,
  receiverRetries: 3,
  /** The protocol checker's small, stable public modules (one with upper-case letters, for escaping). */
  modules: DEFAULT_PROBE_MODULES.map((m) => `${m.path}@${m.version}`),
} as const;

/** Checksum databases whose key is built into the go command (modfetch/key.go:knownGOSUMDB). */
const KNOWN_KEYS: Readonly<Record<string, string>> = { "sum.golang.org": SUM_GOLANG_ORG_KEY };

const duration = { type: "string" } as const;
const moduleList = { type: "array", items: { type: "string" }, maxItems: 100 } as const;
const url = { type: "string", minLength: 1, maxLength: 2048 } as const;

/** The JSON schema of monitor.yaml (its structure; values are checked after it, with better messages). */
export const MONITOR_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["targets"],
  properties: {
    listen: { type: "string" },
    instance: { type: "string", maxLength: 200 },
    interval: duration,
    timeout: duration,
    jitter: { type: "number", minimum: 0, maximum: 1 },
    concurrency: { type: "integer", minimum: 1, maximum: 256 },
    max_zip_bytes: { type: "integer", minimum: 1024, maximum: 1 << 30 },
    modules_per_probe: { type: "integer", minimum: 1, maximum: 100 },
    modules: moduleList,
    checksum_database: {
      type: "object",
      additionalProperties: false,
      required: ["url"],
      properties: { url, key: { type: "string" } },
    },
    targets: {
      type: "array",
      minItems: 1,
      maxItems: 1000,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["url"],
        properties: {
          url,
          type: { enum: ["goproxy", "sumdb"] },
          modules: moduleList,
          interval: duration,
          timeout: duration,
          sumdb: { type: "string", minLength: 1 },
          key: { type: "string" },
        },
      },
    },
    alerting: {
      type: "object",
      additionalProperties: false,
      properties: {
        failure_threshold: { type: "integer", minimum: 1, maximum: 1000 },
        recovery_threshold: { type: "integer", minimum: 1, maximum: 1000 },
        receivers: {
          type: "array",
          maxItems: 50,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["url"],
            properties: {
              name: { type: "string", minLength: 1, maxLength: 100 },
              type: { enum: ["webhook", "slack"] },
              url,
              timeout: duration,
              retries: { type: "integer", minimum: 0, maximum: 10 },
            },
          },
        },
      },
    },
  },
} as const;

type Path = readonly (string | number)[];

/** Where a field is: line and column of its value (or of its key), or null. */
type Locate = (path: Path, key?: boolean) => { line: number; column: number } | null;

let validator: ReturnType<Ajv["compile"]> | null = null;

function validateSchema(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(MONITOR_CONFIG_SCHEMA);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** `targets[1].url` from ["targets", 1, "url"]. */
export function fieldName(path: Path): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s === "" ? p : `.${p}`;
  return s;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function schemaErrors(errors: readonly ErrorObject[], locate: Locate): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path: (string | number)[] = pathOf(e.instancePath);
    let key = false;
    let message = e.message ?? "is invalid";
    if (e.keyword === "additionalProperty" || e.keyword === "additionalProperties") {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      path = [...path, name];
      key = true;
      message = "unknown field";
    } else if (e.keyword === "required") {
      const name = String((e.params as { missingProperty: string }).missingProperty);
      const where = locate(path);
      const text = `${fieldName([...path, name])}: required field missing`;
      if (!seen.has(text)) {
        seen.add(text);
        out.push({
          ...(where ?? { line: null, column: null }),
          field: fieldName([...path, name]),
          message: "required field missing",
        });
      }
      continue;
    } else if (e.keyword === "enum") {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    const where = locate(path, key);
    const text = `${fieldName(path)}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ ...(where ?? { line: null, column: null }), field: fieldName(path), message });
  }
  return out;
}

// ---------- values ----------

/** The raw shape after the schema check: derived from the schema itself (json-schema-to-ts), never restated. */
type RawConfig = FromSchema<typeof MONITOR_CONFIG_SCHEMA>;

/**
 * Parses `path@version` for a sentinel module: the path must be a valid module path and the version a
 * canonical semantic version agreeing with the path's major suffix (module.Check, then canonical form).
 * @returns the module, or the error text.
 */
export function parseSentinelModule(arg: string): SentinelModule | string {
  const at = arg.lastIndexOf("@");
  if (at <= 0) return `${JSON.stringify(arg)}: want module@version, e.g. rsc.io/quote@v1.5.2`;
  const path = arg.slice(0, at);
  const version = arg.slice(at + 1);
  try {
    checkPathVersion(path, version);
  } catch (e) {
    return errorText(e);
  }
  if (canonicalVersion(version) !== version)
    return `${path}@${version}: version must be canonical (${canonicalVersion(version)})`;
  return { path, version };
}

/** Checks an http(s) URL without query or fragment; returns it without trailing slashes, or an error text. */
function checkURL(raw: string): { url: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { error: "not a URL" };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return { error: "must be an http:// or https:// URL" };
  if (u.search !== "" || u.hash !== "") return { error: "must not have a query or fragment" };
  return { url: raw.replace(/\/+$/, "") };
}

function checkKey(key: string): { name: string } | { error: string } {
  try {
    return { name: checkVerifierKey(key).name };
  } catch (e) {
    return { error: `invalid verifier key: ${errorText(e)}` };
  }
}

/** Parses `HOST:PORT` (`:9184` for every interface, `[::1]:9184`). */
export function parseListen(s: string): { host: string; port: number } | string {
  const hp = splitHostPort(s);
  if (hp === null || !/^[0-9]{1,5}$/.test(hp.port) || Number(hp.port) > 65535)
    return `${JSON.stringify(s)}: want HOST:PORT, e.g. 127.0.0.1:9184 or :9184`;
  return { host: hp.host, port: Number(hp.port) };
}

/**
 * Turns a schema-valid raw object into a {@link MonitorConfig}, checking every value (durations, URLs,
 * module versions, keys, duplicates). `locate` points errors at the source; `name` renames fields (the
 * quick-start flags).
 */
function normalize(raw: RawConfig, locate: Locate, name: (p: Path) => string): ConfigResult {
  const errors: ConfigError[] = [];
  const fail = (path: Path, message: string) =>
    errors.push({ ...(locate(path) ?? { line: null, column: null }), field: name(path), message });
  const dur = (path: Path, v: string | undefined, dflt: number, min: number): number => {
    if (v === undefined) return dflt;
    const ms = parseDuration(v);
    if (ms === null) fail(path, `${JSON.stringify(v)} is not a duration: want e.g. 500ms, 30s, 1m30s`);
    else if (ms < min) fail(path, `must be at least ${min} ms`);
    return ms ?? dflt;
  };
  const modules = (path: Path, list: readonly string[] | undefined): SentinelModule[] | null => {
    if (list === undefined) return null;
    const out: SentinelModule[] = [];
    list.forEach((m, i) => {
      const r = parseSentinelModule(m);
      if (typeof r === "string") fail([...path, i], r);
      else if (out.some((o) => o.path === r.path && o.version === r.version))
        fail([...path, i], "listed twice");
      else out.push(r);
    });
    return out;
  };

  let listen = { host: "127.0.0.1", port: 9184 };
  if (raw.listen !== undefined) {
    const l = parseListen(raw.listen);
    if (typeof l === "string") fail(["listen"], l);
    else listen = l;
  }
  const intervalMs = dur(["interval"], raw.interval, MONITOR_DEFAULTS.intervalMs, 100);
  const timeoutMs = dur(["timeout"], raw.timeout, MONITOR_DEFAULTS.timeoutMs, 10);
  const defaultModules =
    modules(["modules"], raw.modules) ??
    MONITOR_DEFAULTS.modules.map((m) => parseSentinelModule(m) as SentinelModule);

  let checksumDatabase: MonitorConfig["checksumDatabase"] = null;
  if (raw.checksum_database !== undefined) {
    const u = checkURL(raw.checksum_database.url);
    const host = "url" in u ? new URL(u.url).host : "";
    const key = raw.checksum_database.key ?? KNOWN_KEYS[host];
    if ("error" in u) fail(["checksum_database", "url"], u.error);
    else if (key === undefined)
      fail(["checksum_database", "key"], `required: no verifier key is built in for ${host}`);
    else {
      const k = checkKey(key);
      if ("error" in k) fail(["checksum_database", "key"], k.error);
      else checksumDatabase = { url: u.url, key, name: k.name };
    }
  }

  const targets: MonitorTarget[] = [];
  const labels = new Map<string, number>();
  raw.targets.forEach((t, i) => {
    const at = (f: string): Path => ["targets", i, f];
    const u = checkURL(t.url);
    if ("error" in u) {
      fail(at("url"), u.error);
      return;
    }
    const label = redactURL(u.url);
    const dup = labels.get(label);
    if (dup !== undefined) fail(at("url"), `the same URL as targets[${dup}]`);
    labels.set(label, i);
    const base = {
      url: u.url,
      label,
      intervalMs: dur(at("interval"), t.interval, intervalMs, 100),
      timeoutMs: dur(at("timeout"), t.timeout, timeoutMs, 10),
    };
    if ((t.type ?? "goproxy") === "goproxy") {
      if (t.key !== undefined) fail(at("key"), 'only for targets of type "sumdb"');
      targets.push({
        ...base,
        kind: "goproxy",
        modules: modules(["targets", i, "modules"], t.modules) ?? defaultModules,
        sumdbName: t.sumdb ?? null,
      });
      return;
    }
    if (t.modules !== undefined) fail(at("modules"), 'only for targets of type "goproxy"');
    if (t.sumdb !== undefined) fail(at("sumdb"), 'only for targets of type "goproxy"');
    const key = t.key ?? KNOWN_KEYS[new URL(u.url).host];
    if (key === undefined) {
      fail(at("key"), `required: no verifier key is built in for ${new URL(u.url).host}`);
      return;
    }
    const k = checkKey(key);
    if ("error" in k) fail(at("key"), k.error);
    else targets.push({ ...base, kind: "sumdb", key, name: k.name });
  });

  const receivers: Receiver[] = [];
  (raw.alerting?.receivers ?? []).forEach((r, i) => {
    const at = (f: string): Path => ["alerting", "receivers", i, f];
    const kind = r.type ?? "webhook";
    const rname = r.name ?? `${kind}-${i}`;
    if (receivers.some((o) => o.name === rname)) fail(at("name"), `the same name as another receiver`);
    const u = checkURL(r.url);
    if ("error" in u) {
      fail(at("url"), u.error);
      return;
    }
    receivers.push({
      name: rname,
      kind,
      url: u.url,
      timeoutMs: dur(at("timeout"), r.timeout, MONITOR_DEFAULTS.receiverTimeoutMs, 10),
      retries: r.retries ?? MONITOR_DEFAULTS.receiverRetries,
    });
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      listen,
      instance: raw.instance ?? null,
      intervalMs,
      timeoutMs,
      jitter: raw.jitter ?? MONITOR_DEFAULTS.jitter,
      concurrency: raw.concurrency ?? MONITOR_DEFAULTS.concurrency,
      maxZipBytes: raw.max_zip_bytes ?? MONITOR_DEFAULTS.maxZipBytes,
      modulesPerProbe: raw.modules_per_probe ?? MONITOR_DEFAULTS.modulesPerProbe,
      modules: defaultModules,
      targets,
      checksumDatabase,
      alerting: {
        failureThreshold: raw.alerting?.failure_threshold ?? MONITOR_DEFAULTS.failureThreshold,
        recoveryThreshold: raw.alerting?.recovery_threshold ?? MONITOR_DEFAULTS.recoveryThreshold,
        receivers,
      },
    },
  };
}

// ---------- YAML with positions ----------

function locator(contents: unknown, lc: LineCounter): Locate {
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return (path, key = false) => {
    let node = contents as Node | null | undefined;
    let last: Node | null = (node as Node | null) ?? null;
    for (const [i, seg] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
        if (pair === undefined) break;
        const isLast = i === path.length - 1;
        node = (isLast && key) || pair.value === null ? (pair.key as Node) : (pair.value as Node);
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg] as Node | undefined;
        if (item === undefined) break;
        node = item;
      } else break;
      last = node ?? last;
    }
    const range = last?.range;
    return range ? pos(range[0]) : null;
  };
}

/**
 * Parses and checks monitor.yaml's text. Never throws: YAML syntax errors, schema violations (unknown
 * fields, wrong types, missing fields) and bad values all come back as {@link ConfigError}s with the line
 * and column of the offending key or value.
 */
export function parseMonitorConfig(text: string): ConfigResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return {
          line: p.line,
          column: p.col,
          field: "",
          message: `YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ line: null, column: null, field: "", message: `YAML: ${errorText(e)}` }] };
  }
  if (data === null || data === undefined)
    return { ok: false, errors: [{ line: 1, column: 1, field: "", message: "the configuration is empty" }] };
  const locate = locator(doc.contents, lc);
  const errs = validateSchema(data);
  if (errs.length > 0) return { ok: false, errors: schemaErrors(errs, locate) };
  return normalize(data as RawConfig, locate, fieldName);
}

/** The quick-start flags of `monitor` (no configuration file). */
export interface QuickStartFlags {
  /** `--target URL…`: GOPROXY mirrors; a checksum database whose key go knows (sum.golang.org) is one too. */
  readonly targets: readonly string[];
  /** `--module M@V…` (default {@link MONITOR_DEFAULTS}.modules). */
  readonly modules?: readonly string[];
  /** `--listen HOST:PORT`. */
  readonly listen?: string;
  /** `--interval DURATION`. */
  readonly interval?: string;
  /** `--webhook URL…`: generic JSON webhooks (URLs of hooks.slack.com get Slack's shape). */
  readonly webhooks?: readonly string[];
}

const FLAG_OF: Readonly<Record<string, string>> = {
  targets: "--target",
  modules: "--module",
  listen: "--listen",
  interval: "--interval",
  alerting: "--webhook",
};

/**
 * The configuration the quick-start flags describe, checked like a file; errors name the flag
 * (`--target`, `--module`…) instead of a line.
 */
export function quickStartConfig(flags: QuickStartFlags): ConfigResult {
  if (flags.targets.length === 0)
    return {
      ok: false,
      errors: [
        { line: null, column: null, field: "--target", message: "give at least one, or --config FILE" },
      ],
    };
  const raw: RawConfig = {
    targets: flags.targets.map((u) => {
      let host = "";
      try {
        host = new URL(u).host;
      } catch {
        // reported by normalize
      }
      return { url: u, type: KNOWN_KEYS[host] !== undefined ? "sumdb" : "goproxy" };
    }),
    ...(flags.modules !== undefined && flags.modules.length > 0 && { modules: [...flags.modules] }),
    ...(flags.listen !== undefined && { listen: flags.listen }),
    ...(flags.interval !== undefined && { interval: flags.interval }),
    ...(flags.webhooks !== undefined &&
      flags.webhooks.length > 0 && {
        alerting: {
          receivers: flags.webhooks.map((u) => ({
            url: u,
            type: /^https:\/\/hooks\.slack\.com\//.test(u) ? ("slack" as const) : ("webhook" as const),
          })),
        },
      }),
  };
  const name = (p: Path) => {
    const flag = FLAG_OF[String(p[0])] ?? fieldName(p);
    const index = p.find((x) => typeof x === "number");
    return index === undefined ? flag : `${flag} #${index + 1}`;
  };
  return normalize(raw, () => null, name);
}

/** One error as a line for a person: `monitor.yaml:12:5: targets[1].url: not a URL`. */
export function formatConfigError(file: string | null, e: ConfigError): string {
  const where = file === null ? "" : e.line === null ? `${file}: ` : `${file}:${e.line}:${e.column ?? 1}: `;
  return `${where}${e.field === "" ? "" : `${e.field}: `}${e.message}`;
}
