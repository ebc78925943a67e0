#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the job-repository tests, installing Debian's server package if
# it is missing. Listens on 127.0.0.1 only. Prints the JDBC URL the tests read from
# A2E_TEST_POSTGRES_URL (user a2e, password a2e, database a2e).
#
#   scripts/postgres.sh start   # install if needed, init a cluster, start it (idempotent)
#   scripts/postgres.sh stop
set -euo pipefail

PORT="${A2E_PG_PORT:-55432}"
DATA="${A2E_PG_DATA:-${TMPDIR:-/tmp}/a2e-batch-postgres}"
LOG="$DATA.log"

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_owner() {
  # PostgreSQL refuses to run as root: run it as the 'postgres' account the package creates.
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_server() {
  if find_bin >/dev/null; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: PostgreSQL server is not installed and this is not root; install Debian's 'postgresql' package" >&2
    exit 1
  fi
  echo "postgres.sh: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

start() {
  install_server
  local bin; bin="$(find_bin)"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    touch "$LOG"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$LOG"
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off" start >/dev/null
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='a2e'")" != 1 ]; then
    "${psql[@]}" -c "create role a2e login password 'a2e'" >/dev/null
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='a2e'")" != 1 ]; then
    "${psql[@]}" -c "create database a2e owner a2e" >/dev/null
  fi
  echo "jdbc:postgresql://127.0.0.1:$PORT/a2e"
}

stop() {
  local bin; bin="$(find_bin)" || return 0
  as_owner "$bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
