/**
 * `fix --for dockerfile`: ENV in the build stage for go settings; HTTP proxies as Docker's predefined build
 * arguments (never written into the Dockerfile: their values stay out of `docker history`); credentials
 * only through BuildKit secret mounts, never ENV or ARG (both end up in the image's metadata or history).
 */
import type { FixIntent } from "../intent.js";
import { display, dockerQuote, hasSecret } from "../quote.js";
import {
  BLOCK_BEGIN,
  BLOCK_END,
  commonSteps,
  netrcLine,
  type RenderedSetting,
  type RenderOptions,
  type TargetOutput,
} from "../target.js";

/** Variables Docker predefines as build arguments (excluded from `docker history` unless declared). */
const PREDEFINED_PROXY_ARGS = new Set(["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"]);

/** Where the CA is copied for update-ca-certificates (Debian, Ubuntu and Alpine based images). */
export const DOCKER_CA_PATH = "/usr/local/share/ca-certificates/goproxy-doctor-ca.crt";

/** The base name of a path (either separator). */
function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || "ca.pem";
}

/** Renders the Dockerfile lines and the build command. */
export function renderDockerfile(intent: FixIntent, opts: RenderOptions): TargetOutput {
  const esc = opts.dockerEscape ?? "\\";
  const settings: RenderedSetting[] = [];
  const env: string[] = [];
  const buildArgs: string[] = [];
  const warnings = [...intent.warnings];
  for (const s of intent.settings) {
    if (PREDEFINED_PROXY_ARGS.has(s.name)) {
      buildArgs.push(`--build-arg ${s.name}`);
      settings.push({ name: s.name, value: display(s.value), scope: "build-arg" });
      continue;
    }
    if (hasSecret(s.value)) {
      warnings.push(`${s.name} holds credentials and is left out: pass it as a build secret instead.`);
      continue;
    }
    env.push(`${s.name}=${dockerQuote(display(s.value), esc)}`);
    settings.push({ name: s.name, value: display(s.value), scope: "image-env" });
  }
  for (const u of intent.unset) {
    // There is no "unset" instruction; go treats an empty value as unset (cfg.Getenv).
    env.push(`${u.name}=''`);
    settings.push({ name: u.name, value: "", scope: "unset" });
  }
  const block: string[] = [
    BLOCK_BEGIN,
    "# Module download settings for this build stage (goproxy-doctor fix)",
  ];
  if (env.length > 0) {
    block.push(
      `ENV ${env[0]}${env.length > 1 ? ` ${esc}` : ""}`,
      ...env.slice(1).map((e, i) => `    ${e}${i < env.length - 2 ? ` ${esc}` : ""}`),
    );
  }
  if (intent.ca !== null) {
    block.push(`COPY ${baseName(intent.ca.path)} ${DOCKER_CA_PATH}`, "RUN update-ca-certificates");
    settings.push({ name: "CA", value: intent.ca.path, scope: "image-ca-store" });
  }
  block.push(BLOCK_END);
  const steps = commonSteps(intent, "a BuildKit secret mounted as the build user's .netrc");
  const secretRun: string[] = [];
  if (intent.credentials.length > 0) {
    secretRun.push(
      "# Credentials: a secret mount exists only while this RUN runs and never enters a layer.",
      "# (needs BuildKit and `# syntax=docker/dockerfile:1` as the very first line)",
      "RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download",
    );
    steps.push(
      `Build with the credentials as a secret: keep a netrc file outside the build context with ${intent.credentials.map(netrcLine).join("; ")}, then \`docker build --secret id=netrc,src=$HOME/.netrc .\``,
      "Add `--mount=type=secret,id=netrc,target=/root/.netrc` to every RUN that downloads modules (go mod download, go build), and `# syntax=docker/dockerfile:1` as the first line of the Dockerfile; with a non-root USER, mount it at that user's $HOME/.netrc.",
    );
  }
  if (intent.ca !== null)
    steps.push(
      `Copy ${intent.ca.path} into the build context as ${baseName(intent.ca.path)} (COPY cannot read outside it); images without update-ca-certificates (distroless, scratch) need the bundle copied to /etc/ssl/certs/ca-certificates.crt instead.`,
    );
  if (buildArgs.length > 0)
    steps.push(
      `Pass the HTTP proxy at build time from your environment: \`docker build ${buildArgs.join(" ")} .\` (or set "proxies" in ~/.docker/config.json). Docker predefines these build arguments and keeps them out of \`docker history\`, as long as the Dockerfile does not declare them with ARG.`,
    );
  const snippet = [...block.filter((l) => l !== BLOCK_BEGIN && l !== BLOCK_END), ...secretRun].join("\n");
  return {
    target: "dockerfile",
    language: "dockerfile",
    settings,
    snippet: `${snippet}\n`,
    traps: [
      "The GOENV file of your machine (`go env -w`) and your shell's exports do not exist inside the build: every setting must be in the Dockerfile (ENV) or passed in (build args).",
      "ENV persists into the image and every container started from it (visible in `docker inspect`); ARG values persist in `docker history`. Neither may carry a token, password or .netrc — use `RUN --mount=type=secret`.",
      "ENV set in one stage of a multi-stage build does not reach the other stages: put it in the stage that runs go mod download / go build.",
      "Declaring ARG HTTPS_PROXY in the Dockerfile makes its value appear in `docker history`; leave the predefined proxy arguments undeclared.",
      "A `go env -w` in a RUN writes the GOENV file of that RUN's user inside the layer: a later USER or a different HOME does not see it. Prefer ENV.",
      "Changing an ENV line invalidates the build cache of every later instruction, including the go mod download layer.",
    ],
    steps,
    warnings,
    file: {
      kind: "block",
      defaultPath: "Dockerfile",
      block,
      placement: "after-build-from",
      create: false,
    },
  };
}
