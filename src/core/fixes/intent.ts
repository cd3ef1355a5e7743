/**
 * The fix intent: the corrected module-download settings a person wants, independent of where they will be
 * written (a shell, a Dockerfile, a workflow…). Built either from explicit options (`--goproxy`, `--private`,
 * `--sumdb`, `--ca`, `--https-proxy`…) or from the findings of a `check` run plus the user's current
 * explicit settings; then passed through the security rule (policy.ts). Renderers in targets/ turn it into
 * each target's idiom.
 *
 * Credentials never enter an intent: URL userinfo becomes references to named secrets ({@link Template}),
 * and a credential the user needs is a {@link CredentialNeed} (host + secret names), never a value.
 */
import type { Cause } from "../causes.js";
import type { EnvValue } from "../config/environment.js";
import { parseGOFLAGS } from "../config/goflags.js";
import { parseProxyList } from "../config/goproxy.js";
import { parseGOSUMDB } from "../config/gosumdb.js";
import type { Finding, Severity } from "../finding.js";
import { type GoURL, parseURL } from "../gourl.js";
import { parseProxy } from "../httpproxy.js";
import { redactURL, stripGoproxyCredentials } from "../redact.js";
import { isDistroCertFile } from "../tlsroots.js";
import type { Change } from "./change.js";
import { weakening } from "./policy.js";
import { checkValueText, display, hasSecret, lit, type Part, type Template } from "./quote.js";

/** Every variable an intent can set, in the order snippets list them. */
export const SETTING_NAMES = [
  "GOPROXY",
  "GOPRIVATE",
  "GONOPROXY",
  "GONOSUMDB",
  "GOSUMDB",
  "GOFLAGS",
  "GOINSECURE",
  "GOTOOLCHAIN",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "SSL_CERT_FILE",
] as const;

/** A variable an intent can set. */
export type SettingName = (typeof SETTING_NAMES)[number];

/** Variables `go env -w` accepts (cfg.KnownEnv): the GO* ones; HTTP proxy and TLS variables are read by Go's libraries only. */
export const GO_ENV_SETTINGS: ReadonlySet<SettingName> = new Set(
  SETTING_NAMES.filter((n) => n.startsWith("GO")),
);

/** Go's built-in values (cfg.go defaults / $GOROOT/go.env), not worth repeating in a snippet. */
const DEFAULTS: Partial<Record<SettingName, string>> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
};

/** Where a setting of the intent comes from. */
export type SettingOrigin = "option" | "current" | "corrected";

/** One variable to set. */
export interface IntentSetting {
  readonly name: SettingName;
  readonly value: Template;
  readonly origin: SettingOrigin;
  /** Why it is set, for people: the option, the finding id, or "your current setting". */
  readonly reason: string;
  /** Non-null when the value weakens security and the user allowed it (--allow-insecure): what it risks. */
  readonly weakens: string | null;
}

/** A credential go needs for a host (from ~/.netrc, or GOAUTH on Go ≥ 1.24); names of secrets, never values. */
export interface CredentialNeed {
  /** Host name without port (the .netrc `machine` go 1.19–1.23 matches). */
  readonly host: string;
  /** Secret holding the login. */
  readonly loginSecret: string;
  /** Secret holding the password or token. */
  readonly passwordSecret: string;
  readonly reason: string;
}

/** A finding the intent does not settle with a setting: the user has to act (install git, free disk…). */
export interface ManualStep {
  readonly id: string;
  readonly severity: Severity;
  readonly cause: Cause | null;
  readonly message: string;
  readonly fix: readonly string[];
}

/** The corrected settings. */
export interface FixIntent {
  /** Settings in {@link SETTING_NAMES} order, at most one per name. */
  readonly settings: readonly IntentSetting[];
  /** Variables to remove where the user set them (GOSUMDB=off, GO111MODULE=off, an unreadable SSL_CERT_FILE…). */
  readonly unset: readonly { readonly name: string; readonly reason: string }[];
  /** A CA bundle (PEM) go must trust, as given by --ca or the current SSL_CERT_FILE. */
  readonly ca: { readonly path: string; readonly origin: SettingOrigin } | null;
  /** True when a TLS-interception finding calls for a CA but none was given. */
  readonly caNeeded: boolean;
  readonly credentials: readonly CredentialNeed[];
  /** Settings set both in the environment and by `go env -w` (the environment wins; cfg.Getenv). */
  readonly shadowed: readonly string[];
  /** Variables currently exported in the environment (a `go env -w` of them would be overridden). */
  readonly exported: readonly string[];
  /** Settings of the current configuration that weaken security and were left out. */
  readonly dropped: readonly { readonly name: string; readonly value: string; readonly reason: string }[];
  readonly manual: readonly ManualStep[];
  /** Security and other warnings to print with every target. */
  readonly warnings: readonly string[];
  /** Finding ids that the settings address. */
  readonly addressed: readonly string[];
  /**
   * Changes of the GOENV file under a variable the environment sets (its value stays in force): `go env -w`
   * (value) or `go env -u` (null). Only targets that run go on this machine (shell, PowerShell, cmd) print them.
   */
  readonly goenvFile: readonly { readonly name: string; readonly value: string | null }[];
}

/** Explicit intent (the command-line options). Values are as the user typed them. */
export interface IntentOptions {
  readonly goproxy?: string;
  /** GOPRIVATE patterns (comma-separated). */
  readonly private?: string;
  readonly noproxy?: string;
  readonly nosumdb?: string;
  readonly sumdb?: string;
  /** Path of a PEM CA bundle. */
  readonly ca?: string;
  readonly httpsProxy?: string;
  readonly httpProxy?: string;
  readonly noProxy?: string;
  readonly goflags?: string;
  /** GOINSECURE patterns: only with allowInsecure. */
  readonly insecure?: string;
  /** Permit settings that weaken security (each then carries a warning). */
  readonly allowInsecure?: boolean;
}

/** Reports whether any explicit intent option is present (then no check is run). */
export function hasExplicitIntent(o: IntentOptions): boolean {
  return [
    o.goproxy,
    o.private,
    o.noproxy,
    o.nosumdb,
    o.sumdb,
    o.ca,
    o.httpsProxy,
    o.httpProxy,
    o.noProxy,
    o.goflags,
    o.insecure,
  ].some((v) => v !== undefined);
}

/** The upper-snake form of a host, for secret names: `mirror.corp.example:8443` → `MIRROR_CORP_EXAMPLE`. */
export function hostSecretPrefix(host: string): string {
  const base = host
    .replace(/:\d+$/, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[A-Z_]/.test(base) ? base : `HOST_${base}`;
}

function hostOf(u: GoURL): string {
  return u.host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
}

function credentialFor(host: string, reason: string): CredentialNeed {
  const p = hostSecretPrefix(host);
  return { host, loginSecret: `${p}_LOGIN`, passwordSecret: `${p}_TOKEN`, reason };
}

/**
 * A proxy URL as a template: userinfo replaced by secret references `<NAME>_USER` and `<NAME>_PASSWORD`
 * (the values themselves are discarded). Returns null for a value that is not a URL with userinfo.
 */
export function proxyTemplate(name: string, value: string): Template {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/@\s]*)@(.*)$/.exec(value);
  if (m === null) return lit(value);
  const user = m[2]!;
  const colon = user.indexOf(":");
  const t: Part[] = [{ lit: m[1]! }];
  t.push({ secret: `${name}_USER` });
  if (colon >= 0) t.push({ lit: ":" }, { secret: `${name}_PASSWORD` });
  t.push({ lit: `@${m[3]!}` });
  return t;
}

export { stripGoproxyCredentials };

/** The result of reading explicit options: the intent, or usage errors (exit 2). */
export type IntentResult = { readonly intent: FixIntent } | { readonly errors: readonly string[] };

interface Builder {
  settings: Map<SettingName, IntentSetting>;
  unset: Map<string, string>;
  ca: FixIntent["ca"];
  caNeeded: boolean;
  credentials: Map<string, CredentialNeed>;
  shadowed: string[];
  exported: string[];
  allowInsecure: boolean;
  dropped: { name: string; value: string; reason: string }[];
  manual: ManualStep[];
  warnings: string[];
  addressed: Set<string>;
  goenvFile: { name: string; value: string | null }[];
}

function builder(): Builder {
  return {
    settings: new Map(),
    unset: new Map(),
    ca: null,
    caNeeded: false,
    credentials: new Map(),
    shadowed: [],
    exported: [],
    allowInsecure: false,
    dropped: [],
    manual: [],
    warnings: [],
    addressed: new Set(),
    goenvFile: [],
  };
}

/**
 * Removes URL userinfo from the literal parts of a value (defence in depth: GOSUMDB's URL field, a pattern
 * pasted with a URL…); each host that had credentials becomes a credential need.
 */
function withoutCredentials(b: Builder, name: SettingName, value: Template): Template {
  return value.map((p) => {
    if (!("lit" in p)) return p;
    const { value: clean, hosts } = stripGoproxyCredentials(p.lit);
    for (const h of hosts)
      b.credentials.set(h, credentialFor(h, `${name} had credentials in a URL for ${h}`));
    return { lit: clean };
  });
}

function set(b: Builder, name: SettingName, value: Template, origin: SettingOrigin, reason: string): void {
  b.settings.set(name, { name, value: withoutCredentials(b, name, value), origin, reason, weakens: null });
  b.unset.delete(name);
}

function unset(b: Builder, name: string, reason: string): void {
  b.settings.delete(name as SettingName);
  b.unset.set(name, reason);
}

function patternErrors(flag: string, patterns: string): string[] {
  const errs: string[] = [];
  for (const raw of patterns.split(",")) {
    const p = raw.trim();
    if (p === "") continue;
    if (p.includes("://"))
      errs.push(`${flag}: pattern ${JSON.stringify(p)} has a URL scheme; patterns match module paths`);
    else if (/^[^/]*:\d*(\/|$)/.test(p))
      errs.push(`${flag}: pattern ${JSON.stringify(p)} has a port; module paths have none`);
  }
  if (patterns !== patterns.trim() || /\s,|,\s/.test(patterns))
    errs.push(`${flag}: patterns are separated by commas without spaces (go keeps the spaces)`);
  return errs;
}

/**
 * Applies the security rule: a weakening setting is kept only with allowInsecure (and then carries a
 * warning); otherwise it is dropped (current settings) — explicit options were refused earlier.
 */
function applyPolicy(b: Builder, allowInsecure: boolean): void {
  const nosumdbSet = b.settings.has("GONOSUMDB");
  for (const s of [...b.settings.values()]) {
    if (hasSecret(s.value)) continue;
    const why = weakening(s.name, display(s.value), nosumdbSet);
    if (why === null) continue;
    if (allowInsecure) {
      b.settings.set(s.name, { ...s, weakens: why });
      b.warnings.push(`INSECURE (allowed by --allow-insecure): ${why}.`);
    } else {
      b.settings.delete(s.name);
      b.dropped.push({
        name: s.name,
        value: redactURL(display(s.value)),
        reason: `${why}; not carried over (pass --allow-insecure to keep it)`,
      });
    }
  }
}

function finish(b: Builder): FixIntent {
  const settings = SETTING_NAMES.flatMap((n) => {
    const s = b.settings.get(n);
    return s === undefined ? [] : [s];
  });
  return {
    settings,
    unset: [...b.unset].map(([name, reason]) => ({ name, reason })),
    ca: b.ca,
    caNeeded: b.caNeeded && b.ca === null,
    credentials: [...b.credentials.values()],
    shadowed: b.shadowed,
    exported: b.exported,
    dropped: b.dropped,
    manual: b.manual,
    warnings: b.warnings,
    addressed: [...b.addressed],
    goenvFile: b.goenvFile,
  };
}

function addGoproxy(b: Builder, raw: string, origin: SettingOrigin, reason: string): void {
  const { value, hosts } = stripGoproxyCredentials(raw);
  for (const h of hosts) {
    b.credentials.set(h, credentialFor(h, `GOPROXY had credentials in its URL for ${h}`));
  }
  if (hosts.length > 0)
    b.warnings.push(
      `Credentials were removed from GOPROXY (they show in \`go env\`, in shell history and in the world-readable GOENV file); go reads them from ~/.netrc instead.`,
    );
  set(b, "GOPROXY", lit(value), origin, reason);
}

function addProxyVar(b: Builder, name: "HTTPS_PROXY" | "HTTP_PROXY", raw: string, origin: SettingOrigin) {
  const t = proxyTemplate(name, raw);
  if (hasSecret(t))
    b.warnings.push(
      `${name} carries credentials: they are not printed; the snippet reads them from the secrets ${t
        .flatMap((p) => ("secret" in p ? [p.secret] : []))
        .join(" and ")}.`,
    );
  set(
    b,
    name,
    t,
    origin,
    origin === "option" ? `--${name.toLowerCase().replace("_", "-")}` : "your current setting",
  );
}

/**
 * Builds the intent from explicit options. Validates each value as go would read it (GOPROXY list,
 * GOSUMDB, GOFLAGS, proxy URLs, patterns) and refuses weakening values without allowInsecure.
 * Never throws; problems are usage errors.
 */
export function intentFromOptions(o: IntentOptions): IntentResult {
  const errors: string[] = [];
  const b = builder();
  const allow = o.allowInsecure === true;
  const text: [string, string | undefined][] = [
    ["--goproxy", o.goproxy],
    ["--private", o.private],
    ["--noproxy", o.noproxy],
    ["--nosumdb", o.nosumdb],
    ["--sumdb", o.sumdb],
    ["--ca", o.ca],
    ["--https-proxy", o.httpsProxy],
    ["--http-proxy", o.httpProxy],
    ["--proxy-bypass", o.noProxy],
    ["--goflags", o.goflags],
    ["--insecure", o.insecure],
  ];
  for (const [flag, v] of text) {
    if (v === undefined) continue;
    const bad = checkValueText(v);
    if (bad !== null) errors.push(`${flag} ${bad}`);
  }
  if (errors.length > 0) return { errors };

  if (o.goproxy !== undefined) {
    const l = parseProxyList(o.goproxy, "");
    if (l.error !== null) errors.push(`--goproxy: go would fail every download with "${redactURL(l.error)}"`);
    else addGoproxy(b, o.goproxy, "option", "--goproxy");
  }
  const patterns: [string, "GOPRIVATE" | "GONOPROXY" | "GONOSUMDB", string | undefined][] = [
    ["--private", "GOPRIVATE", o.private],
    ["--noproxy", "GONOPROXY", o.noproxy],
    ["--nosumdb", "GONOSUMDB", o.nosumdb],
  ];
  for (const [flag, name, v] of patterns) {
    if (v === undefined) continue;
    const errs = patternErrors(flag, v);
    errors.push(...errs);
    if (errs.length === 0) set(b, name, lit(v), "option", flag);
  }
  if (o.sumdb !== undefined) {
    const s = parseGOSUMDB(o.sumdb);
    if (!s.off && "error" in s) errors.push(`--sumdb: go would fail with "${s.error}"`);
    else set(b, "GOSUMDB", lit(o.sumdb), "option", "--sumdb");
  }
  if (o.goflags !== undefined) {
    const g = parseGOFLAGS(o.goflags);
    if (g.error !== null) errors.push(`--goflags: go would fail with "${g.error}"`);
    else set(b, "GOFLAGS", lit(o.goflags), "option", "--goflags");
  }
  if (o.insecure !== undefined) {
    const errs = patternErrors("--insecure", o.insecure);
    errors.push(...errs);
    if (errs.length === 0) set(b, "GOINSECURE", lit(o.insecure), "option", "--insecure");
  }
  for (const [flag, name, v] of [
    ["--https-proxy", "HTTPS_PROXY", o.httpsProxy],
    ["--http-proxy", "HTTP_PROXY", o.httpProxy],
  ] as const) {
    if (v === undefined) continue;
    if (parseProxy(v) === null) errors.push(`${flag}: ${JSON.stringify(redactURL(v))} is not a proxy URL`);
    else addProxyVar(b, name, v, "option");
  }
  if (o.noProxy !== undefined) {
    if (/[;/]/.test(o.noProxy.replace(/\/\d+(,|$)/g, "$1")))
      errors.push(
        "--proxy-bypass: a comma-separated list of hosts, domains (.example.com) and CIDRs; go does not understand ';', schemes or paths",
      );
    else set(b, "NO_PROXY", lit(o.noProxy), "option", "--proxy-bypass");
  }
  if (o.ca !== undefined) {
    if (o.ca.trim() === "") errors.push("--ca needs the path of a PEM CA bundle");
    else b.ca = { path: o.ca, origin: "option" };
  }
  // Explicit weakening needs explicit permission.
  if (!allow) {
    const nosumdb = b.settings.has("GONOSUMDB");
    for (const s of b.settings.values()) {
      const why = hasSecret(s.value) ? null : weakening(s.name, display(s.value), nosumdb);
      if (why !== null) errors.push(`${s.reason}: ${why}. Pass --allow-insecure if you really mean it.`);
    }
  }
  if (errors.length > 0) return { errors };
  applyPolicy(b, allow);
  return { intent: finish(b) };
}

/** What intentFromCheck reads from a check report (kept structural so that core needs no feature types). */
export interface CheckInput {
  /** The resolved configuration, unredacted (values never reach output except through templates). */
  readonly vars: Readonly<Record<string, EnvValue>>;
  readonly findings: readonly Finding[];
  /** Probed endpoints: the GOPROXY entry or database URL (redacted) and the failure cause. */
  readonly endpoints: readonly { readonly entry: string; readonly cause: Cause | null }[];
  /** Names set both in the environment and in the GOENV file. */
  readonly shadowed: readonly string[];
  /** The lint's changes merged per variable (core/fixes/plan.ts), and the ids of the findings they settle. */
  readonly plan?: { readonly changes: readonly Change[]; readonly addressed: readonly string[] };
}

/** A value go read from the GOENV file, cleaned of what go keeps literally by mistake (quotes, CR). */
function cleanGoenvValue(v: string): string {
  const noCR = v.replace(/\r$/, "");
  const m = /^(["'])(.*)\1$/.exec(noCR);
  return (m === null ? noCR : m[2]!).trim();
}

/**
 * Applies one planned change (core/fixes/change.ts) to the intent. A change of the GOENV file under an
 * exported variable goes to goenvFile (the intent's settings hold one value per variable: the exported one).
 * With allowInsecure, the removal of a weakening setting the user has is not applied (they asked to keep it).
 */
function applyPlanned(b: Builder, c: Change, vars: CheckInput["vars"], reason: string): void {
  if (c.scope === "goenv-file" && vars[c.name]?.source === "environment") {
    b.goenvFile.push({ name: c.name, value: c.op === "set" ? c.value : null });
    return;
  }
  const name = c.name as SettingName;
  if (c.op === "unset") {
    if (b.allowInsecure && weakening(c.name, vars[c.name]?.value ?? "") !== null) return;
    unset(b, c.name, reason);
    if (c.name === "SSL_CERT_FILE") b.ca = null;
    return;
  }
  if (c.op !== "set") return; // merged plans hold only set and unset
  if (!(SETTING_NAMES as readonly string[]).includes(c.name)) {
    b.manual.push({
      id: "fix.plan",
      severity: "warning",
      cause: null,
      message: `set ${c.name}=${c.value}`,
      fix: [`${c.scope === "environment" ? "export" : "go env -w"} ${c.name}=${c.value}`],
    });
    return;
  }
  if (name === "GOPROXY") addGoproxy(b, c.value, "corrected", reason);
  else set(b, name, lit(c.value), "corrected", reason);
}

/**
 * Builds the intent from a check run: the user's explicit settings (environment or GOENV file) carried
 * over, cleaned, then corrected by the fixes of error and warning findings, then the security rule.
 * Derivation goes by finding id and cause (table above), reading only the machine-made fix commands.
 * Never throws.
 */
export function intentFromCheck(input: CheckInput, o: { allowInsecure?: boolean } = {}): FixIntent {
  const b = builder();
  b.allowInsecure = o.allowInsecure === true;
  for (const name of SETTING_NAMES) {
    const v = input.vars[name];
    if (v === undefined || (v.source !== "environment" && v.source !== "goenv-file")) continue;
    const value = v.source === "goenv-file" ? cleanGoenvValue(v.value) : v.value;
    if (value === "" || value === DEFAULTS[name] || checkValueText(value) !== null) continue;
    if (name === "SSL_CERT_FILE") {
      // The distribution's own bundle is what go reads anyway on that machine, and wrong on any other.
      if (!isDistroCertFile(value)) b.ca = { path: value, origin: "current" };
      continue;
    }
    if (name === "GOPROXY") addGoproxy(b, value, "current", "your current setting");
    else if (name === "HTTPS_PROXY" || name === "HTTP_PROXY") addProxyVar(b, name, value, "current");
    else set(b, name, lit(value), "current", "your current setting");
  }
  b.shadowed.push(...input.shadowed);
  b.exported.push(
    ...Object.entries(input.vars)
      .filter(([, v]) => v.source === "environment" && v.value !== "")
      .map(([k]) => k),
  );
  const planned = new Set(input.plan?.addressed ?? []);
  for (const c of input.plan?.changes ?? []) applyPlanned(b, c, input.vars, "the lint's fix");
  for (const f of input.findings) {
    if (f.severity === "info") continue;
    if (planned.has(f.id)) {
      b.addressed.add(f.id);
      continue;
    }
    if (f.cause === "tls-untrusted") {
      b.caNeeded = true;
      b.addressed.add(f.id);
      continue;
    }
    if (f.id.startsWith("endpoint.") && f.cause === "proxy-auth") continue; // below, from the endpoint
    b.manual.push({ id: f.id, severity: f.severity, cause: f.cause, message: f.message, fix: f.fix });
  }
  for (const e of input.endpoints) {
    if (e.cause !== "proxy-auth") continue;
    let host = "";
    try {
      host = parseURL(e.entry.startsWith("http") ? e.entry : `https://${e.entry}`).host;
    } catch {
      continue;
    }
    const h = host.replace(/:\d+$/, "").toLowerCase();
    b.credentials.set(h, credentialFor(h, `${e.entry} answered 401/403/407`));
    b.addressed.add("endpoint.proxy-auth");
  }
  applyPolicy(b, o.allowInsecure === true);
  return finish(b);
}

/** Reports whether an intent changes nothing (no setting, unset, CA or credential). */
export function isEmptyIntent(i: FixIntent): boolean {
  return i.settings.length === 0 && i.unset.length === 0 && i.ca === null && i.credentials.length === 0;
}

/** The host of a URL (no port, lower case), or "" when it does not parse. */
export function urlHost(raw: string): string {
  try {
    return hostOf(parseURL(raw));
  } catch {
    return "";
  }
}
