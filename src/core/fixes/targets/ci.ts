/**
 * `fix --for github-actions` and `fix --for gitlab-ci`: workflow/pipeline-level variables, secrets by
 * reference (`${{ secrets.X }}`, masked CI/CD variables), credentials written to ~/.netrc by a step, and a
 * module cache keyed on go.sum.
 */
import type { FixIntent } from "../intent.js";
import { display, githubValue, gitlabValue, type Template, yamlQuote } from "../quote.js";
import { commonSteps, type RenderedSetting, type RenderOptions, type TargetOutput } from "../target.js";
import { shellSettings } from "./shell.js";

function secretNames(t: Template): string[] {
  return t.flatMap((p) => ("secret" in p ? [p.secret] : []));
}

/**
 * The intent as a CI runner needs it: the HTTP proxy and CA file of the machine fix ran on describe that
 * machine's network, not the runner's, so only explicitly given ones are kept.
 */
function forRunner(intent: FixIntent, runner: string): { intent: FixIntent; notes: string[] } {
  const notes: string[] = [];
  const settings = intent.settings.filter((s) => {
    const local =
      (s.name === "HTTPS_PROXY" || s.name === "HTTP_PROXY" || s.name === "NO_PROXY") &&
      s.origin === "current";
    if (local)
      notes.push(
        `${s.name} of this machine is not carried into ${runner}: hosted runners reach the internet directly; for self-hosted runners behind a proxy pass --https-proxy (and --proxy-bypass) explicitly.`,
      );
    return !local;
  });
  const ca = intent.ca !== null && intent.ca.origin === "current" ? null : intent.ca;
  if (ca !== intent.ca)
    notes.push(
      `SSL_CERT_FILE of this machine (${intent.ca!.path}) is not carried into ${runner}; pass --ca with the CA's path in the repository if the runners need it.`,
    );
  return { intent: { ...intent, settings, ca }, notes };
}

/** Renders a GitHub Actions workflow: a workflow-level `env:` plus the steps around it. */
export function renderGithubActions(full: FixIntent, _opts: RenderOptions): TargetOutput {
  const { intent, notes } = forRunner(full, "the workflow");
  const settings: RenderedSetting[] = [];
  const env: string[] = [];
  const entries: { path: string[]; value: unknown }[] = [];
  const secrets: string[] = [];
  const warnings = [...intent.warnings];
  for (const { name, value } of shellSettings(intent)) {
    if (name === "SSL_CERT_FILE") continue; // the CA is installed by a step below
    const v = githubValue(value);
    env.push(`  ${name}: ${yamlQuote(v)}`);
    entries.push({ path: ["env", name], value: v });
    settings.push({ name, value: display(value), scope: "workflow-env" });
    secrets.push(...secretNames(value));
  }
  for (const u of intent.unset) {
    entries.push({ path: ["env", u.name], value: null });
    settings.push({ name: u.name, value: "", scope: "unset" });
  }
  const steps: string[] = [...notes];
  const credSteps: string[] = [];
  for (const c of intent.credentials) {
    credSteps.push(
      `      - name: Credentials for ${c.host} (.netrc from secrets)`,
      "        run: |",
      "          umask 077",
      `          printf 'machine %s login %s password %s\\n' ${c.host} "$LOGIN" "$TOKEN" >> "$HOME/.netrc"`,
      "        env:",
      `          LOGIN: \${{ secrets.${c.loginSecret} }}`,
      `          TOKEN: \${{ secrets.${c.passwordSecret} }}`,
    );
    secrets.push(c.loginSecret, c.passwordSecret);
  }
  const caSteps: string[] = [];
  if (intent.ca !== null) {
    caSteps.push(
      "      - name: Trust the organisation's CA",
      `        run: sudo cp ${yamlQuote(intent.ca.path)} /usr/local/share/ca-certificates/goproxy-doctor-ca.crt && sudo update-ca-certificates`,
    );
    steps.push(
      `Commit the CA certificate (public, not secret) at ${intent.ca.path} in the repository, or adjust the path in the CA step.`,
    );
  }
  if (secrets.length > 0)
    steps.push(
      `Create the repository secrets ${[...new Set(secrets)].join(", ")} (Settings → Secrets and variables → Actions); workflows triggered from forks do not get them.`,
    );
  steps.push(...commonSteps({ ...intent, credentials: [] }, "~/.netrc"));
  const lines = [
    "name: go",
    "on: [push, pull_request]",
    "",
    "# Workflow-level env: every job and step sees it (actions/setup-go has no GOPROXY input).",
    ...(env.length > 0 ? ["env:", ...env] : []),
    "",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    ...caSteps,
    ...credSteps,
    "      - uses: actions/setup-go@v5",
    "        with:",
    "          go-version-file: go.mod",
    "          # the module cache is keyed on this file's hash",
    "          cache-dependency-path: go.sum",
    "      - run: go mod download",
    "      - run: go build ./...",
  ];
  const snippet = `${lines.join("\n")}\n`;
  return {
    target: "github-actions",
    language: "yaml",
    settings,
    snippet,
    traps: [
      "actions/setup-go has no GOPROXY (or GOPRIVATE) input: set them in `env:` at workflow or job level.",
      "`export` in one `run:` step is gone in the next step; write to $GITHUB_ENV or use `env:`.",
      "setup-go's cache key is the hash of go.sum: changing GOPROXY or GOPRIVATE does not invalidate it, so a module cache restored from a run with other settings is reused as is; change cache-dependency-path or clear the cache when you change mirrors.",
      "Secrets are not passed to workflows run for pull requests from forks: private-module steps fail there.",
      "The runner's GOENV file is empty: nothing set by `go env -w` on your machine applies.",
    ],
    steps,
    warnings,
    file: { kind: "yaml", defaultPath: null, entries, create: snippet },
  };
}

/** Renders GitLab CI: top-level `variables:`, masked variables for secrets, a go.sum-keyed cache. */
export function renderGitlabCI(full: FixIntent, _opts: RenderOptions): TargetOutput {
  const { intent, notes } = forRunner(full, "the pipeline");
  const settings: RenderedSetting[] = [];
  const vars: string[] = [];
  const entries: { path: string[]; value: unknown }[] = [];
  const secrets: string[] = [];
  const warnings = [...intent.warnings];
  for (const { name, value } of shellSettings(intent)) {
    if (name === "SSL_CERT_FILE") continue;
    const v = gitlabValue(value);
    vars.push(`  ${name}: ${yamlQuote(v)}`);
    entries.push({ path: ["variables", name], value: v });
    settings.push({ name, value: display(value), scope: "ci-variables" });
    secrets.push(...secretNames(value));
  }
  for (const u of intent.unset) {
    entries.push({ path: ["variables", u.name], value: null });
    settings.push({ name: u.name, value: "", scope: "unset" });
  }
  const before: string[] = [];
  for (const c of intent.credentials) {
    before.push(
      `    - printf 'machine %s login %s password %s\\n' ${c.host} "$${c.loginSecret}" "$${c.passwordSecret}" >> ~/.netrc && chmod 600 ~/.netrc`,
    );
    secrets.push(c.loginSecret, c.passwordSecret);
  }
  if (intent.ca !== null)
    before.push(
      `    - cp ${yamlQuote(intent.ca.path)} /usr/local/share/ca-certificates/goproxy-doctor-ca.crt && update-ca-certificates`,
    );
  const steps: string[] = [...notes];
  if (secrets.length > 0)
    steps.push(
      `Define ${[...new Set(secrets)].join(", ")} as masked and protected CI/CD variables (Settings → CI/CD → Variables), never in .gitlab-ci.yml. For modules on this GitLab instance, login gitlab-ci-token with password $CI_JOB_TOKEN works without a stored token.`,
    );
  steps.push(...commonSteps({ ...intent, credentials: [] }, "~/.netrc"));
  const lines = [
    "# Pipeline-level variables: every job sees them.",
    ...(vars.length > 0 ? ["variables:", ...vars] : []),
    "",
    "build:",
    "  image: golang:1",
    "  variables:",
    "    # GitLab caches only paths inside the project directory",
    '    GOMODCACHE: "$CI_PROJECT_DIR/.cache/go-mod"',
    "  cache:",
    "    key:",
    "      files: [go.sum]",
    "    paths: [.cache/go-mod]",
    ...(before.length > 0 ? ["  before_script:", ...before] : []),
    "  script:",
    "    - go mod download",
    "    - go build ./...",
  ];
  const snippet = `${lines.join("\n")}\n`;
  return {
    target: "gitlab-ci",
    language: "yaml",
    settings,
    snippet,
    traps: [
      "GitLab expands $NAME inside variable values: a literal $ is written $$ (the snippet does), or use the long form with `expand: false`.",
      "Masked variables must be a single line of at least 8 characters from a restricted alphabet; a value that cannot be masked is printed in job logs.",
      "Protected variables exist only in pipelines of protected branches and tags: private-module jobs on other branches lose them.",
      "The cache keyed on go.sum does not change when GOPROXY or GOPRIVATE change; clear the runner cache when you switch mirrors. GitLab caches only paths inside $CI_PROJECT_DIR.",
      "The runner's GOENV file is empty: nothing set by `go env -w` on your machine applies.",
    ],
    steps,
    warnings,
    file: {
      kind: "yaml",
      defaultPath: ".gitlab-ci.yml",
      entries,
      create: `${["variables:", ...vars].join("\n")}\n`,
    },
  };
}
