#!/usr/bin/env bash
# Builds (or reuses) the command-line tools the deploy tests need, from the Go module proxy:
#   kustomize (sigs.k8s.io/kustomize/kustomize/v5), which renders deploy/ as `kubectl apply -k` does.
# Cached in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under tools-<version>/bin, so a
# version bump rebuilds and an unchanged pin costs nothing. Prints the time each step took.
# Idempotent; safe to run concurrently (flock).
#
#   bash devenv/build-tools.sh                   build what is missing
#   bash devenv/build-tools.sh --print kustomize build if missing, then print the binary's path
#                                                  (alone on stdout; progress goes to stderr)
set -euo pipefail

# v5.8.1 is the newest kustomize whose go.mod accepts go 1.24 (what devenv/system-prerequisites.sh requires);
# v5.8.2 needs go 1.26 and v5.8.3 go 1.27.
KUSTOMIZE_VERSION=${KUSTOMIZE_VERSION:-v5.8.1}

print=""
case "${1:-}" in
  "") ;;
  --print)
    [ "${2:-}" = kustomize ] || { echo "usage: $0 [--print kustomize]" >&2; exit 2; }
    print=kustomize
    exec 3>&1 1>&2 # progress to stderr; fd 3 keeps stdout for the path
    ;;
  *) echo "usage: $0 [--print kustomize]" >&2; exit 2 ;;
esac

cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}
tools_dir="$cache_root/tools-kustomize-$KUSTOMIZE_VERSION"
bin_dir="$tools_dir/bin"
mkdir -p "$cache_root"

kustomize_ok() { [ -x "$bin_dir/kustomize" ] && "$bin_dir/kustomize" version >/dev/null 2>&1; }

if ! kustomize_ok; then
  exec 9>"$cache_root/.build-tools.lock"
  flock 9
fi

STEP_PREFIX=tools
# shellcheck source=step.sh
source "$(dirname "${BASH_SOURCE[0]}")/step.sh"

build_kustomize() {
  command -v go >/dev/null || { echo "go is required to build kustomize from the Go module proxy" >&2; return 1; }
  local staging="$tools_dir/bin.tmp"
  rm -rf "$staging"; mkdir -p "$staging"
  # A temporary module-less install: no go.mod of ours is involved, the pin is the @version.
  (cd "$tools_dir" && GOBIN="$staging" CGO_ENABLED=0 GOFLAGS=-trimpath go install -ldflags "-s -w" \
      "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION") &&
  "$staging/kustomize" version &&
  mkdir -p "$bin_dir" && mv "$staging/kustomize" "$bin_dir/kustomize" && rm -rf "$staging"
}

total0=$(date +%s)
mkdir -p "$tools_dir"
if kustomize_ok; then echo "[tools] kustomize $KUSTOMIZE_VERSION cached"; else step "build kustomize $KUSTOMIZE_VERSION" build_kustomize; fi
echo "[tools] ready in $(( $(date +%s) - total0 ))s: $bin_dir"
if [ "$print" = kustomize ]; then echo "$bin_dir/kustomize" >&3; fi
