#!/usr/bin/env bash
# Installs (when missing) and provisions the Samba AD DC that plays Active Directory in tests:
#   1. the Debian 12 packages (root; apt, --no-install-recommends, services kept from starting);
#   2. one domain CORP.EXAMPLE.COM provisioned into the component cache, started once so Samba writes
#      its TLS certificates, then stopped: devenv/samba.ts copies this template for every run.
# The template lives in $ECSGMSA_CACHE_DIR (default ~/.cache/ecs-gmsa-operator) under
# samba-<Debian version>-<hash of this script>/, so a package upgrade or a recipe change reprovisions
# and an unchanged one costs nothing. Prints the time each step took. Idempotent; safe to run
# concurrently (flock).
#
#   bash devenv/build-samba.sh            install and provision what is missing
#   bash devenv/build-samba.sh --print    the same, then print the template folder alone on stdout
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

print=""
case "${1:-}" in
  "") ;;
  --print) print=yes; exec 3>&1 1>&2 ;; # progress to stderr; fd 3 keeps stdout for the path
  *) echo "usage: $0 [--print]" >&2; exit 2 ;;
esac

# The domain every test run gets. example.com is reserved: nothing here can resolve outside.
REALM=CORP.EXAMPLE.COM
DOMAIN=CORP
HOST_NAME=dc1
# Used only while building (under the lock); devenv/samba.ts never hands it to a run.
TEMPLATE_IP=127.77.0.1
PACKAGES=(samba samba-ad-dc samba-ad-provision winbind krb5-user ldap-utils python3-samba samba-dsdb-modules)

cache_root=${ECSGMSA_CACHE_DIR:-$HOME/.cache/ecs-gmsa-operator}
mkdir -p "$cache_root"
exec 9>"$cache_root/.build-samba.lock"
flock 9

STEP_PREFIX=samba
# shellcheck source=step.sh
source "$here/step.sh"

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || echo "$p"
  done
}

install_packages() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Samba AD DC packages are missing ($*) and installing them needs root." >&2
    echo "Run once as root: sudo bash devenv/build-samba.sh   (tests also need root: Samba binds ports 88, 389 and 636)" >&2
    return 1
  fi
  # Package scripts must not start smbd/nmbd/samba-ad-dc system-wide: a policy-rc.d answering 101
  # ("action forbidden") stops invoke-rc.d and deb-systemd-invoke. Only ours is removed afterwards.
  local policy=/usr/sbin/policy-rc.d ours=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && ours=yes
  fi
  local rc=0 log=$cache_root/samba-apt.log
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1 || rc=$?
  if [ -n "$ours" ]; then rm -f "$policy"; fi
  if [ $rc -ne 0 ]; then tail -n 30 "$log" >&2; echo "apt-get failed (exit $rc); full output: $log" >&2; return $rc; fi
  # On a machine run by systemd, keep the packaged services off: tests start their own Samba.
  if [ -d /run/systemd/system ]; then
    systemctl disable --now smbd nmbd winbind samba-ad-dc >/dev/null 2>&1 || true
  fi
}

samba_version() { dpkg-query -W -f='${Version}' samba | sed 's/^[0-9]*://'; }

# samba-tool is Python: run it with Debian's interpreter and no Python overrides (a pyenv python on
# PATH lacks the samba module).
samba_tool() { env -u PYTHONPATH -u PYTHONHOME /usr/bin/python3 /usr/bin/samba-tool "$@"; }

random_password() { # meets AD complexity: upper, lower, digit, symbol
  printf 'Adm1n-%s' "$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
}

# Points everything Samba writes at run time into the folder and keeps it to LDAP, DNS and Kerberos.
# Keys set here replace what provision wrote; the DNS forwarder it copied from resolv.conf goes.
tune_smb_conf() {
  local dir=$1 conf=$1/etc/smb.conf key
  local -a settings=(
    "log file = $dir/log/samba.log"
    "pid directory = $dir/run"
    "ncalrpc dir = $dir/run/ncalrpc"
    "winbindd socket directory = $dir/run/winbindd"
    "ntp signd socket directory = $dir/run/ntp_signd"
    "server services = ldap, dns, kdc"
    "prefork children = 1"
  )
  sed -i '/^[[:space:]]*dns forwarder[[:space:]]*=/d' "$conf"
  for key in "${settings[@]}"; do
    sed -i "/^[[:space:]]*${key%% = *}[[:space:]]*=/d" "$conf"
    sed -i "/^\[global\]/a\\
	$key" "$conf"
  done
  mkdir -p "$dir/log" "$dir/run"
}

# Starts the template once: Samba creates private/tls/{ca,cert,key}.pem on its first start. Returns
# when an LDAPS bind as Administrator succeeds, then stops it.
first_start() {
  local dir=$1 password=$2 pid ok=""
  samba -s "$dir/etc/smb.conf" -i --debug-stdout -d1 </dev/null >"$dir/log/first-start.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if [ -s "$dir/private/tls/ca.pem" ] &&
      LDAPTLS_CACERT="$dir/private/tls/ca.pem" LDAPTLS_REQCERT=allow ldapsearch -LLL -o nettimeout=2 \
        -H "ldaps://$TEMPLATE_IP" -D "Administrator@$REALM" -w "$password" -s base -b '' defaultNamingContext >/dev/null 2>&1; then
      ok=yes; break
    fi
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ok" ]; then
    echo "the provisioned Samba did not answer an LDAPS bind; its log:" >&2
    tail -n 40 "$dir/log/first-start.log" >&2
    return 1
  fi
  # Leave no run-time state (sockets, pid files, logs) in the template.
  rm -rf "$dir/log/first-start.log" "$dir"/log/samba.log* "$dir"/run/* "$dir/msg.lock" "$dir/msg.sock" \
    "$dir/private/ldapi" "$dir/private/smbd.tmp"
}

provision() {
  local target=$1 work=$1.tmp password
  rm -rf "$work"; mkdir -p "$work"
  password=$(random_password)
  # An empty base configuration: otherwise provision merges the system's /etc/samba/smb.conf.
  : > "$work/empty.conf"
  samba_tool domain provision --configfile="$work/empty.conf" --targetdir="$work/dc" --realm="$REALM" --domain="$DOMAIN" \
    --adminpass="$password" --server-role=dc --dns-backend=SAMBA_INTERNAL --use-rfc2307 \
    --host-name="$HOST_NAME" --host-ip="$TEMPLATE_IP" \
    --option="interfaces = $TEMPLATE_IP/8" --option="bind interfaces only = yes" >"$work/provision.log" 2>&1 ||
    { tail -n 40 "$work/provision.log" >&2; return 1; }
  tune_smb_conf "$work/dc"
  # A cached template outlives AD's default 42-day password age: Administrator's must never expire.
  samba_tool domain passwordsettings set --max-pwd-age=0 -H "$work/dc/private/sam.ldb" >>"$work/provision.log" 2>&1 ||
    { tail -n 20 "$work/provision.log" >&2; return 1; }
  first_start "$work/dc" "$password" || return 1
  {
    echo "# Written by devenv/build-samba.sh; read by devenv/samba.ts."
    echo "REALM=$REALM"
    echo "DOMAIN=$DOMAIN"
    echo "HOST_NAME=$HOST_NAME"
    echo "TEMPLATE_IP=$TEMPLATE_IP"
    echo "TEMPLATE_DIR=$target/dc"
    echo "ADMIN_PASSWORD=$password"
  } > "$work/provision.env"
  chmod 600 "$work/provision.env"
  # The folder's own path is written into smb.conf: rename it into place, then fix the path.
  rm -rf "$target"; mv "$work" "$target"
  sed -i "s|$work/dc|$target/dc|g" "$target/dc/etc/smb.conf"
  touch "$target/complete"
}

total0=$(date +%s)
mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -eq 0 ]; then echo "[samba] packages installed"; else step "install ${missing[*]}" install_packages "${missing[@]}"; fi

template="$cache_root/samba-$(samba_version)-$(sha256sum "$here/build-samba.sh" | cut -c1-12)"
# Samba's self-signed certificates last about two years: reprovision before they expire (30 days ahead).
template_ok() {
  [ -f "$template/complete" ] && openssl x509 -checkend 2592000 -noout -in "$template/dc/private/tls/cert.pem" >/dev/null 2>&1
}
if template_ok; then echo "[samba] template cached"; else
  if [ "$(id -u)" -ne 0 ]; then
    echo "provisioning the Samba AD DC needs root (it sets ownership and NT ACLs, and binds port 636 to check itself): sudo bash devenv/build-samba.sh" >&2
    exit 1
  fi
  step "provision $REALM" provision "$template"
fi
echo "[samba] ready in $(( $(date +%s) - total0 ))s: $template"
if [ -n "$print" ]; then echo "$template" >&3; fi
