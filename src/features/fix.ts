/**
 * `goproxy-doctor fix --for TARGET`: corrected module-download settings in the idiom of a shell, PowerShell,
 * cmd, a Dockerfile, a CI workflow, VS Code, a dev container or WSL2.
 *
 * Input: explicit intent (options), or else the findings of a `check` run — offline by default, so that
 * fix is fast and touches no network (`online` runs the probes too). Output: the rendered target, and with
 * `write` a planned edit of the target's file (unified diff included) that {@link writePlannedFile} applies
 * atomically. Planning never writes anything.
 */
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { Document, Scalar, ToStringOptions } from "yaml";
import { applyBlock, dockerEscapeOf, parseJsonc, setJsoncValues } from "../core/fixes/edit.js";
import {
  type FixIntent,
  hasExplicitIntent,
  type IntentOptions,
  intentFromCheck,
  intentFromOptions,
} from "../core/fixes/intent.js";
import { renderTarget } from "../core/fixes/render.js";
import {
  type FileEdit,
  isTarget,
  type RenderOptions,
  TARGETS,
  type TargetName,
  type TargetOutput,
} from "../core/fixes/target.js";
import { redactURL } from "../core/redact.js";
import { type CheckOptions, check } from "./check.js";

/** Options of the fix feature. */
export interface FixOptions extends IntentOptions {
  /** The target name (validated here: an unknown one is a usage error). */
  readonly target: string;
  /** Run check with its network probes (default: offline). */
  readonly online?: boolean;
  /** The environment to analyse and to take HOME, SHELL from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory for relative paths and the default go.mod (default process.cwd()). */
  readonly cwd?: string;
  /** A go.mod whose requirements the check lints (default: ./go.mod when it exists). */
  readonly gomod?: string;
  readonly goPath?: string;
  readonly goVersion?: string;
  /** shell/wsl snippet style (the written profile block always exports). */
  readonly shellStyle?: "goenv" | "export";
  /** Plan an edit of the target's file: true for its default file, or a path. */
  readonly write?: string | true;
  /** Probe deadlines with online (ms). */
  readonly phaseTimeoutMs?: number;
  readonly deadlineMs?: number;
}

/** A planned edit of the target's file. */
export interface PlannedWrite {
  /** Absolute path written (symbolic links resolved). */
  readonly path: string;
  /** The path as the user wrote it or as the target names it, for messages and the diff header. */
  readonly displayPath: string;
  /** Current content, null when the file does not exist. */
  readonly before: string | null;
  readonly after: string;
  /** Unified diff from before to after ("" when unchanged). */
  readonly diff: string;
  readonly changed: boolean;
}

/** Everything fix found and would do. */
export interface FixPlan {
  readonly target: TargetName;
  /** Where the intent came from. */
  readonly source: "options" | "check";
  readonly intent: FixIntent;
  readonly output: TargetOutput;
  /** Check steps that did not run (e.g. the probes, offline). */
  readonly skipped: readonly string[];
  readonly write: PlannedWrite | null;
}

/** The plan, or a usage error (exit 2) with its message. */
export type FixResult = { readonly plan: FixPlan } | { readonly usage: string };

function usage(message: string): FixResult {
  return { usage: message };
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || "";
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The default shell profile: ~/.zshrc for zsh users, else ~/.bashrc. */
function defaultProfile(env: NodeJS.ProcessEnv): string {
  return (env.SHELL ?? "").endsWith("zsh") ? "~/.zshrc" : "~/.bashrc";
}

/** Why a CA file cannot be used (missing, unreadable, not PEM certificates), or null. */
function caFileProblem(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
  }
  return text.includes("-----BEGIN CERTIFICATE-----")
    ? null
    : "not a PEM file with certificates (go reads -----BEGIN CERTIFICATE----- blocks)";
}

async function buildIntent(o: FixOptions, env: NodeJS.ProcessEnv, cwd: string) {
  if (hasExplicitIntent(o)) {
    const r = intentFromOptions(o);
    if ("errors" in r) return { errors: r.errors };
    if (o.ca !== undefined) {
      const problem = caFileProblem(isAbsolute(o.ca) ? o.ca : resolve(cwd, o.ca));
      if (problem !== null) return { errors: [`--ca ${o.ca}: ${problem}`] };
    }
    return { intent: r.intent, source: "options" as const, skipped: [] as string[] };
  }
  const gomod = o.gomod ?? (existsSync(join(cwd, "go.mod")) ? join(cwd, "go.mod") : undefined);
  const opts: CheckOptions = {
    env,
    offline: o.online !== true,
    crossCheck: o.online === true,
    ...(gomod !== undefined && { gomod }),
    ...(o.goPath !== undefined && { goPath: o.goPath }),
    ...(o.goVersion !== undefined && { goVersion: o.goVersion }),
    ...(o.phaseTimeoutMs !== undefined && { phaseTimeoutMs: o.phaseTimeoutMs }),
    ...(o.deadlineMs !== undefined && { deadlineMs: o.deadlineMs }),
  };
  const report = await check(opts);
  const intent = intentFromCheck(
    {
      vars: report.env.resolved.vars,
      findings: report.findings,
      endpoints: report.endpoints.map((e) => ({ entry: e.entry, cause: e.result.cause })),
      shadowed: report.env.resolved.shadowed.map((s) => s.name),
      plan: report.fixes,
    },
    { allowInsecure: o.allowInsecure === true },
  );
  return { intent, source: "check" as const, skipped: [...report.skipped] };
}

/** Where --write goes: the given path, the target's default, or (workflows) the one workflow there is. */
function writePath(
  target: TargetName,
  file: FileEdit,
  write: string | true,
  cwd: string,
  home: string,
): { path: string; display: string } | { error: string } {
  let display: string;
  if (write !== true) display = write;
  else if (file.defaultPath !== null) display = file.defaultPath;
  else if (target === "github-actions") {
    const dir = join(cwd, ".github", "workflows");
    const found = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
    if (found.length > 1)
      return {
        error: `--write: ${found.length} workflows in .github/workflows (${found.join(", ")}); name the one to edit: --write .github/workflows/<file>`,
      };
    display = `.github/workflows/${found[0] ?? "go.yml"}`;
  } else {
    return {
      error: `--write needs a file for ${target}${target === "powershell" ? " (your profile: the path $PROFILE prints)" : ""}`,
    };
  }
  let path = display;
  if (path === "~" || path.startsWith("~/")) {
    if (home === "") return { error: `--write ${display}: no HOME to expand ~ with` };
    path = join(home, path.slice(2));
  }
  path = isAbsolute(path) ? path : resolve(cwd, path);
  // Write through a symbolic link (dotfiles managed elsewhere) instead of replacing it with a file.
  try {
    path = realpathSync(path);
  } catch {
    // does not exist yet
  }
  return { path, display };
}

/**
 * The stringify options that reproduce the file as it is (or come closest: fewest lines changed), so that
 * the diff shows only the new settings and not a reformatting.
 */
function yamlOptionsFor(doc: Document, original: string): ToStringOptions {
  const candidates: ToStringOptions[] = [];
  for (const indentSeq of [true, false])
    for (const flowCollectionPadding of [false, true])
      for (const indent of [2, 4])
        candidates.push({ lineWidth: 0, indentSeq, flowCollectionPadding, indent });
  const originalLines = new Set(original.split(/\r?\n/));
  let best = candidates[0]!;
  let bestMissing = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const out = doc.toString(c);
    if (out === original) return c;
    const outLines = new Set(out.split("\n"));
    const missing = [...originalLines].filter((l) => !outLines.has(l)).length;
    if (missing < bestMissing) {
      best = c;
      bestMissing = missing;
    }
  }
  return best;
}

/** Sets the entries in a YAML document through the Document API (comments and key order kept). */
export async function editYaml(
  text: string,
  entries: readonly { readonly path: readonly string[]; readonly value: unknown }[],
  target: TargetName,
): Promise<string> {
  // Loaded only when a file is written: fix without --write stays quick to start.
  const { isMap, isScalar, parseDocument } = await import("yaml");
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new Error(`cannot edit invalid YAML: ${doc.errors[0]!.message}`);
  const opts = yamlOptionsFor(doc, text);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents)) throw new Error("the YAML document is not a mapping");
  const root = doc.contents;
  for (const e of entries) {
    const [mapKey, ...rest] = e.path;
    if (mapKey === undefined || rest.length !== 1) throw new Error("internal: YAML entries are [map, key]");
    const existing = root.get(mapKey, true);
    if (e.value === null) {
      if (isMap(existing)) existing.delete(rest[0]);
      continue;
    }
    if (existing === undefined || (isScalar(existing) && existing.value === null)) {
      const pair = doc.createPair(mapKey, {});
      const items = root.items;
      const keys = items.map((p) => (isScalar(p.key) ? String(p.key.value) : ""));
      let at = items.length;
      if (existing !== undefined) at = keys.indexOf(mapKey);
      else if (target === "github-actions" && keys.includes("jobs")) at = keys.indexOf("jobs");
      else if (target === "gitlab-ci") {
        const globals = ["include", "stages", "workflow", "default"]
          .map((k) => keys.indexOf(k))
          .filter((i) => i >= 0);
        at = globals.length > 0 ? Math.max(...globals) + 1 : 0;
      }
      if (existing !== undefined) items.splice(at, 1, pair as never);
      else items.splice(at, 0, pair as never);
    } else if (!isMap(existing)) {
      throw new Error(`${mapKey} is not a mapping in this file`);
    }
    const node = doc.createNode(e.value) as Scalar;
    node.type = "QUOTE_DOUBLE";
    doc.setIn([mapKey, rest[0]], node);
  }
  return doc.toString(opts);
}

async function planWrite(
  target: TargetName,
  out: TargetOutput,
  write: string | true,
  cwd: string,
  home: string,
): Promise<PlannedWrite | { error: string }> {
  const file = out.file;
  if (file === null)
    return {
      error: `--write: ${target} has no file to write (${target === "cmd" ? "setx writes the registry; run the snippet" : "paste the snippet"})`,
    };
  const where = writePath(target, file, write, cwd, home);
  if ("error" in where) return where;
  let before: string | null;
  try {
    before = readOrNull(where.path);
  } catch (e) {
    return { error: `--write: cannot read ${where.display}: ${(e as Error).message}` };
  }
  let after: string;
  try {
    if (file.kind === "block") {
      if (before === null && !file.create)
        return { error: `--write: no ${basename(where.display)} at ${where.display}; pass its path` };
      after = applyBlock(before, file.block, file.placement);
    } else if (file.kind === "json") {
      if (before === null && file.create === null)
        return {
          error: `--write: no ${basename(where.display)} at ${where.display}; create it first (it needs an image or a Dockerfile)`,
        };
      after = setJsoncValues(before ?? file.create!, file.entries);
      parseJsonc(after); // the result must still be valid JSONC
    } else {
      after = before === null ? file.create! : await editYaml(before, file.entries, target);
      if (before === null && file.create === null) return { error: `--write: no file at ${where.display}` };
    }
  } catch (e) {
    return { error: `--write: cannot edit ${where.display}: ${(e as Error).message}` };
  }
  const changed = after !== before;
  const { createTwoFilesPatch } = await import("diff");
  const diff = changed
    ? createTwoFilesPatch(
        where.display,
        where.display,
        before ?? "",
        after,
        before === null ? "(new file)" : "(current)",
        "(goproxy-doctor fix)",
      )
    : "";
  return { path: where.path, displayPath: where.display, before, after, diff, changed };
}

/**
 * Plans the fix: builds the intent (options, else an offline check), renders the target and, with write,
 * the edit of its file. Writes nothing. Never throws for bad input: usage errors are returned.
 */
export async function planFix(o: FixOptions): Promise<FixResult> {
  if (!isTarget(o.target))
    return usage(`unknown target ${JSON.stringify(o.target)}; valid targets: ${TARGETS.join(", ")}`);
  const target = o.target;
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const home = homeOf(env);
  const built = await buildIntent(o, env, cwd);
  if ("errors" in built) return usage(built.errors!.map(redactURL).join("\n"));
  const renderOpts: RenderOptions = {
    shellProfile: defaultProfile(env),
    ...(o.shellStyle !== undefined && { shellStyle: o.shellStyle }),
  };
  let output = renderTarget(target, built.intent!, renderOpts);
  let write: PlannedWrite | null = null;
  if (o.write !== undefined) {
    // The Dockerfile's escape directive changes how values are quoted: render again with it.
    if (target === "dockerfile" && output.file !== null) {
      const where = writePath(target, output.file, o.write, cwd, home);
      const text = "error" in where ? null : readOrNull(where.path);
      if (text !== null && dockerEscapeOf(text) === "`")
        output = renderTarget(target, built.intent!, { ...renderOpts, dockerEscape: "`" });
    }
    const w = await planWrite(target, output, o.write, cwd, home);
    if ("error" in w) return usage(w.error);
    write = w;
  }
  return {
    plan: { target, source: built.source!, intent: built.intent!, output, skipped: built.skipped!, write },
  };
}

/**
 * Writes a planned file atomically: a temporary file in the same directory, then rename, keeping the
 * file's permissions. Refuses when the file changed since the plan was made. On any failure the temporary
 * file is removed and the original is untouched.
 *
 * @throws Error with a message for people.
 */
export function writePlannedFile(w: PlannedWrite): void {
  const now = readOrNull(w.path);
  if (now !== w.before) throw new Error(`${w.displayPath} changed since the diff was made; nothing written`);
  const dir = dirname(w.path);
  mkdirSync(dir, { recursive: true });
  const mode = now === null ? 0o644 : statSync(w.path).mode & 0o7777;
  const tmp = join(
    dir,
    `.${basename(w.path)}.goproxy-doctor-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    writeFileSync(tmp, w.after, { mode, flag: "wx" });
    renameSync(tmp, w.path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${w.displayPath}: ${(e as Error).message}`);
  }
}

/** Reports whether the plan leaves problems that no setting settles (error findings, a missing CA). */
export function fixLeavesProblems(plan: FixPlan): boolean {
  return plan.intent.caNeeded || plan.intent.manual.some((m) => m.severity === "error");
}
