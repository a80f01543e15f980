#!/usr/bin/env bash
# Makes sure the machine has what the local environment needs outside npm and the Go module proxy.
#   go >= 1.24    builds kube-apiserver, etcd and the tools   checked only: Debian's golang is too old
#   python3       builds kube-apiserver (go.mod parsing), runs moto      Debian package python3
#   python3 venv  moto's virtualenv (only when moto is not cached yet)   Debian package python3-venv
#   openssl       the throwaway PKI of every test run                    Debian package openssl
#   flock         the build scripts' locks                               Debian package util-linux
# Missing Debian packages are installed with apt-get (no language registry provides them), as root or
# with passwordless sudo; otherwise the script stops and prints the command to run. Nothing present
# is touched. Used by build-components.sh, so `npm ci && npm test` and `npm run sandbox` need no
# manual step; .ci/run relies on the same path.
#   bash devenv/system-prerequisites.sh [--go] [--venv]   (what is about to be built needs go / a venv)
set -euo pipefail

want_go=0 want_venv=0
for arg in "$@"; do
  case "$arg" in
    --go) want_go=1 ;;
    --venv) want_venv=1 ;;
    *) echo "usage: $0 [--go] [--venv]" >&2; exit 2 ;;
  esac
done

fail() { echo "[prerequisites] $*" >&2; exit 1; }

check_go() {
  command -v go >/dev/null 2>&1 || fail "go (>= 1.24) is required to build kube-apiserver, etcd and the test tools from the Go module proxy: install it from https://go.dev/dl/ and put it on PATH"
  local version major minor
  version=$(go env GOVERSION)          # e.g. go1.26.8
  version=${version#go}
  major=${version%%.*}; minor=${version#*.}; minor=${minor%%.*}
  if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 24 ]; }; then
    fail "go >= 1.24 is required (kube-apiserver v1.34 needs it), found go$version at $(command -v go)"
  fi
}

venv_works() { # creates a throwaway venv with pip, as install_moto does
  local probe rc
  probe=$(mktemp -d)
  python3 -m venv "$probe/venv" >/dev/null 2>&1 && rc=0 || rc=1
  rm -rf "$probe"
  return $rc
}

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-venv)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v flock >/dev/null 2>&1 || missing+=(util-linux)
if [ $want_venv -eq 1 ] && command -v python3 >/dev/null 2>&1 && ! venv_works; then missing+=(python3-venv); fi

if [ $want_go -eq 1 ]; then check_go; fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

install=(apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}")
command -v apt-get >/dev/null 2>&1 || fail "missing: ${missing[*]} (Debian package names); this is not a Debian/Ubuntu machine: install their equivalents, then rerun"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  fail "missing system packages: ${missing[*]}. Installing them needs root; run: sudo apt-get update && sudo ${install[*]}"
fi
echo "[prerequisites] installing Debian packages: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${install[@]}"
if [ $want_venv -eq 1 ] && ! venv_works; then fail "python3 -m venv still fails after installing ${missing[*]}"; fi
echo "[prerequisites] installed: ${missing[*]}"
