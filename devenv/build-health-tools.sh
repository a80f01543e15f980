#!/usr/bin/env bash
# Builds (or reuses) the Go programs the GitOps health tests run (test/integration/health), from the
# Go module proxy, so no system package and no root is needed:
#   argocd   tools/argocd-health: Argo CD's health assessment (gopher-lua, as Argo CD sets it up)
#   kstatus  tools/kstatus-check: sigs.k8s.io/cli-utils' kstatus (what Flux and kpt wait with)
# Usage: bash devenv/build-health-tools.sh [argocd] [kstatus]   (no argument: both)
# Each binary lands in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under
# <tool>-<pinned library version>-<hash of its .go/go.mod/go.sum>/, so a version bump or a source
# change rebuilds and anything else costs nothing. For each tool the last lines printed are
# ARGOCD_HEALTH=<binary> / KSTATUS_CHECK=<binary>. Prints the time each step took. Idempotent;
# safe to run concurrently (flock).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools_root=$(cd "$here/../tools" && pwd)
cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}

want_argocd=0 want_kstatus=0
[ $# -eq 0 ] && set -- argocd kstatus
for arg in "$@"; do
  case "$arg" in
    argocd) want_argocd=1 ;;
    kstatus) want_kstatus=1 ;;
    *) echo "usage: $0 [argocd] [kstatus]" >&2; exit 2 ;;
  esac
done

STEP_PREFIX=health-tools
# shellcheck source=step.sh
source "$here/step.sh"

# build_go_tool NAME LIBRARY VARIABLE SMOKE_INPUT SMOKE_EXPECTED [ARGS...]: builds tools/NAME (cache
# folder named after the version of LIBRARY in its go.mod), smoke-tests it, prints VARIABLE=<binary>.
build_go_tool() {
  local name=$1 library=$2 variable=$3 smoke_input=$4 smoke_expected=$5
  shift 5
  local src="$tools_root/$name" version source_hash out_dir binary
  version=$(sed -n "s#^[[:space:]]*${library//./\\.}[[:space:]]\{1,\}\(v[^[:space:]]*\).*#\1#p" "$src/go.mod")
  [ -n "$version" ] || { echo "[health-tools] no $library requirement in $src/go.mod" >&2; exit 1; }
  source_hash=$(cd "$src" && sha256sum go.mod go.sum ./*.go | sha256sum | cut -c1-12)
  out_dir="$cache_root/$name-$version-$source_hash"
  binary="$out_dir/$name"
  if [ -x "$binary" ]; then
    echo "[health-tools] $name ($library $version, source $source_hash) up to date"
  else
    command -v go >/dev/null 2>&1 || { echo "[health-tools] go is required to build $name from the Go module proxy" >&2; exit 1; }
    compile() {
      mkdir -p "$out_dir" &&
      (cd "$src" && CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false -o "$binary.tmp" .) &&
      mv "$binary.tmp" "$binary"
    }
    step "build $name ($library $version)" compile
  fi
  smoke() { [ "$(printf '%s' "$smoke_input" | "$binary" "$@")" = "$smoke_expected" ]; }
  step "smoke-test $name" smoke "$@"
  echo "$variable=$binary"
}

mkdir -p "$cache_root"
exec 9>"$cache_root/.health-tools.lock"
flock 9

if [ $want_argocd -eq 1 ]; then
  # Argo CD calls an object being deleted "Progressing / Pending deletion" before any script runs.
  build_go_tool argocd-health github.com/yuin/gopher-lua ARGOCD_HEALTH \
    '{"apiVersion":"ecsgmsa.io/v1alpha1","kind":"EcsGmsaTask","metadata":{"name":"smoke","deletionTimestamp":"2025-01-01T00:00:00Z"}}' \
    'Progressing|Pending deletion' "$here/../deploy/argocd/argocd-cm-patch.yaml"
fi
if [ $want_kstatus -eq 1 ]; then
  # A ConfigMap has no status to wait for: kstatus calls it Current.
  build_go_tool kstatus-check sigs.k8s.io/cli-utils KSTATUS_CHECK \
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"smoke","generation":1}}' \
    'Current|Resource is always ready'
fi
