#!/usr/bin/env bash
# Builds (or reuses) the command-line tools the deploy and packaging tests run, from the Go module proxy:
#   kustomize  sigs.k8s.io/kustomize/kustomize/v5     renders deploy/ as `kubectl apply -k` does
#   helm       helm.sh/helm/v3/cmd/helm               lints and renders charts/ecs-gmsa-operator
#   promtool   github.com/prometheus/prometheus/cmd/promtool   checks and unit-tests the alert rules
#   prometheus-operator-crds   the ServiceMonitor and PrometheusRule CRDs of
#              github.com/prometheus-operator/prometheus-operator (downloaded, not built), so the
#              apiserver can dry-run what the chart renders for the Prometheus Operator
# Each is cached in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under
# tools-<name>-<version>/bin, so a version bump rebuilds and an unchanged pin costs nothing. Prints the
# time each step took. Idempotent; safe to run concurrently (one flock per tool).
#
#   bash devenv/build-tools.sh                     build every tool that is missing
#   bash devenv/build-tools.sh helm promtool       build those when missing
#   bash devenv/build-tools.sh --print NAME        build NAME if missing, then print the binary's path
#                                                  (prometheus-operator-crds: the folder of the two files)
#                                                  (alone on stdout; progress goes to stderr)
# Cold builds (empty Go build cache, 2 cores shared with other builds, load average ~12): helm 5 min,
# promtool 13 min, kustomize ~1 min; with a warm build cache each takes about a minute.
set -euo pipefail

# v5.8.1 is the newest kustomize whose go.mod accepts go 1.24 (what devenv/system-prerequisites.sh requires);
# v5.8.2 needs go 1.26 and v5.8.3 go 1.27.
KUSTOMIZE_VERSION=${KUSTOMIZE_VERSION:-v5.8.1}
# helm v3.22.0 needs go >= 1.26.0; prometheus v0.316.0 (Prometheus 3.16) needs go >= 1.26.7.
HELM_VERSION=${HELM_VERSION:-v3.22.0}
PROMETHEUS_VERSION=${PROMETHEUS_VERSION:-v0.316.0}
PROMETHEUS_OPERATOR_VERSION=${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}
PROMETHEUS_OPERATOR_CRDS=(monitoring.coreos.com_servicemonitors.yaml monitoring.coreos.com_prometheusrules.yaml)

usage() { echo "usage: $0 [kustomize|helm|promtool|prometheus-operator-crds]... | --print NAME" >&2; exit 2; }

package_of() { # the `go install` target of a tool
  case "$1" in
    kustomize) echo "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" ;;
    helm) echo "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" ;;
    promtool) echo "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION" ;;
    prometheus-operator-crds) echo "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" ;;
    *) usage ;;
  esac
}

version_of() {
  case "$1" in
    kustomize) echo "$KUSTOMIZE_VERSION" ;;
    helm) echo "$HELM_VERSION" ;;
    promtool) echo "$PROMETHEUS_VERSION" ;;
    prometheus-operator-crds) echo "$PROMETHEUS_OPERATOR_VERSION" ;;
  esac
}

# What proves a binary works (and is the version pinned, where the tool can say so offline).
smoke_test() { # smoke_test NAME BINARY
  case "$1" in
    kustomize) "$2" version >/dev/null 2>&1 ;;
    helm) "$2" version --short 2>/dev/null | grep -q "^${HELM_VERSION}" ;;
    promtool) "$2" --version >/dev/null 2>&1 ;;
    prometheus-operator-crds)
      local f
      for f in "${PROMETHEUS_OPERATOR_CRDS[@]}"; do grep -q '^kind: CustomResourceDefinition' "$2/$f" 2>/dev/null || return 1; done ;;
  esac
}

# helm takes its version and its default Kubernetes version (.Capabilities.KubeVersion of `helm template`,
# the deprecation checks of `helm lint`) from link-time variables its Makefile sets; without them it
# says v3.22 and renders for Kubernetes v1.20. The Kubernetes version is the one its client-go
# v0.<minor> stands for (1.<minor>), read from helm's own go.mod as the Makefile does.
helm_ldflags() {
  local gomod minor
  gomod=$(go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  minor=$(sed -n 's#^[[:space:]]*k8s\.io/client-go v0\.\([0-9]*\)\..*#\1#p' "$gomod")
  [ -n "$minor" ] || { echo "no k8s.io/client-go requirement in $gomod" >&2; return 1; }
  local v=helm.sh/helm/v3/internal/version c=helm.sh/helm/v3/pkg/chartutil l=helm.sh/helm/v3/pkg/lint/rules
  echo "-s -w -X $v.version=$HELM_VERSION -X $c.k8sVersionMajor=1 -X $c.k8sVersionMinor=$minor -X $l.k8sVersionMajor=1 -X $l.k8sVersionMinor=$minor"
}

# promtool without Prometheus' service-discovery plugins (their cloud SDKs are most of its build time):
# `check rules` and `test rules` need none of them.
tags_of() {
  case "$1" in
    promtool) echo "remove_all_sd" ;;
    *) echo "" ;;
  esac
}

ldflags_of() {
  case "$1" in
    helm) helm_ldflags ;;
    *) echo "-s -w" ;;
  esac
}

print=""
tools=()
case "${1:-}" in
  --print)
    [ $# -eq 2 ] || usage
    package_of "$2" >/dev/null
    print=$2
    tools=("$2")
    exec 3>&1 1>&2 # progress to stderr; fd 3 keeps stdout for the path
    ;;
  "") tools=(kustomize helm promtool prometheus-operator-crds) ;;
  *)
    for t in "$@"; do package_of "$t" >/dev/null; done
    tools=("$@")
    ;;
esac

cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}
mkdir -p "$cache_root"

STEP_PREFIX=tools
# shellcheck source=step.sh
source "$(dirname "${BASH_SOURCE[0]}")/step.sh"

# The CRDs as the prometheus-operator module at that version ships them (example/prometheus-operator-crd).
fetch_crds() { # fetch_crds TOOLS_DIR
  local dir=$1 module_dir f
  module_dir=$(cd "$dir" && go mod download -json "$(package_of prometheus-operator-crds)" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$module_dir" ] || { echo "go mod download gave no module directory" >&2; return 1; }
  rm -rf "$dir/crds.tmp"; mkdir -p "$dir/crds.tmp"
  for f in "${PROMETHEUS_OPERATOR_CRDS[@]}"; do cp "$module_dir/example/prometheus-operator-crd/$f" "$dir/crds.tmp/$f" || return 1; done
  chmod -R u+w "$dir/crds.tmp" && rm -rf "$dir/crds" && mv "$dir/crds.tmp" "$dir/crds"
}

build_tool() { # build_tool NAME TOOLS_DIR
  local name=$1 dir=$2 staging="$2/bin.tmp"
  command -v go >/dev/null || { echo "go is required to build $name from the Go module proxy" >&2; return 1; }
  if [ "$name" = prometheus-operator-crds ]; then fetch_crds "$dir"; return; fi
  rm -rf "$staging"; mkdir -p "$staging"
  # A module-less install: no go.mod of ours is involved, the pin is the @version.
  local ldflags
  ldflags=$(cd "$dir" && ldflags_of "$name") || return 1
  (cd "$dir" && GOBIN="$staging" CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false" go install -tags "$(tags_of "$name")" -ldflags "$ldflags" "$(package_of "$name")") &&
  smoke_test "$name" "$staging/$name" &&
  mkdir -p "$dir/bin" && mv "$staging/$name" "$dir/bin/$name" && rm -rf "$staging"
}

ensure_tool() { # ensure_tool NAME: builds when missing; leaves the binary path in $tool_path
  local name=$1 version dir
  version=$(version_of "$name")
  dir="$cache_root/tools-$name-$version"
  tool_path="$dir/bin/$name"
  if [ "$name" = prometheus-operator-crds ]; then tool_path="$dir/crds"; fi
  if smoke_test "$name" "$tool_path"; then echo "[tools] $name $version cached"; return 0; fi
  mkdir -p "$dir"
  exec 9>"$cache_root/.build-tools-$name.lock"
  flock 9
  # Another process may have built it while this one waited for the lock.
  if smoke_test "$name" "$tool_path"; then echo "[tools] $name $version built meanwhile"; else step "build $name $version" build_tool "$name" "$dir" && smoke_test "$name" "$tool_path"; fi
  exec 9>&-
}

total0=$(date +%s)
for t in "${tools[@]}"; do ensure_tool "$t"; done
echo "[tools] ready in $(( $(date +%s) - total0 ))s: ${tools[*]}"
if [ -n "$print" ]; then echo "$tool_path" >&3; fi
