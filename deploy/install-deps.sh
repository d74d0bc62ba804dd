#!/usr/bin/env bash
# Installs what the hub, its demo and its tests need on a fresh Debian 12 machine.
# Safe to run again: it installs only what is missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

need_apt=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_apt+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || need_apt+=(mosquitto-clients)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# The real SMTP server of the notification tests (STARTTLS, AUTH) on loopback.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need_apt+=(python3-aiosmtpd)
# The real PostgreSQL of the database polling and store tests, and of `demo.sh --store postgresql` (initdb + pg_ctl on a
# loopback port, started by the tests or deploy/demo-postgresql.sh; never as a system service). Its package brings psql.
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
# The reverse proxy of the several-node tests (deploy/ha/nginx-hub.conf), started by the tests with a config of their
# own on loopback (daemon off); the package's own service is not used.
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
# PostgreSQL fail-over (issue 18 item 5): Patroni and one etcd, started on loopback ports by the fail-over tests'
# fixture (never as system services); deploy/ha/ describes the production set-up.
[ -x /usr/bin/patroni ] || need_apt+=(patroni)
[ -x /usr/bin/etcd ] || need_apt+=(etcd-server)
# The metrics scrape tests (issue 19 item 2): Prometheus started on loopback with deploy/prometheus/prometheus.yml
# rendered by the tests' fixture, and promtool, which checks deploy/prometheus/alerts.yml; never as a system service.
[ -x /usr/bin/prometheus ] || need_apt+=(prometheus)
# Desk sign-in from the directory (issue 23 item 4): libldap is what System.DirectoryServices.Protocols calls on Linux,
# at run time too; slapd and ldap-utils are the directory of the sign-in tests, started by their fixture on loopback
# ports with a config of its own (never as a system service: the policy-rc.d below keeps apt from starting one).
ls /usr/lib/*/libldap-2.5.so.0 >/dev/null 2>&1 || need_apt+=(libldap-2.5-0)
[ -x /usr/sbin/slapd ] || need_apt+=(slapd)
[ -x /usr/bin/ldapmodify ] || need_apt+=(ldap-utils)
# A real QR decoder for the machine labels' test (hub equipment labels, issue 24 item 1).
[ -x /usr/bin/zbarimg ] || need_apt+=(zbar-tools)
# The headless browser of the portal's end-to-end tests (Playwright drives Debian's chromium; it downloads none).
if [ "${HUB_WITH_BROWSER:-0}" = 1 ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  # Chinese glyphs for the zh-CN pages' screenshots (Debian's chromium brings no CJK font).
  [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need_apt+=(fonts-wqy-zenhei)
fi
if [ "${HUB_WITH_BENCH_TOOLS:-0}" = 1 ]; then
  command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
  # The mqtt benchmark's C reference subscriber (bench/mqtt/c-subscriber.c) is compiled against Debian's libmosquitto.
  [ -e /usr/include/mosquitto.h ] || need_apt+=(libmosquitto-dev)
  command -v cc >/dev/null 2>&1 || need_apt+=(gcc)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[install] apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "[install] need root (or sudo) to apt-get install ${need_apt[*]}" >&2; exit 1; }
    sudo=(sudo --preserve-env=DEBIAN_FRONTEND)
  fi
  # No package may start its system service (nginx on 0.0.0.0:80, etcd, PostgreSQL's main cluster): the tests and the
  # demo start their own on loopback ports. Debian asks /usr/sbin/policy-rc.d; one that refuses is put there for the
  # install only, unless the machine has its own.
  policy_made=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    "${sudo[@]}" sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    policy_made=1
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq "${need_apt[@]}" >/dev/null
  [ "$policy_made" = 0 ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "[install] the .NET SDK 10 is required (dotnet on PATH); this machine has none." >&2
  exit 1
fi

# Node peers (test brokers, the simulated MES server): every committed package-lock.json.
while IFS= read -r lock; do
  dir=$(dirname "$repo/$lock")
  # bench/node-red (the rules benchmark's Node-RED reference, issue 20) is for the benchmarks only.
  case "$lock" in ./bench/*|bench/*) [ "${HUB_WITH_BENCH_TOOLS:-0}" = 1 ] || continue ;; esac
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "[install] npm ci in ${lock%/package-lock.json}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done < <(cd "$repo" && git ls-files '*package-lock.json' 2>/dev/null || find . -name package-lock.json -not -path '*/node_modules/*')

echo "[install] dotnet restore"
dotnet restore "$repo/IntegrationHub.sln" --verbosity quiet
