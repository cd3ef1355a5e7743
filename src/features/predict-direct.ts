/**
 * What `go mod download` does with a module it fetches directly (GOPRIVATE, GONOPROXY, `direct`), predicted as
 * far as go's own code goes before the version control tool fetches: refusals before any network (the path,
 * GOVCS), go-get discovery by making its requests (core/vcs/discovery.ts), then `git ls-remote` as go runs it
 * (adapters/vcs/git.ts). Mirrors cmd/go/internal/vcs and modfetch/codehost (go1.19).
 */

import { readNetrc } from "../adapters/machine/netrc.js";
import type { GoGetResult } from "../adapters/net/goget.js";
import { lsRemote } from "../adapters/vcs/git.js";
import type { Cause } from "../core/causes.js";
import { VERIFIED_GO } from "../core/config/goversion.js";
import { diagnoseLog } from "../core/goerror/diagnose.js";
import { proxyConfigFromEnv } from "../core/httpproxy.js";
import { matchPrefixPatterns } from "../core/module/glob.js";
import { classifyQuery } from "../core/protocol.js";
import { redactURL } from "../core/redact.js";
import { planDiscovery } from "../core/vcs/discovery.js";
import { gitWorkDir, lsRemoteError, lsRemoteInvocation } from "../core/vcs/git.js";
import { codeDir, parseLsRemote, resolveRev, revisionOf } from "../core/vcs/gitrev.js";
import { checkGOVCS, parseGOVCS } from "../core/vcs/govcs.js";
import { originOf } from "../core/vcs/origin.js";
import type {
  ModOriginPredictor,
  NotPredicted,
  PredictedRequest,
  Prediction,
  PredictOptions,
} from "./predict-model.js";
import { fetchURL, NO_PREDICTION_DETAIL, requestOf } from "./predict-requests.js";

/** Why a direct fetch is not predicted further. */
const DIRECT_NOT_PREDICTED =
  "go would fetch this module from its origin (direct: go-get discovery and git), which check does not simulate; the origin is probed under Endpoints";

/**
 * What go says when it refuses a direct fetch before any network: a module path its VCS rules reject
 * (core/vcs/origin.ts), or GOVCS (malformed, or not allowing the VCS of a repository go knows without
 * discovery: core/vcs/govcs.ts). Null when go would go on to the network (discovery, git), which is not
 * predicted. go prints these as `<module>@<query>: <error>` whatever the query.
 */
function directRefusal(
  module: string,
  query: string,
  vars: PredictOptions["vars"],
  requests: readonly PredictedRequest[],
): Prediction | null {
  const origin = originOf(module);
  const refused = (error: string, cause: Cause): Prediction => ({
    ...NO_PREDICTION_DETAIL,
    outcome: "fail",
    cause,
    goError: `${module}@${query}: ${error}`,
    version: null,
    basis: "the module path and GOVCS: go refuses before fetching anything from the origin",
    requests,
  });
  if (origin.kind === "invalid") return refused(origin.error, "invalid-path");
  if (origin.kind === "discovery") return null;
  const govcs = parseGOVCS(vars.GOVCS?.value ?? "");
  const error = checkGOVCS(govcs, origin.vcs, origin.root, vars.GOPRIVATE?.value ?? "");
  if (error === null) return null;
  return refused(error, "error" in govcs ? "config-invalid" : "govcs-disallowed");
}

/** Discovery pages are read up to this many bytes (go reads them whole; they are small). */
const MAX_DISCOVERY_PAGE = 1 << 20;

/**
 * A direct fetch through go-get discovery, predicted by making go's requests (core/vcs/discovery.ts
 * planDiscovery): go's refusal in its words, or where go goes next (then not predicted: the VCS is not run).
 * A module GOINSECURE matches is not predicted (go may fall back to http).
 */
async function discover(
  module: string,
  query: string,
  opts: PredictOptions,
  before: readonly PredictedRequest[],
  viaModOrigin: ModOriginPredictor,
): Promise<Prediction | NotPredicted> {
  const vars = opts.vars;
  const requests = [...before];
  const origin = originOf(module);
  if (origin.kind === "known-host")
    return lsRemotePrediction(module, query, origin.vcs, origin.repoURL, origin.root, opts, requests);
  if (origin.kind !== "discovery") return { notPredicted: DIRECT_NOT_PREDICTED, requests };
  if (matchPrefixPatterns(vars.GOINSECURE?.value ?? "", module))
    return { notPredicted: `GOINSECURE matches ${module}: go may fall back to http for discovery`, requests };
  const get = { proxyConfig: proxyConfigFromEnv(opts.env), netrc: opts.netrc ?? readNetrc(opts.env) };
  const govcs = parseGOVCS(vars.GOVCS?.value ?? "");
  const answers = new Map<string, GoGetResult>();
  for (let round = 0; round < 3; round++) {
    const step = planDiscovery(module, (u) => answers.get(u)?.response, govcs, vars.GOPRIVATE?.value ?? "");
    if (step.kind === "fetch") {
      const g = await fetchURL(step.url, MAX_DISCOVERY_PAGE, opts, get);
      answers.set(step.url, g);
      requests.push(requestOf(step.url, g));
      continue;
    }
    if (step.kind === "unsure") return { notPredicted: step.why, requests };
    if (step.kind === "found" && step.vcs === "mod")
      return await viaModOrigin(module, query, opts, step.repoRoot, requests);
    if (step.kind === "found")
      return lsRemotePrediction(module, query, step.vcs, step.repoRoot, step.prefix, opts, requests);
    const last = [...answers.values()].at(-1);
    const cause: Cause =
      step.answer === "govcs"
        ? "govcs-disallowed"
        : step.answer === "transport" || step.answer === "hang"
          ? (last?.cause ?? "connect-failure")
          : "vcs-discovery";
    return {
      ...NO_PREDICTION_DETAIL,
      outcome: "fail",
      cause: step.answer === "hang" ? "timeout" : cause,
      hangs: step.answer === "hang",
      goError:
        step.answer === "hang"
          ? null
          : `${module}@${query}: unrecognized import path "${module}": ${step.error}`,
      version: null,
      basis: "live requests: go-get discovery, as go makes it",
      requests,
    };
  }
  return { notPredicted: "go-get discovery took more requests than go makes", requests };
}

/**
 * The first thing go does with a git repository: `git ls-remote -q origin` (codehost/git.go loadRefs), run
 * here as go runs it (adapters/vcs/git.ts). Its failure is predicted in go's words (`M@v: invalid version:
 * git ls-remote -q origin in <dir>: exit status 128: …`, `module M: …` for latest); when it answers, go goes
 * on to fetch, which is not predicted. Only for a canonical version or latest, and git.
 */
async function lsRemotePrediction(
  module: string,
  query: string,
  vcs: string,
  repoURL: string,
  root: string,
  opts: PredictOptions,
  requests: readonly PredictedRequest[],
): Promise<Prediction | NotPredicted> {
  const gomodcache = opts.vars.GOMODCACHE?.value ?? "";
  const latest = query === "latest";
  const shown = redactURL(repoURL);
  if (vcs !== "git" || gomodcache === "" || !(latest || classifyQuery(query) === "canonical"))
    return {
      notPredicted: `go goes on to run ${vcs} on ${shown}, which check does not simulate here`,
      requests,
    };
  const inv = lsRemoteInvocation(opts.goVersion ?? VERIFIED_GO[0]!, repoURL);
  const r = await lsRemote(repoURL, inv, opts.env, opts.timeoutMs);
  if (r.noGit) return { notPredicted: `go would run git on ${shown}, and git is not on PATH here`, requests };
  const basis = `git ls-remote of ${shown}, run as go runs it`;
  // A slow git is not a hang go would suffer: say what is known, predict nothing.
  if (r.timedOut)
    return { notPredicted: `git ls-remote of ${shown} did not finish within ${opts.timeoutMs} ms`, requests };
  if (r.code === 0) {
    // A version whose tag the refs lack: go stops with unknown revision before fetching anything.
    const rev = latest ? null : revisionOf(query, codeDir(module, root));
    if (rev !== null && resolveRev(parseLsRemote(r.stdout), rev) === "unknown")
      return {
        ...NO_PREDICTION_DETAIL,
        outcome: "fail",
        cause: "not-found",
        goError: `${module}@${query}: invalid version: unknown revision ${rev}`,
        version: null,
        basis: `${basis}: its refs hold no ${rev}`,
        requests,
      };
    return {
      notPredicted: `git ls-remote of ${shown} answers${rev === null ? "" : ` and names ${rev}`}; go goes on to fetch the repository, which check does not simulate`,
      requests,
    };
  }
  const err = redactURL(lsRemoteError(inv, gitWorkDir(gomodcache, repoURL), r.code ?? -1, r.stderr));
  const goError = latest ? `module ${module}: ${err}` : `${module}@${query}: invalid version: ${err}`;
  return {
    ...NO_PREDICTION_DETAIL,
    outcome: "fail",
    // The cause `why` names for this very text: one reading of git's words for every command.
    cause: diagnoseLog(`go: ${goError}\n`)[0]?.cause ?? "other",
    goError,
    version: null,
    basis,
    requests,
  };
}

/** Whether go, fetching module directly, reaches its origin at all (no refusal before the network). */
export function reachesOrigin(module: string, vars: PredictOptions["vars"]): boolean {
  return directRefusal(module, "latest", vars, []) === null;
}

/**
 * The prediction of a direct fetch of module@query, after the GOPROXY walk made `before` (requests): go's
 * refusal in its words, or why no prediction is made. Never throws.
 */
export async function predictDirect(
  module: string,
  query: string,
  opts: PredictOptions,
  before: readonly PredictedRequest[],
  viaModOrigin: ModOriginPredictor,
): Promise<Prediction | NotPredicted> {
  return (
    directRefusal(module, query, opts.vars, before) ??
    (await discover(module, query, opts, before, viaModOrigin))
  );
}
