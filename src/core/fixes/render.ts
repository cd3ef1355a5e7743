/**
 * The renderer of each `fix --for` target (targets/*.ts), looked up by name.
 */
import type { FixIntent } from "./intent.js";
import type { Renderer, RenderOptions, TargetName, TargetOutput } from "./target.js";
import { renderGithubActions, renderGitlabCI } from "./targets/ci.js";
import { renderDockerfile } from "./targets/dockerfile.js";
import { renderDevcontainer, renderVscode, renderWsl } from "./targets/editors.js";
import { renderShell } from "./targets/shell.js";
import { renderCmd, renderPowershell } from "./targets/windows.js";

const RENDERERS: Readonly<Record<TargetName, Renderer>> = {
  shell: renderShell,
  powershell: renderPowershell,
  cmd: renderCmd,
  dockerfile: renderDockerfile,
  "github-actions": renderGithubActions,
  "gitlab-ci": renderGitlabCI,
  vscode: renderVscode,
  devcontainer: renderDevcontainer,
  wsl: renderWsl,
};

/** Renders intent for target. Pure; never throws for a valid intent. */
export function renderTarget(target: TargetName, intent: FixIntent, opts: RenderOptions = {}): TargetOutput {
  return RENDERERS[target](intent, opts);
}
