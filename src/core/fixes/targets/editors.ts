/**
 * `fix --for vscode`, `devcontainer` and `wsl`: the environments around an editor. VS Code's Go extension
 * passes `go.toolsEnvVars` to the tools it runs (go, gopls, dlv); the integrated terminal takes
 * `terminal.integrated.env.<os>`. A dev container takes `containerEnv` (fixed when the container is
 * created) and `remoteEnv` (the editor's processes). WSL2 is a separate Linux machine with its own GOENV
 * file, its own CA store and a generated /etc/resolv.conf.
 */
import type { FixIntent } from "../intent.js";
import { display, hasSecret, type Template } from "../quote.js";
import {
  BLOCK_BEGIN,
  BLOCK_END,
  commonSteps,
  type RenderedSetting,
  type RenderOptions,
  type TargetOutput,
} from "../target.js";
import { exportLines, renderShell, SHELL_TRAPS, shellSettings } from "./shell.js";

const TERMINAL_KEYS = [
  "terminal.integrated.env.linux",
  "terminal.integrated.env.osx",
  "terminal.integrated.env.windows",
];

/** A JSON document with `//` comments before top-level members (JSONC, as settings.json allows). */
function jsonc(members: { comment: string; key: string; value: unknown }[]): string {
  if (members.length === 0) return "{}\n";
  const body = members.map((m, i) => {
    const json = JSON.stringify(m.value, null, 2).replaceAll("\n", "\n  ");
    return `  // ${m.comment}\n  ${JSON.stringify(m.key)}: ${json}${i < members.length - 1 ? "," : ""}`;
  });
  return `{\n${body.join("\n")}\n}\n`;
}

/** Renders .vscode/settings.json members. Credentials are never written into settings files. */
export function renderVscode(intent: FixIntent, _opts: RenderOptions): TargetOutput {
  const settings: RenderedSetting[] = [];
  const tools: Record<string, string> = {};
  const warnings = [...intent.warnings];
  const steps: string[] = [];
  for (const { name, value } of shellSettings(intent)) {
    if (hasSecret(value)) {
      steps.push(
        `${name} holds credentials and is not written into settings.json (it is committed and synced): set it in the environment VS Code starts from; the Go extension's tools inherit it.`,
      );
      continue;
    }
    tools[name] = display(value);
    settings.push({ name, value: display(value), scope: "tools-env" });
  }
  for (const u of intent.unset) {
    // An empty value is "unset" for go (cfg.Getenv) and overrides an inherited one.
    tools[u.name] = "";
    settings.push({ name: u.name, value: "", scope: "unset" });
    steps.push(
      `Also run \`go env -u ${u.name}\` once: an empty variable lets the GOENV file's value through.`,
    );
  }
  const entries: { path: string[]; value: unknown }[] = [];
  for (const [k, v] of Object.entries(tools)) {
    entries.push({ path: ["go.toolsEnvVars", k], value: v });
    for (const t of TERMINAL_KEYS) entries.push({ path: [t, k], value: v });
  }
  settings.push(
    ...settings.filter((s) => s.scope === "tools-env").map((s) => ({ ...s, scope: "terminal-env" })),
  );
  const members =
    Object.keys(tools).length === 0
      ? []
      : [
          {
            comment: "Environment of go, gopls and the other tools the Go extension runs",
            key: "go.toolsEnvVars",
            value: tools,
          },
          ...TERMINAL_KEYS.map((k) => ({ comment: "New integrated terminals", key: k, value: tools })),
        ];
  steps.push(...commonSteps(intent, "~/.netrc (%USERPROFILE%\\_netrc on Windows)"));
  return {
    target: "vscode",
    language: "jsonc",
    settings,
    snippet: jsonc(members),
    traps: [
      "gopls gets go.toolsEnvVars when it starts: after changing them run “Go: Restart Language Server” or “Developer: Reload Window” (recent Go extensions restart it on their own).",
      "VS Code started from the Dock, Start menu or a desktop launcher does not read your shell profile: variables exported in ~/.bashrc or ~/.zshrc are missing for gopls unless they are in go.toolsEnvVars or set by `go env -w`.",
      "Changes to your OS environment reach VS Code only after it is quit completely (all windows) and started again; already-open integrated terminals keep their environment.",
      "With Remote-SSH, WSL or Dev Containers the tools run on the remote side: put these settings in the remote or workspace settings, not only in your local user settings.",
      "For loads it triggers implicitly, gopls runs go with GOPROXY=off unless `allowImplicitNetworkAccess` is on: missing modules then fail with `module lookup disabled by GOPROXY=off` whatever GOPROXY says.",
      "go.toolsEnvVars overrides the GOENV file for these tools (an environment variable wins), so a `go env -w` you run later in a terminal does not change what gopls sees.",
    ],
    steps,
    warnings,
    file: {
      kind: "json",
      defaultPath: ".vscode/settings.json",
      entries,
      create: "{}\n",
    },
  };
}

/** `${localEnv:NAME}` references for a template's secrets (resolved on the host, never stored). */
function localEnv(t: Template): string {
  return t.map((p) => ("lit" in p ? p.lit : `\${localEnv:${p.secret}}`)).join("");
}

/** Renders devcontainer.json members: containerEnv for settings, remoteEnv for values with secrets. */
export function renderDevcontainer(intent: FixIntent, _opts: RenderOptions): TargetOutput {
  const settings: RenderedSetting[] = [];
  const containerEnv: Record<string, string> = {};
  const remoteEnv: Record<string, string> = {};
  const warnings = [...intent.warnings];
  for (const s of intent.settings) {
    if (hasSecret(s.value)) {
      remoteEnv[s.name] = localEnv(s.value);
      settings.push({ name: s.name, value: display(s.value), scope: "remote-env" });
    } else {
      containerEnv[s.name] = display(s.value);
      settings.push({ name: s.name, value: display(s.value), scope: "container-env" });
    }
  }
  for (const s of intent.settings)
    if (display(s.value).includes("${"))
      warnings.push(`${s.name} contains \${, which dev containers read as a variable reference.`);
  for (const u of intent.unset) {
    containerEnv[u.name] = "";
    settings.push({ name: u.name, value: "", scope: "unset" });
  }
  const steps: string[] = [];
  if (intent.ca !== null)
    steps.push(
      `The container does not see ${intent.ca.path}: mount it (\`"mounts": ["source=${intent.ca.path},target=/usr/local/share/ca-certificates/goproxy-doctor-ca.crt,type=bind,readonly"]\`) and add \`sudo update-ca-certificates\` to postCreateCommand, or COPY it in the container's Dockerfile.`,
    );
  if (intent.credentials.length > 0)
    steps.push(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: devcontainer.json syntax, not a JS template
      'Credentials: mount your .netrc read-only instead of copying it (`"mounts": ["source=${localEnv:HOME}/.netrc,target=/home/vscode/.netrc,type=bind,readonly"]`, adjusting the user); with Codespaces use its secrets.',
    );
  for (const name of Object.keys(remoteEnv))
    steps.push(
      `${name} is read from your host's environment through \${localEnv:…}: set those variables before opening the container.`,
    );
  steps.push(
    ...commonSteps({ ...intent, credentials: [], caNeeded: intent.caNeeded }, "the container's ~/.netrc"),
  );
  const entries: { path: string[]; value: unknown }[] = [
    ...Object.entries(containerEnv).map(([k, v]) => ({ path: ["containerEnv", k], value: v })),
    ...Object.entries(remoteEnv).map(([k, v]) => ({ path: ["remoteEnv", k], value: v })),
  ];
  const members: { comment: string; key: string; value: unknown }[] = [];
  if (Object.keys(containerEnv).length > 0)
    members.push({
      comment: "Set when the container is created: every process in it, including go and gopls",
      key: "containerEnv",
      value: containerEnv,
    });
  if (Object.keys(remoteEnv).length > 0)
    members.push({
      comment: "Resolved from the host's environment for the editor's processes; never stored in the file",
      key: "remoteEnv",
      value: remoteEnv,
    });
  return {
    target: "devcontainer",
    language: "jsonc",
    settings,
    snippet: jsonc(members),
    traps: [
      "containerEnv is applied when the container is created: run “Dev Containers: Rebuild Container” after changing it; remoteEnv needs the window to reconnect.",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: devcontainer.json syntax, not a JS template
      "containerEnv values are part of the container's configuration (visible with `docker inspect`): never put credentials there — remoteEnv with ${localEnv:…} keeps them on the host.",
      "The container has its own GOENV file and CA store: `go env -w` and CA certificates on the host do not apply inside.",
      "Docker Desktop passes its proxy settings into containers it starts; a proxy set only in your shell is not.",
    ],
    steps,
    warnings,
    file: { kind: "json", defaultPath: ".devcontainer/devcontainer.json", entries, create: null },
  };
}

/** Renders WSL2: the shell settings inside the distribution plus its DNS and Windows-variable traps. */
export function renderWsl(intent: FixIntent, opts: RenderOptions): TargetOutput {
  const shell = renderShell(intent, opts);
  const dns = intent.manual.some((m) => m.cause === "dns-failure");
  const shared = shellSettings(intent)
    .filter((s) => !hasSecret(s.value) && s.name !== "SSL_CERT_FILE")
    .map((s) => `${s.name}/u`);
  const lines = [
    "# goproxy-doctor fix --for wsl — run inside the WSL distribution (it has its own GOENV file, ~/.config/go/env)",
    ...shell.snippet.split("\n").slice(1),
  ].filter((l, i, a) => !(l === "" && i === a.length - 1));
  lines.push(
    "",
    `# DNS${dns ? " (a lookup failed: likely the cause)" : ""}: WSL2 writes /etc/resolv.conf from Windows at every start.`,
    "# To use your own resolvers, put this in /etc/wsl.conf, run `wsl --shutdown` from Windows, then write /etc/resolv.conf:",
    "#   [network]",
    "#   generateResolvConf = false",
    "# On Windows 11 with WSL 2.0+, %UserProfile%\\.wslconfig can instead forward DNS and the Windows proxy:",
    "#   [wsl2]",
    "#   dnsTunneling=true",
    "#   autoProxy=true",
  );
  if (shared.length > 0)
    lines.push(
      "# Alternative: keep the values in Windows and share them through WSLENV (from cmd on Windows; append to an existing WSLENV):",
      `#   setx WSLENV "${shared.join(":")}"`,
    );
  const steps = [...shell.steps];
  if (intent.ca !== null || intent.caNeeded)
    steps.push(
      "A CA installed in Windows is not trusted inside WSL: copy it (PEM) to /usr/local/share/ca-certificates/<name>.crt in the distribution and run `sudo update-ca-certificates`.",
    );
  return {
    ...shell,
    target: "wsl",
    snippet: `${lines.join("\n")}\n`,
    traps: [
      "WSL2 regenerates /etc/resolv.conf from Windows at every start (generateResolvConf in /etc/wsl.conf): a VPN's DNS servers may be missing, so names like proxy.golang.org or your private mirror fail to resolve while Windows resolves them.",
      "Windows environment variables do not reach WSL processes unless listed in WSLENV (flags: /u Windows→WSL only, /w WSL→Windows only, /p translate a path, /l a path list).",
      "Go in WSL and Go on Windows are two installations with two GOENV files (~/.config/go/env and %AppData%\\go\\env) and two CA stores; fixing one does not fix the other.",
      "Changes to /etc/wsl.conf and .wslconfig apply after `wsl --shutdown`, not when a terminal is reopened.",
      ...SHELL_TRAPS,
    ],
    steps,
    file:
      shell.file === null || shell.file.kind !== "block"
        ? null
        : { ...shell.file, block: [BLOCK_BEGIN, ...exportLines(intent), BLOCK_END] },
  };
}
