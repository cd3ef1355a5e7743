/**
 * The command line: parses arguments (commander) and hands over to one feature. Each command's
 * feature and renderer are imported lazily so that start-up only loads what the command needs.
 * Exit codes: 0 nothing wrong, 1 problems found, 2 usage or internal error.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { MirrorsCommandOptions } from "./commands/mirrors.js";
import { VERSION } from "./version.js";

type Runner = () => Promise<number>;

/** A duration option in milliseconds: a positive integer, else a usage error (exit 2). */
function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError("want a positive number of milliseconds");
  return n;
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function globalGoOptions(cmd: Command): Command {
  return cmd
    .option("--go <path>", "the go binary to use instead of the one on PATH")
    .option("--go-version <version>", "answer for this go version (e.g. 1.22) instead of the detected one");
}

function buildProgram(setRunner: (r: Runner) => void): Command {
  const program = new Command("goproxy-doctor")
    .description("Why Go module downloads fail, and how to fix them.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride();

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
      .option("--note <file>", "check a signed tree head or lookup response (- for standard input)")
      .option("--key <vkey>", "with --note: the verifier key (default: GOSUMDB's, else sum.golang.org's)")
      .option("--timeout <ms>", "per-request timeout in milliseconds", milliseconds, 10_000)
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
        "lint GOPRIVATE & co. against this go.mod's requirements and predict a sample of them (default ./go.mod)",
      )
      .option("--offline", "do not touch the network: configuration only")
      .option("--timeout <ms>", "deadline of each probe phase, in milliseconds", milliseconds, 5_000)
      .option("--deadline <ms>", "deadline of all probes together, in milliseconds", milliseconds, 15_000)
      .option(
        "--probe-module <module@version>",
        "a module to check the GOPROXY protocol with when no MODULE@VERSION is given (repeatable)",
        collect,
      )
      .option("--json", "print a goproxy-doctor.check/v1 document")
      .option("--markdown", "print redacted Markdown, for pasting into an issue")
      .option(
        "-v, --verbose",
        "the full report: endpoints' phases, go's errors, the requests of each prediction",
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
      .option(
        "--for <target>",
        "shell, powershell, cmd, dockerfile, github-actions, gitlab-ci, vscode, devcontainer, wsl",
      )
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
      .option("--style <style>", "shell/wsl: goenv (go env -w, default) or export")
      .option("--write [file]", "write into the target's file after showing the diff")
      .option("--yes", "with --write: write without asking")
      .option("--timeout <ms>", "with --online: deadline of each probe phase, in milliseconds", milliseconds)
      .option(
        "--deadline <ms>",
        "with --online: deadline of all probes together, in milliseconds",
        milliseconds,
      )
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
      .option(
        "--timeout <ms>",
        "deadline of each request and probe phase, in milliseconds",
        milliseconds,
        10_000,
      )
      .option("--deadline <ms>", "deadline of the whole comparison, in milliseconds", milliseconds, 60_000)
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
    .option("--json", "print a goproxy-doctor.why/v1 document")
    .option("--markdown", "print redacted Markdown, for pasting into an issue")
    .option("--no-probe", "do not confirm diagnoses with live probes")
    .option("--timeout <ms>", "deadline of each probe phase, in milliseconds", milliseconds, 5_000)
    .option("--deadline <ms>", "deadline of all probes together, in milliseconds", milliseconds, 15_000)
    .option("--command-timeout <ms>", "stop `-- go …` after this many milliseconds", milliseconds, 600_000)
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

  return program;
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
