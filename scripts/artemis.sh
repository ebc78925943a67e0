#!/usr/bin/env bash
# Starts a standalone ActiveMQ Artemis broker for a2e-batch fleets (run --partitions N --broker URL,
# a2e-batch worker --broker URL), installed from Maven Central (org.apache.activemq:apache-artemis, the
# bin zip) through `mvn dependency:copy`, as scripts/postgres.sh does for PostgreSQL. Listens on
# 127.0.0.1 only (A2E_ARTEMIS_HOST to change it, for workers on other machines), core protocol only,
# no web console, anonymous access (put it behind your network's rules, or create users, for anything
# but a trusted LAN), a heap of A2E_ARTEMIS_MEMORY (1G; a fleet's queue holds one small message per
# partition). Prints the URL to give --broker.
#
# Environment: A2E_ARTEMIS_VERSION (2.40.0), A2E_ARTEMIS_HOST (127.0.0.1), A2E_ARTEMIS_PORT (61616),
# A2E_ARTEMIS_MEMORY (1G), A2E_ARTEMIS_DIR (installation, instance, journal and log; $TMPDIR/a2e-batch-artemis).
#
#   scripts/artemis.sh start   # install if needed, create a broker instance, start it (idempotent)
#   scripts/artemis.sh stop
set -euo pipefail

VERSION="${A2E_ARTEMIS_VERSION:-2.40.0}"
HOST="${A2E_ARTEMIS_HOST:-127.0.0.1}"
PORT="${A2E_ARTEMIS_PORT:-61616}"
MEMORY="${A2E_ARTEMIS_MEMORY:-1G}"
BASE="${A2E_ARTEMIS_DIR:-${TMPDIR:-/tmp}/a2e-batch-artemis}"
HOME_DIR="$BASE/apache-artemis-$VERSION"
INSTANCE="$BASE/instance"
LOG="$BASE/artemis.log"
PIDFILE="$BASE/artemis.pid"

install_broker() {
  [ -x "$HOME_DIR/bin/artemis" ] && return 0
  mkdir -p "$BASE"
  echo "artemis.sh: fetching org.apache.activemq:apache-artemis:$VERSION:zip:bin from Maven Central" >&2
  # From a directory without a pom.xml: inside a multi-module project the goal would run once per module.
  (cd "$BASE" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.apache.activemq:apache-artemis:$VERSION:zip:bin" -DoutputDirectory="$BASE" >&2)
  (cd "$BASE" && unzip -q -o "apache-artemis-$VERSION-bin.zip")
}

create_instance() {
  [ -x "$INSTANCE/bin/artemis" ] && return 0
  "$HOME_DIR/bin/artemis" create "$INSTANCE" --silent --allow-anonymous --user a2e --password a2e \
    --host "$HOST" --default-port "$PORT" --no-web --no-amqp-acceptor --no-mqtt-acceptor \
    --no-stomp-acceptor --no-hornetq-acceptor --java-memory "$MEMORY" >/dev/null
  # `create` has no option for the main acceptor's protocols (it accepts all six on the one port):
  # the fleet speaks the core protocol only.
  sed -i 's/protocols=CORE,AMQP,STOMP,HORNETQ,MQTT,OPENWIRE/protocols=CORE/' "$INSTANCE/etc/broker.xml"
  grep -q 'protocols=CORE;' "$INSTANCE/etc/broker.xml" \
    || echo "artemis.sh: could not restrict $INSTANCE/etc/broker.xml to the core protocol; it accepts others too" >&2
}

listening() {
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
}

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

start() {
  install_broker
  create_instance
  if ! running; then
    if listening; then
      echo "artemis.sh: $HOST:$PORT is already taken by another process; stop it or set A2E_ARTEMIS_PORT" >&2
      exit 1
    fi
    nohup "$INSTANCE/bin/artemis" run >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 120); do
      if listening; then break; fi
      running || { echo "artemis.sh: the broker did not start; see $LOG" >&2; exit 1; }
      sleep 0.5
    done
    listening || { echo "artemis.sh: the broker is not listening on $HOST:$PORT after 60 s; see $LOG" >&2; exit 1; }
  fi
  echo "tcp://$HOST:$PORT"
}

stop() {
  running || return 0
  kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 60); do running || break; sleep 0.5; done
  rm -f "$PIDFILE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
