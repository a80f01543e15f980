#!/usr/bin/env bash
# Installs / builds the tools the GitOps health tests run (test/integration/health):
#   lua    the Lua 5.1 interpreter (Debian package lua5.1) for the Argo CD health scripts;
#   kstatus  tools/kstatus-check, a Go wrapper over sigs.k8s.io/cli-utils' kstatus (what Flux uses).
# Usage: bash devenv/build-health-tools.sh [lua] [kstatus]   (no argument: both)
# kstatus-check lands in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under
# kstatus-check-<cli-utils version>-<hash of its .go/go.mod/go.sum>/, so a version bump or a source
# change rebuilds and anything else costs nothing. The last line printed is KSTATUS_CHECK=<binary>.
# Prints the time each step took. Idempotent; safe to run concurrently (flock).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tool_src=$(cd "$here/../tools/kstatus-check" && pwd)
cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}

want_lua=0 want_kstatus=0
[ $# -eq 0 ] && set -- lua kstatus
for arg in "$@"; do
  case "$arg" in
    lua) want_lua=1 ;;
    kstatus) want_kstatus=1 ;;
    *) echo "usage: $0 [lua] [kstatus]" >&2; exit 2 ;;
  esac
done

STEP_PREFIX=health-tools
# shellcheck source=step.sh
source "$(dirname "${BASH_SOURCE[0]}")/step.sh"

install_lua() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends lua5.1
}

if [ $want_lua -eq 1 ]; then
  if command -v lua5.1 >/dev/null 2>&1; then
    echo "[health-tools] lua5.1 present: $(lua5.1 -v 2>&1)"
  else
    step "install lua5.1 (apt)" install_lua
  fi
fi

if [ $want_kstatus -eq 1 ]; then
  cli_utils_version=$(sed -n 's#^[[:space:]]*sigs\.k8s\.io/cli-utils[[:space:]]\{1,\}\(v[^[:space:]]*\).*#\1#p' "$tool_src/go.mod")
  [ -n "$cli_utils_version" ] || { echo "[health-tools] no sigs.k8s.io/cli-utils requirement in $tool_src/go.mod" >&2; exit 1; }
  source_hash=$(cd "$tool_src" && sha256sum go.mod go.sum ./*.go | sha256sum | cut -c1-12)
  out_dir="$cache_root/kstatus-check-$cli_utils_version-$source_hash"
  binary="$out_dir/kstatus-check"
  mkdir -p "$cache_root"
  exec 9>"$cache_root/.health-tools.lock"
  flock 9
  if [ -x "$binary" ]; then
    echo "[health-tools] kstatus-check (cli-utils $cli_utils_version, source $source_hash) up to date"
  else
    build_kstatus_check() {
      mkdir -p "$out_dir" &&
      (cd "$tool_src" && CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -o "$binary.tmp" .) &&
      mv "$binary.tmp" "$binary"
    }
    command -v go >/dev/null 2>&1 || { echo "[health-tools] go is not installed" >&2; exit 1; }
    step "build kstatus-check (cli-utils $cli_utils_version)" build_kstatus_check
  fi
  smoke_test() { # a ConfigMap has no status to wait for: kstatus calls it Current
    echo '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"smoke","generation":1}}' | "$binary" | grep -q '^Current|'
  }
  step "smoke-test kstatus-check" smoke_test
  echo "KSTATUS_CHECK=$binary"
fi
