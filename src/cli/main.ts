/**
 * The command line: parses arguments (commander) and hands over to one feature. Each command's
 * feature and renderer are imported lazily so that start-up only loads what the command needs.
 * Exit codes: 0 nothing wrong, 1 problems found, 2 usage or internal error.
 */
import { accessSync, constants, statSync } from "node:fs";
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { TARGETS } from "../core/fixes/target.js";
import { formatDuration, parseDuration } from "../core/monitor/duration.js";
import type { CompletionOption, CompletionSpec, Shell } from "../render/completion.js";
import type { MirrorsCommandOptions } from "./commands/mirrors.js";
import { VERSION } from "./version.js";

type Runner = () => Promise<number>;

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Node's timers hold at most 2^31-1 ms; a longer wait would fire at once. */
const MAX_DURATION_MS = 2 ** 31 - 1;

/**
 * A duration option, in milliseconds: Go's duration syntax (`500ms`, `10s`, `1m30s`: core/monitor/duration.ts)
 * or a bare positive integer, taken as milliseconds. Zero, negative, malformed or longer than Node's timers
 * allow is a usage error (exit 2).
 */
export function durationOption(value: string): number {
  const ms = /^[0-9]+$/.test(value) ? Number(value) : parseDuration(value);
  if (ms === null || ms <= 0)
    throw new InvalidArgumentError(
      "want a duration such as 500ms, 10s or 1m30s (a bare number is milliseconds)",
    );
  if (ms > MAX_DURATION_MS) throw new InvalidArgumentError(`at most ${formatDuration(MAX_DURATION_MS)}`);
  return ms;
}

/** A duration option (durationOption), its default shown as a duration. */
function duration(flags: string, description: string, defaultMs?: number): Option {
  const o = new Option(flags, description).argParser(durationOption);
  return defaultMs === undefined ? o : o.default(defaultMs, formatDuration(defaultMs));
}

/** `--format text|github` (github: workflow-command annotations), which excludes --json and --markdown. */
function formatOption(): Option {
  return new Option("--format <format>", "text, or github: GitHub Actions annotations")
    .choices(["text", "github"])
    .conflicts(["json", "markdown"]);
}

/** `--sarif FILE`: a SARIF 2.1.0 log besides the output (GitHub code scanning's upload-sarif reads it). */
const SARIF_HELP = "also write a SARIF 2.1.0 log to this file (for GitHub code scanning)";

/** `--json`, which `--markdown` excludes (declared to commander, so giving both is a usage error). */
function jsonOption(schema: string): Option {
  return new Option("--json", `print a ${schema} document`).conflicts("markdown");
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The root --help's epilogue: examples, exit codes and the environment variables read. */
const ROOT_HELP = `
Examples:
  goproxy-doctor                                  check this machine (the default command)
  goproxy-doctor check golang.org/x/mod@v0.7.0 --timeout 5s --deadline 1m
  goproxy-doctor explain example.com/private/mod@latest
  go mod download 2>&1 | goproxy-doctor why -
  goproxy-doctor verify --format github --sarif verify.sarif
  goproxy-doctor fix --for github-actions
  goproxy-doctor completion bash > ~/.local/share/bash-completion/completions/goproxy-doctor

Durations: Go's syntax (500ms, 10s, 1m30s); a bare number is milliseconds.

Exit codes:
  0  nothing wrong
  1  problems found, or a download predicted to fail
  2  usage error, or an internal error

Environment (read as the go command reads it; nothing is changed):
  GO111MODULE GOFLAGS GOPROXY GOPRIVATE GONOPROXY GONOSUMDB GOSUMDB GOINSECURE GOVCS GOPATH GOMODCACHE
  GOENV GOTOOLCHAIN GOAUTH GOWORK GOROOT, the GOENV file (go env -w) and $GOROOT/go.env;
  HTTPS_PROXY HTTP_PROXY NO_PROXY (and lower-case), SSL_CERT_FILE SSL_CERT_DIR, NETRC, GIT_TERMINAL_PROMPT;
  HOME XDG_CONFIG_HOME (AppData, USERPROFILE on Windows), PATH (to find go and git);
  NO_COLOR (no colour), CI GITHUB_ACTIONS GITLAB_CI (where check runs).
`;

/** --go-version: a Go release or language version (1.22, go1.22.3, 1.23rc1), else a usage error (exit 2). */
function goVersionArg(value: string): string {
  if (!/^(go)?1\.\d+(\.\d+)?((rc|beta)\d+)?$/.test(value))
    throw new InvalidArgumentError("want a Go version such as 1.22, 1.22.3 or go1.23rc1");
  return value;
}

/** --go: an executable file, else a usage error (exit 2). */
function goBinaryArg(value: string): string {
  if (!isExecutableFile(value)) throw new InvalidArgumentError(`${value} is not an executable file`);
  return value;
}

function globalGoOptions(cmd: Command): Command {
  return cmd
    .option("--go <path>", "the go binary to use instead of the one on PATH", goBinaryArg)
    .option(
      "--go-version <version>",
      "answer for this go version (e.g. 1.22) instead of the detected one",
      goVersionArg,
    );
}

function buildProgram(setRunner: (r: Runner) => void): Command {
  const program = new Command("goproxy-doctor")
    .description("Why Go module downloads fail, and how to fix them.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .addHelpText("after", ROOT_HELP);

  globalGoOptions(
    program
      .command("env")
      .description("the effective Go module configuration and where each value comes from")
      .option("--json", "print a goproxy-doctor.env/v1 document")
      .option("--no-go-check", "do not run `go env -json` to cross-check"),
  ).action((opts: { json?: boolean; goCheck: boolean; go?: string; goVersion?: string }) => {
    setRunner(async () => (await import("./commands/env.js")).runEnv(opts));
  });

  globalGoOptions(
    program
      .command("explain")
      .description(
        "the route of one module: proxies and fall-backs, checksum database, HTTP proxies, requests",
      )
      .argument("<module[@version]>", "module path, optionally with a version or query")
      .option("--json", "print a goproxy-doctor.explain/v1 document"),
  ).action((arg: string, opts: { json?: boolean; go?: string; goVersion?: string }) => {
    setRunner(async () => (await import("./commands/explain.js")).runExplain(arg, opts));
  });

  globalGoOptions(
    program
      .command("verify")
      .description("go.sum lines and module versions checked against the checksum database with proofs")
      .argument(
        "[files-or-modules...]",
        "go.sum / go.work.sum files and MODULE@VERSION arguments (default ./go.sum)",
      )
      .option("--json", "print a goproxy-doctor.verify/v1 document")
      .addOption(formatOption())
      .option("--sarif <file>", SARIF_HELP)
      .addHelpText(
        "after",
        `
Examples:
  goproxy-doctor verify                                  ./go.sum against the checksum database
  goproxy-doctor verify --cache --download go.sum        also the module cache and every GOPROXY entry
  goproxy-doctor verify --note sth.note --json           a signed tree head`,
      )
      .option("--note <file>", "check a signed tree head or lookup response (- for standard input)")
      .option("--key <vkey>", "with --note: the verifier key (default: GOSUMDB's, else sum.golang.org's)")
      .addOption(duration("--timeout <duration>", "per-request timeout", 10_000))
      .option("--cache", "also check the module cache: zips, .ziphash, go.mod files, extracted directories")
      .option(
        "--download",
        "also download every module version from each GOPROXY entry and recompute its hashes",
      )
      .option("--read-only", "do not keep verified tiles and tree heads where go keeps them"),
  ).action((args: string[], opts: Record<string, string | number | boolean | undefined>) => {
    setRunner(async () => (await import("./commands/verify.js")).runVerify(args, opts));
  });

  globalGoOptions(
    program
      .command("check", { isDefault: true })
      .description(
        "the self-check: environment, configuration lint, endpoint probes (DNS, TCP, HTTP proxy, TLS as go trusts it, HTTP), GOPROXY protocol, and what `go mod download` of each module will do",
      )
      .argument("[module@version...]", "modules whose download to predict")
      .option(
        "--gomod [file]",
        "lint GOPRIVATE & co. against this go.mod's requirements and predict go mod download of its build list (default ./go.mod)",
      )
      .option("--offline", "do not touch the network: configuration only")
      .addOption(duration("--timeout <duration>", "deadline of each probe phase", 5_000))
      .addOption(duration("--deadline <duration>", "deadline of all probes together", 15_000))
      .option(
        "--probe-module <module@version>",
        "a module to check the GOPROXY protocol with when no MODULE@VERSION is given (repeatable)",
        collect,
      )
      .addOption(jsonOption("goproxy-doctor.check/v1"))
      .addOption(formatOption())
      .option("--sarif <file>", SARIF_HELP)
      .addHelpText(
        "after",
        `
Examples:
  goproxy-doctor check --offline                        configuration only, no network
  goproxy-doctor check golang.org/x/mod@v0.7.0 --timeout 5s --deadline 1m
  goproxy-doctor check --gomod go.mod --format github --sarif check.sarif   in GitHub Actions`,
      )
      .option("--markdown", "print redacted Markdown, for pasting into an issue")
      .option(
        "-v, --verbose",
        "the full report: endpoints' phases, go's errors, the requests of each prediction",
      )
      .option(
        "--confirm",
        "also run the real go mod download of each module in a throwaway cache and report disagreements",
      ),
  ).action((modules: string[], opts: Record<string, string | number | boolean | string[] | undefined>) => {
    setRunner(async () => (await import("./commands/check.js")).runCheck(modules, opts));
  });

  globalGoOptions(
    program
      .command("fix")
      .description(
        "corrected module-download settings for a shell, PowerShell, cmd, Dockerfile, CI, VS Code, dev container or WSL2",
      )
      .addOption(new Option("--for <target>", "where the settings go").choices(TARGETS))
      .option("--goproxy <list>", "GOPROXY to set (explicit options replace the check)")
      .option("--private <patterns>", "GOPRIVATE patterns, comma-separated")
      .option("--noproxy <patterns>", "GONOPROXY patterns")
      .option("--nosumdb <patterns>", "GONOSUMDB patterns")
      .option("--sumdb <value>", "GOSUMDB")
      .option("--ca <file>", "a PEM CA bundle go must trust (TLS interception)")
      .option("--https-proxy <url>", "HTTPS_PROXY (credentials in it are never printed)")
      .option("--http-proxy <url>", "HTTP_PROXY")
      .option("--proxy-bypass <list>", "NO_PROXY: hosts, .domains and CIDRs, comma-separated")
      .option("--goflags <flags>", "GOFLAGS")
      .option("--insecure <patterns>", "GOINSECURE (only with --allow-insecure)")
      .option("--allow-insecure", "permit settings that weaken security, each printed with a warning")
      .option("--online", "run check with its network probes (default: offline, configuration only)")
      .option("--gomod <file>", "lint against this go.mod's requirements (default ./go.mod when present)")
      .addOption(
        new Option("--style <style>", "shell/wsl: goenv (go env -w, default) or export").choices([
          "goenv",
          "export",
        ]),
      )
      .option("--write [file]", "write into the target's file after showing the diff")
      .option("--yes", "with --write: write without asking")
      .addOption(duration("--timeout <duration>", "with --online: deadline of each probe phase"))
      .addOption(duration("--deadline <duration>", "with --online: deadline of all probes together"))
      .option("--json", "print a goproxy-doctor.fix/v1 document"),
  ).action((opts: Record<string, string | number | boolean | undefined>) => {
    setRunner(async () => (await import("./commands/fix.js")).runFix(opts));
  });

  globalGoOptions(
    program
      .command("mirrors")
      .description("compare GOPROXY mirrors side by side and recommend a GOPROXY value")
      .argument("[url...]", "mirror base URLs (default: your GOPROXY entries plus well-known public mirrors)")
      .option("--module <module@version>", "a probe / sentinel module (repeatable)", collect)
      .addOption(duration("--timeout <duration>", "deadline of each request and probe phase", 10_000))
      .addOption(duration("--deadline <duration>", "deadline of the whole comparison", 60_000))
      .option("--json", "print a goproxy-doctor.mirrors/v1 document"),
  ).action((urls: string[], opts: MirrorsCommandOptions) => {
    setRunner(async () => (await import("./commands/mirrors.js")).runMirrors(urls, opts));
  });

  program
    .command("why")
    .description(
      "names the cause of a failing go command's module-download errors (log file, stdin, or -- go …)",
    )
    .argument("[input...]", "FILE with go's output, - for standard input, or -- go ‹args…>")
    .addOption(jsonOption("goproxy-doctor.why/v1"))
    .option("--markdown", "print redacted Markdown, for pasting into an issue")
    .option("--no-probe", "do not confirm diagnoses with live probes")
    .addOption(duration("--timeout <duration>", "deadline of each probe phase", 5_000))
    .addOption(duration("--deadline <duration>", "deadline of all probes together", 15_000))
    .addOption(duration("--command-timeout <duration>", "stop `-- go …` after this long", 600_000))
    .action(
      (
        input: string[],
        opts: {
          json?: boolean;
          markdown?: boolean;
          probe: boolean;
          timeout?: number;
          deadline?: number;
          commandTimeout?: number;
        },
      ) => {
        setRunner(async () => (await import("./commands/why.js")).runWhy(input, opts));
      },
    );

  program
    .command("trace")
    .description(
      "run a go command through recording forwarders: every request, fall-backs, checksum-database traffic",
    )
    .argument("<go-command...>", "go and its arguments, e.g. -- go mod download")
    .option("--json", "print a goproxy-doctor.trace/v1 document")
    .option("--har <file>", "write an HTTP Archive 1.2 (opens in browser devtools)")
    .passThroughOptions()
    .allowUnknownOption()
    .action((goCommand: string[], opts: { json?: boolean; har?: string }) => {
      setRunner(async () => (await import("./commands/trace.js")).runTrace(goCommand, opts));
    });

  program
    .command("monitor")
    .description(
      "long-running: probe GOPROXY mirrors and checksum databases, export Prometheus metrics, send alert webhooks",
    )
    .option("--config <file>", "monitor.yaml (reloaded on SIGHUP)")
    .option("--target <url...>", "quick start: a GOPROXY mirror or checksum database to watch (repeatable)")
    .option("--module <module@version...>", "quick start: sentinel module (repeatable)")
    .option("--listen <host:port>", "address of /metrics, /healthz and / (default 127.0.0.1:9184)")
    .option("--interval <duration>", "quick start: probe interval, e.g. 30s or 1m (default 1m)")
    .option("--webhook <url...>", "quick start: alert webhook (Slack's shape for hooks.slack.com URLs)")
    .action(
      (opts: {
        config?: string;
        target?: string[];
        module?: string[];
        listen?: string;
        interval?: string;
        webhook?: string[];
      }) => {
        setRunner(async () => (await import("./commands/monitor.js")).runMonitor(opts));
      },
    );

  program
    .command("hash")
    .description("the h1 hash of module zips, go.mod files and module directories, as go.sum lines")
    .argument("<path...>", "a .zip, a go.mod (or cache .mod) file, or a module directory")
    .option("--module <module@version>", "the module version, for paths outside a module cache")
    .option("--json", "print a goproxy-doctor.hash/v1 document")
    .action((paths: string[], opts: { json?: boolean; module?: string }) => {
      setRunner(async () => (await import("./commands/hash.js")).runHash(paths, opts));
    });

  program
    .command("completion")
    .description("print a completion script for bash, zsh, fish or PowerShell")
    .addArgument(
      new Argument("<shell>", "bash, zsh, fish or powershell").choices(["bash", "zsh", "fish", "powershell"]),
    )
    .action((shell: Shell) => {
      setRunner(async () =>
        (await import("./commands/completion.js")).runCompletion(shell, completionSpec(program)),
      );
    });

  return program;
}

/** What completion needs to know of the program: commands, options, their value choices, from commander. */
function completionSpec(program: Command): CompletionSpec {
  const option = (o: Option): CompletionOption => ({
    names: [o.short, o.long].filter((n): n is string => typeof n === "string"),
    description: o.description,
    takesValue: o.required || o.optional,
    file: /<(file|path)>|\[file\]/.test(o.flags),
    choices: o.argChoices ?? [],
  });
  return {
    program: program.name(),
    options: [
      ...program.options.map(option),
      { names: ["-h", "--help"], description: "display help", takesValue: false, file: false, choices: [] },
    ],
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      options: c.options.map(option),
      argChoices: c.registeredArguments[0]?.argChoices ?? [],
    })),
  };
}

/**
 * Runs the CLI with argv (without node and script) and returns the exit code. Never throws for bad input:
 * usage errors print commander's message and return 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // One redaction at the output boundary: nothing printed carries a secret of this configuration.
  const { installOutputRedaction, processRedactor } = await import("../adapters/output/redaction.js");
  installOutputRedaction(processRedactor(process.env, argv));
  let runner: Runner | null = null;
  const program = buildProgram((r) => {
    runner = r;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
        ? 0
        : 2;
    }
    throw e;
  }
  if (runner === null) return 0;
  return (runner as Runner)();
}
