#!/usr/bin/env bash
# The demo's own PostgreSQL (issue 17 item 4): a cluster inside the demo's data folder, started with pg_ctl on a
# loopback port; no system service, nothing outside the data folder. deploy/demo.sh --store postgresql uses it, and
# the tests drive it alone (tests/IntegrationHub.EndToEnd.Tests/Deploy).
#
#   deploy/demo-postgresql.sh start <data folder> <port>   make the cluster <data>/postgresql (initdb) or reuse it, start
#                                                          it on 127.0.0.1:<port> and create the database 'hub'
#   deploy/demo-postgresql.sh stop <data folder>           stop that cluster if it runs (and nothing else)
#   deploy/demo-postgresql.sh query <data folder> <port> <sql>   one psql query in the database 'hub', unaligned output
#
# The user 'hub' (the cluster's superuser, owner of the database 'hub') has a generated password kept in
# <data>/postgresql.password (mode 0600, the demo's user). It is never printed and never on a command line (every
# local user can read those with ps): psql gets it in its environment, initdb from a file readable only by the
# cluster's owner that is deleted once initdb has read it.
set -euo pipefail

say() { if [ -t 1 ]; then printf '\033[1m[demo]\033[0m %s\n' "$*"; else printf '[demo] %s\n' "$*"; fi; }
fail() { echo "demo-postgresql: $*" >&2; exit 1; }
usage() {
  echo "Usage: deploy/demo-postgresql.sh start <data folder> <port> | stop <data folder> | query <data folder> <port> <sql>" >&2
  exit 2
}

command=${1:-}
[ -n "${2:-}" ] || usage
[ "$command" != start ] || mkdir -p "$2"
[ -d "$2" ] || fail "the data folder $2 does not exist."
data=$(cd "$2" && pwd)
pgdata="$data/postgresql"
pwfile="$data/postgresql.password"
log="$data/postgresql.log"
root="/usr/lib/postgresql"

# As root the cluster belongs to 'postgres', which must pass through the data folder to reach it; the hub makes that
# folder 0750 at its first start (others lose every right: issue 16 item 21), so the second pg_ctl of a run (its stop)
# and every later run would be refused. The folder's group becomes postgres, so the cluster's owner may pass and
# list it, and no one else gains anything; the hub keeps the group's rights. Done only once the folder is accepted.
let_owner_in() {
  if [ "$(id -u)" = 0 ]; then
    chgrp postgres "$data"
    chmod g+rx,g-w "$data"
  fi
}

# PostgreSQL refuses to run as root: then the cluster belongs to Debian's 'postgres' user (as in the tests' fixture).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

installed_majors() {
  local d
  for d in "$root"/*/bin/pg_ctl; do
    [ -x "$d" ] || continue
    d=${d#"$root"/}
    printf '%s\n' "${d%%/*}"
  done | sort -V
}

# The pid of this cluster's running server, or nothing. postmaster.pid alone proves nothing: a killed server leaves
# it behind, and its pid may since belong to another program, which pg_ctl would then signal. A process counts only
# if it is a postgres binary whose working directory is this cluster (the server changes into its data directory).
server_pid() {
  local pid exe cwd
  [ -f "$pgdata/postmaster.pid" ] || return 0
  pid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  if [ "${exe##*/}" = postgres ] && [ "$cwd" = "$(readlink -f "$pgdata")" ]; then
    printf '%s\n' "$pid"
  fi
}

# The binaries that fit the cluster: its own major version when it has one, else the newest installed.
pick_bin() {
  local majors version
  majors=$(installed_majors)
  [ -n "$majors" ] || fail "PostgreSQL is not installed (no $root/<version>/bin/pg_ctl). Run deploy/install-deps.sh (it installs Debian's postgresql)."
  if [ -f "$pgdata/PG_VERSION" ]; then
    version=$(head -n 1 "$pgdata/PG_VERSION")
    if [ ! -x "$root/$version/bin/pg_ctl" ]; then
      fail "$pgdata holds a PostgreSQL $version cluster, and this machine has PostgreSQL $(printf '%s' "$majors" | paste -sd, -) ($root/<version>/bin). Nothing was changed or deleted. Install PostgreSQL $version, upgrade the cluster with pg_upgrade, or move $pgdata away (or use another data folder: HUB_DEMO_DATA=<folder>)."
    fi
  else
    version=$(printf '%s\n' "$majors" | tail -n 1)
  fi
  bin="$root/$version/bin"
  major=$version
}

psql_hub() {
  local database=$1
  shift
  PGPASSWORD=$(cat "$pwfile") PGCONNECT_TIMEOUT=10 "$bin/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$port" -U hub -d "$database" "$@"
}

port_owner() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true
}

check_port() {
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] \
    || fail "'$port' is not a port number (HUB_PG_PORT: 1-65535, default 15432)."
}

started=0
stop_if_started_here() {
  local rc=$?
  if [ "$rc" != 0 ] && [ "$started" = 1 ]; then
    as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w -s stop >/dev/null 2>&1 || true
  fi
  exit "$rc"
}

start() {
  check_port
  if [ -e "$pgdata" ] && [ -n "$(ls -A "$pgdata" 2>/dev/null)" ]; then
    [ -f "$pgdata/PG_VERSION" ] \
      || fail "$pgdata is not empty and is not a PostgreSQL cluster (it has no PG_VERSION). Nothing was changed or deleted. Move it away, or use another data folder: HUB_DEMO_DATA=<folder>."
    pick_bin
    [ -f "$pwfile" ] \
      || fail "$pgdata is a cluster, but its password file $pwfile is missing, so the hub cannot sign in. Nothing was changed or deleted. Restore the file, or move $pgdata away to make a new cluster."
    fresh=0
  else
    pick_bin
    fresh=1
  fi

  let_owner_in
  # A server left running by an earlier run that was killed before its trap could stop it: reuse it when it listens
  # where this run wants it, else stop it cleanly and start it again on this run's port.
  local pid running_port
  pid=$(server_pid)
  if [ -n "$pid" ]; then
    running_port=$(sed -n 4p "$pgdata/postmaster.pid")
    if [ "$running_port" = "$port" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      say "reusing PostgreSQL $major left running by an earlier run (pid $pid) on 127.0.0.1:$port"
      started=1
      create_database
      return
    fi
    say "stopping PostgreSQL $major left running by an earlier run (pid $pid, port $running_port), to start it on port $port"
    as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w -s stop
  elif [ -f "$pgdata/postmaster.pid" ]; then
    # Left by a server that was killed; PostgreSQL would refuse to start if its pid now belongs to a live process.
    say "removing a stale $pgdata/postmaster.pid (its pid $(head -n 1 "$pgdata/postmaster.pid") is not this cluster's server)"
    rm -f "$pgdata/postmaster.pid"
  fi

  if (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    local owner
    owner=$(port_owner "$port")
    fail "port $port on 127.0.0.1 is already taken by another program${owner:+ ($owner)}, so the demo's PostgreSQL cannot listen there. Stop that program, or choose another port: HUB_PG_PORT=<free port> (default 15432)."
  fi
  # The server's unix socket lives in the cluster folder; sun_path holds 107 bytes.
  local socket="$pgdata/.s.PGSQL.$port"
  [ "${#socket}" -le 107 ] || fail "the data folder's path is too long for PostgreSQL's unix socket $socket (at most 107 characters). Use a shorter HUB_DEMO_DATA."

  if [ "$fresh" = 1 ]; then
    say "making a PostgreSQL $major cluster in $pgdata (password in $pwfile)"
    mkdir -p "$pgdata"
    chmod 700 "$pgdata"
    (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$pwfile")
    chmod 600 "$pwfile"
    local scratch
    scratch=$(mktemp -d "$data/.initdb.XXXXXX")
    (umask 077 && cp "$pwfile" "$scratch/pw")
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$pgdata" "$scratch" "$scratch/pw"
    fi
    if ! as_owner "$bin/initdb" -D "$pgdata" -U hub --pwfile="$scratch/pw" --auth-host=scram-sha-256 \
        --auth-local=scram-sha-256 -E UTF8 --locale=C >"$data/initdb.log" 2>&1; then
      rm -rf "$scratch"
      cat "$data/initdb.log" >&2
      fail "initdb failed (its output is above and in $data/initdb.log)."
    fi
    rm -rf "$scratch"
  else
    [ "$(stat -c %a "$pwfile")" = 600 ] || chmod 600 "$pwfile"
  fi

  touch "$log"
  [ "$(id -u)" = 0 ] && chown postgres: "$log"
  say "starting PostgreSQL $major on 127.0.0.1:$port (log: $log)"
  started=1
  if ! as_owner "$bin/pg_ctl" -D "$pgdata" -l "$log" -w -t 120 -s start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata"; then
    echo "PostgreSQL did not start; the end of $log follows." >&2
    tail -n 20 "$log" >&2
    fail "PostgreSQL $major did not start on 127.0.0.1:$port (HUB_PG_PORT)."
  fi
  create_database
}

create_database() {
  if [ -z "$(psql_hub postgres -c "SELECT 1 FROM pg_database WHERE datname = 'hub'")" ]; then
    psql_hub postgres -c "CREATE DATABASE hub"
  fi
}

stop() {
  local pid
  pid=$(server_pid)
  [ -n "$pid" ] || return 0
  pick_bin
  let_owner_in
  say "stopping PostgreSQL $major (pid $pid)"
  as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w -s stop
}

case "$command" in
  start)
    [ $# = 3 ] || usage
    port=$3
    trap stop_if_started_here EXIT
    start
    ;;
  stop)
    [ $# = 2 ] || usage
    stop
    ;;
  query)
    [ $# = 4 ] || usage
    port=$3
    check_port
    pick_bin
    psql_hub hub -c "$4"
    ;;
  *) usage ;;
esac
