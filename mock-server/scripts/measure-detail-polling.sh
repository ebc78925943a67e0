#!/usr/bin/env bash
# Detail-polling throughput of the standalone simulator, measured from second processes on this machine:
# starts target/a2e-simulator.jar, creates $TASKS tasks, then polls their details with wrk (when
# installed: apt-get install -y wrk) and with a JDK-only Java client (DetailPollingLoad.java).
# Both clients share the machine's cores with the simulator; the figures are for that setup.
#
#   mock-server/scripts/measure-detail-polling.sh            # defaults below
#   TASKS=5000 CONNECTIONS=32 DURATION=30 mock-server/scripts/measure-detail-polling.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=mock-server/target/a2e-simulator.jar
TASKS=${TASKS:-1000}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-20}
[ -f "$JAR" ] || mvn -q -pl a2e-spec,mock-server -am -DskipTests package

WORK=$(mktemp -d)
export A2E_TOKEN=sk_test_measure_detail_polling
printf '%s\n' "$A2E_TOKEN" > "$WORK/tokens"
java -jar "$JAR" --port 0 --token-file "$WORK/tokens" --credits 1000000000 --task-duration 1h \
  --max-processing 1000000 > "$WORK/simulator.log" 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true; wait $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT

URL=""
for _ in $(seq 1 100); do
  URL=$(grep -o 'listening on http://[0-9.:]*' "$WORK/simulator.log" | cut -d' ' -f3 || true)
  [ -n "$URL" ] && break
  sleep 0.2
done
[ -n "$URL" ] || { cat "$WORK/simulator.log"; echo "simulator did not start" >&2; exit 1; }
echo "simulator: $URL (java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores)"

java mock-server/scripts/DetailPollingLoad.java create --base "$URL" --tasks "$TASKS" --threads 8 --ids "$WORK/ids"

if command -v wrk > /dev/null; then
  echo "--- wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s (after a 5s warm-up run)"
  A2E_IDS="$WORK/ids" wrk -t2 -c"$CONNECTIONS" -d5s -s mock-server/scripts/detail-polling.lua "$URL" > /dev/null
  A2E_IDS="$WORK/ids" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s mock-server/scripts/detail-polling.lua "$URL" \
    | grep '^wrk'
else
  echo "--- wrk not installed (apt-get install -y wrk); skipping it"
fi

echo "--- Java HttpClient, $CONNECTIONS threads, ${DURATION}s"
java mock-server/scripts/DetailPollingLoad.java poll --base "$URL" --ids "$WORK/ids" --threads "$CONNECTIONS" \
  --seconds "$DURATION"
