#!/usr/bin/env bash
# Builds (or reuses) the real test components, pinned in versions.env:
#   kube-apiserver and etcd from the Go module proxy, moto in a virtualenv.
# Everything lands in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under a folder
# named after the versions, so a version bump rebuilds and an unchanged pin costs nothing.
# Prints the time each step took. Idempotent; safe to run concurrently (flock).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}
k8s_dir="$cache_root/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION"
moto_dir="$cache_root/moto-$MOTO_VERSION"
moto_ok() { # the venv exists and its moto_server runs from this folder (not a half-moved one)
  [ -x "$moto_dir/bin/moto_server" ] && [ "$(head -n 1 "$moto_dir/bin/moto_server")" = "#!$moto_dir/bin/python3" ]
}

# System packages first (installed only when missing): flock is needed for the lock below.
prerequisites=()
if [ ! -x "$k8s_dir/bin/etcd" ] || [ ! -x "$k8s_dir/bin/kube-apiserver" ]; then prerequisites+=(--go); fi
if ! moto_ok; then prerequisites+=(--venv); fi
bash "$here/system-prerequisites.sh" "${prerequisites[@]}"

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9

STEP_PREFIX=components
# shellcheck source=step.sh
source "$(dirname "${BASH_SOURCE[0]}")/step.sh"

build_kube_apiserver() {
  local work="$k8s_dir/src/apiserver" gomod major minor
  rm -rf "$work"; mkdir -p "$work"
  gomod=$(cd "$work" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  local staging_version="v0.${KUBERNETES_VERSION#v1.}"
  {
    echo "module ecsgmsa.local/kube-apiserver"
    echo
    echo "go 1.24.0"
    echo
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    echo "replace ("
    # Each staging module k8s.io/<name> => ./staging/... becomes its published v0.X.Y.
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => \./staging/.*#\1#p' "$gomod" |
      while read -r mod; do echo "	$mod => $mod $staging_version"; done
    echo ")"
  } > "$work/go.mod"
  cat > "$work/main.go" <<'GO'
// Command kube-apiserver wraps the upstream command so it can be built from the module proxy.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
GO
  local minor_full=${KUBERNETES_VERSION#v1.}
  major=1; minor=${minor_full%%.*}
  (cd "$work" && go mod tidy >/dev/null 2>&1 || (cd "$work" && go mod tidy)) &&
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$k8s_dir/bin/kube-apiserver.tmp" \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor" .) &&
  mv "$k8s_dir/bin/kube-apiserver.tmp" "$k8s_dir/bin/kube-apiserver"
}

build_etcd() {
  local work="$k8s_dir/src/etcd"
  rm -rf "$work"; mkdir -p "$work"
  cat > "$work/go.mod" <<GOMOD
module ecsgmsa.local/etcd

go 1.24.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
GOMOD
  cat > "$work/main.go" <<'GO'
// Command etcd wraps etcdmain so the server can be built from the module proxy.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
GO
  (cd "$work" && go mod tidy) &&
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$k8s_dir/bin/etcd.tmp" .) &&
  mv "$k8s_dir/bin/etcd.tmp" "$k8s_dir/bin/etcd"
}

install_moto() {
  rm -rf "$moto_dir.tmp"
  python3 -m venv "$moto_dir.tmp" &&
  "$moto_dir.tmp/bin/pip" install --quiet --disable-pip-version-check \
      "moto[ecs,ssm,s3,secretsmanager]==$MOTO_VERSION" "flask==$FLASK_VERSION" "flask-cors==$FLASK_CORS_VERSION" &&
  rm -rf "$moto_dir" && mv "$moto_dir.tmp" "$moto_dir" || return 1
  # A venv's scripts carry absolute shebangs; rewrite them for the final folder. File by file:
  # bin/ also holds __pycache__/ and symlinks, on which one `sed -i` over bin/* stops early.
  local f
  for f in "$moto_dir"/bin/*; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then sed -i "1s|^#!$moto_dir.tmp/|#!$moto_dir/|" "$f" || return 1; fi
  done
  sed -i "s|$moto_dir.tmp|$moto_dir|g" "$moto_dir/bin/activate" "$moto_dir/pyvenv.cfg" || return 1
  moto_ok
}

mkdir -p "$k8s_dir/bin"
total0=$(date +%s)
if [ -x "$k8s_dir/bin/etcd" ]; then echo "[components] etcd $ETCD_VERSION cached"; else step "build etcd $ETCD_VERSION" build_etcd; fi
if [ -x "$k8s_dir/bin/kube-apiserver" ]; then echo "[components] kube-apiserver $KUBERNETES_VERSION cached"; else step "build kube-apiserver $KUBERNETES_VERSION" build_kube_apiserver; fi
if moto_ok; then echo "[components] moto $MOTO_VERSION cached"; else step "install moto $MOTO_VERSION" install_moto; fi
echo "[components] ready in $(( $(date +%s) - total0 ))s: $k8s_dir/bin, $moto_dir/bin"
