#!/usr/bin/env bash
# Simulator polling against a static WireMock stub serving the simulator's own bytes, loaded from
# outside the servers' JVM by wrk (a C client, so that the figure is the servers' and not a Java
# client's). Both servers run in one JVM (io.a2ebatch.benchmarks.polling.PollingServers); wrk loads
# them in turns, simulator and stub alternately, ROUNDS times per operation, after WARMUP_TURNS
# uncounted turns of each; the script prints each turn (with the servers' JVM CPU time per request,
# which a loaded machine disturbs less than the rate) and the median ratios simulator / stub of each
# operation. Installs wrk from Debian if missing.
#
#   benchmarks/wrk-polling.sh                     # 5 rounds of 5 s per server and operation
#   ROUNDS=3 SECONDS_PER_TURN=10 CONNECTIONS=32 WARMUP_TURNS=2 benchmarks/wrk-polling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
SECONDS_PER_TURN=${SECONDS_PER_TURN:-5}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP_TURNS=${WARMUP_TURNS:-1}
BENCH_JAR=benchmarks/target/benchmarks.jar
[ -f "$BENCH_JAR" ] || mvn -q -B -DskipTests -pl benchmarks -am package
if ! command -v wrk > /dev/null; then
  echo "installing wrk from Debian (apt-get install -y wrk)"
  apt-get install -y wrk > /dev/null
fi
WORK=$(mktemp -d)
java -Xmx1g -cp "$BENCH_JAR" io.a2ebatch.benchmarks.polling.PollingServers "$WORK" > "$WORK/servers.log" 2>&1 &
SERVERS=$!
trap 'kill $SERVERS 2>/dev/null || true; wait $SERVERS 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do [ -f "$WORK/ready" ] && break; sleep 1; done
[ -f "$WORK/ready" ] || { echo "the servers did not start:"; cat "$WORK/servers.log"; exit 3; }
export A2E_TOKEN; A2E_TOKEN=$(cat "$WORK/token")

jvm_ticks() { # CPU time of the servers' JVM so far, in clock ticks
  awk '{print $14 + $15}' "/proc/$SERVERS/stat"
}

turn() { # URL REQUESTS-FILE -> "requests/s CPU-microseconds/request"; fails on a non-2xx answer
  local out before after
  before=$(jvm_ticks)
  out=$(A2E_REQUESTS="$2" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_TURN}s" -s benchmarks/polling.lua "$1")
  after=$(jvm_ticks)
  if grep -q "Non-2xx" <<< "$out"; then echo "non-2xx answers from $1:" >&2; echo "$out" >&2; exit 3; fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n = $1} /^Requests\/sec/ {r = $2}
    END {printf "%s %.1f", r, ticks * 1e6 / hz / n}' <<< "$out"
}

median() {
  sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'
}

echo "wrk -t2 -c$CONNECTIONS, ${SECONDS_PER_TURN} s turns, $WARMUP_TURNS warm-up turn(s), $ROUNDS rounds; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for op in detail batchDetail; do
  for _ in $(seq 1 "$WARMUP_TURNS"); do
    turn "$(cat "$WORK/simulator.url")" "$WORK/$op.requests" > /dev/null
    turn "$(cat "$WORK/stub.url")" "$WORK/$op.requests" > /dev/null
  done
  ratios=()
  cpu_ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    read -r sim sim_cpu <<< "$(turn "$(cat "$WORK/simulator.url")" "$WORK/$op.requests")"
    read -r stub stub_cpu <<< "$(turn "$(cat "$WORK/stub.url")" "$WORK/$op.requests")"
    ratio=$(awk -v a="$sim" -v b="$stub" 'BEGIN {printf "%.3f", a / b}')
    cpu_ratio=$(awk -v a="$sim_cpu" -v b="$stub_cpu" 'BEGIN {printf "%.3f", b / a}')
    ratios+=("$ratio")
    cpu_ratios+=("$cpu_ratio")
    echo "$op round $round: simulator $sim req/s ($sim_cpu CPU-µs/request), static stub $stub req/s ($stub_cpu CPU-µs/request), ratio $ratio (by CPU per request $cpu_ratio)"
  done
  echo "$op: median ratio simulator / static stub = $(printf '%s\n' "${ratios[@]}" | median) (by CPU per request: $(printf '%s\n' "${cpu_ratios[@]}" | median))"
done
