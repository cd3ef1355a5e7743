/**
 * What a target renderer produces from a {@link FixIntent}: the settings in the target's idiom, a snippet to
 * paste, the target's traps, and how `--write` applies it to the target's file. Pure: strings and data.
 */
import type { FixIntent } from "./intent.js";

/** Every target of `fix --for`, in the order help lists them. */
export const TARGETS = [
  "shell",
  "powershell",
  "cmd",
  "dockerfile",
  "github-actions",
  "gitlab-ci",
  "vscode",
  "devcontainer",
  "wsl",
] as const;

/** A target of `fix --for`. */
export type TargetName = (typeof TARGETS)[number];

/** Reports whether s names a target. */
export function isTarget(s: string): s is TargetName {
  return (TARGETS as readonly string[]).includes(s);
}

/** One setting as the target writes it. */
export interface RenderedSetting {
  readonly name: string;
  /** The value as shown to people: secrets as `<NAME>`, "" for a removal. */
  readonly value: string;
  /**
   * Where the target keeps it, e.g. "goenv-file" (`go env -w`), "shell-profile", "session", "user"
   * (HKCU\Environment), "image-env", "build-arg", "build-secret", "workflow-env", "ci-variables",
   * "tools-env", "terminal-env", "container-env", "remote-env", "unset".
   */
  readonly scope: string;
}

/**
 * How `--write` applies the snippet to the target's file.
 * - `block`: a marked block (replaced on the next run) appended to a text file or placed after the FROM of
 *   a Dockerfile's build stage;
 * - `json`: members set in a JSONC file (comments and other members kept);
 * - `yaml`: keys set in a YAML mapping through the yaml package's Document API (comments kept).
 * A `null` value in `entries` removes the key.
 */
export type FileEdit =
  | {
      readonly kind: "block";
      readonly defaultPath: string | null;
      readonly block: readonly string[];
      readonly placement: "end" | "after-build-from";
      /** Whether a missing file may be created. */
      readonly create: boolean;
    }
  | {
      readonly kind: "json" | "yaml";
      readonly defaultPath: string | null;
      readonly entries: readonly { readonly path: readonly string[]; readonly value: unknown }[];
      /** Content for a missing file, or null when a missing file is an error. */
      readonly create: string | null;
    };

/** The rendered target. */
export interface TargetOutput {
  readonly target: TargetName;
  /** Syntax of the snippet: bash, powershell, batch, dockerfile, yaml, jsonc. */
  readonly language: string;
  readonly settings: readonly RenderedSetting[];
  /** Ready to paste; never contains a credential. */
  readonly snippet: string;
  /** What goes wrong with this target (always shown). */
  readonly traps: readonly string[];
  /** What the user must still do by hand (credentials, CA files, steps outside the file). */
  readonly steps: readonly string[];
  /** The intent's warnings plus the target's own. */
  readonly warnings: readonly string[];
  /** How --write applies it; null when the target has no file (cmd). */
  readonly file: FileEdit | null;
}

/** Options that change how a target renders. */
export interface RenderOptions {
  /** shell/wsl: `goenv` (go settings through `go env -w`, the rest exported) or `export` (everything exported). */
  readonly shellStyle?: "goenv" | "export";
  /** shell: the profile file --write uses by default. */
  readonly shellProfile?: string;
  /** dockerfile: the escape token (`# escape=` directive of an existing Dockerfile). */
  readonly dockerEscape?: "\\" | "`";
}

/** A renderer. */
export type Renderer = (intent: FixIntent, opts: RenderOptions) => TargetOutput;

/** First and last line of the block `--write` maintains in text files. */
export const BLOCK_BEGIN = "# >>> goproxy-doctor fix >>>";
export const BLOCK_END = "# <<< goproxy-doctor fix <<<";

/** The .netrc line go needs for a host, with placeholders (go 1.19–1.23 match `machine` without port). */
export function netrcLine(c: { host: string; loginSecret: string; passwordSecret: string }): string {
  return `machine ${c.host} login <${c.loginSecret}> password <${c.passwordSecret}>`;
}

/** Steps every target shares: credentials and a missing CA. */
export function commonSteps(intent: FixIntent, netrcPlace: string): string[] {
  const steps: string[] = [];
  for (const c of intent.credentials) {
    steps.push(
      `${c.reason}: go reads credentials from ${netrcPlace}: \`${netrcLine(c)}\`, filled from your secret store (secrets ${c.loginSecret} and ${c.passwordSecret}); never commit it.`,
    );
  }
  if (intent.caNeeded)
    steps.push(
      "A server's certificate is not trusted by go (TLS interception?): export your organisation's CA as PEM and run again with --ca FILE.",
    );
  for (const m of intent.manual)
    steps.push(`${m.id}: ${m.message}${m.fix.length > 0 ? ` — ${m.fix[0]}` : ""}`);
  for (const d of intent.dropped) steps.push(`Left out ${d.name}=${d.value}: ${d.reason}.`);
  return steps;
}
