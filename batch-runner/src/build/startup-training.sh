#!/usr/bin/env bash
# Package-time training of bin/a2e-batch's start-up archives (docs/startup.md), run by `mvn package` after
# the fat jar is extracted into TARGET/a2e-batch/:
#   - a2e-batch.jsa, the Java 17 class-data-sharing archive (-XX:ArchiveClassesAtExit), always;
#   - a2e-batch.aot, a JDK 25 AOT cache (-XX:AOTCacheOutput, JEP 483/514/515), with a2e-batch.aot.jdk naming
#     that JDK for the launcher, when AOT_JDK is a JDK 25 or later, or is `auto` (the build's default) and
#     one is installed beside the build's JDK (the newest in its parent directory, e.g. /usr/lib/jvm); `none`
#     leaves it out. A failed AOT training only warns: the launcher then runs on Java 17 with the archive.
# Each training is one `bin/a2e-batch run` of 20 generated mixed-family rows, with every JVM option of a later
# start, against a simulator in a process of its own on loopback: a JDK 25 AOT cache loads every class it
# holds at start-up, so it must hold the classes of a real run and not the in-process simulator's.
#
#   startup-training.sh TARGET JAVA_HOME [AOT_JDK|auto|none]
set -euo pipefail

target=$1
java_home=$2
aot_jdk=${3:-}
launcher="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/bin/a2e-batch"
app="$target/a2e-batch"
work="$target/cds-training"
java="$java_home/bin/java"

rm -rf "$work"
mkdir -p "$work"
rm -f "$app/a2e-batch.jsa" "$app/a2e-batch.aot" "$app/a2e-batch.aot.jdk"
"$java" -jar "$app/a2e-batch.jar" generate --rows 20 --seed 1 --out "$work/manifest.csv"
token=sk_test_startup_training
echo "$token" > "$work/token"

# The simulator the runner's jars bring along, on a free port; its tasks take 50-100 ms. Its log exists
# before it starts, so that reading the port never races with the shell creating the file.
: > "$work/simulator.log"
"$java" -XX:TieredStopAtLevel=1 -cp "$app/lib/*" io.a2ebatch.simulator.cli.SimulatorMain --port 0 --token "$token" \
  --credits 1000000 --max-processing 100 --dispatch-step 20ms --task-duration 50ms..100ms > "$work/simulator.log" 2>&1 &
simulator=$!
trap 'kill "$simulator" 2> /dev/null || true; wait "$simulator" 2> /dev/null || true' EXIT
base_url=
for _ in $(seq 1 120); do
  base_url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$work/simulator.log" | head -n 1)
  [ -n "$base_url" ] && break
  kill -0 "$simulator" 2> /dev/null || break
  sleep 0.5
done
if [ -z "$base_url" ]; then
  echo "startup-training: the simulator did not start:" >&2
  cat "$work/simulator.log" >&2
  exit 1
fi

train() { # NAME ENVIRONMENT...: one training run through the launcher
  local name=$1
  shift
  env "$@" A2E_BATCH_JAVA_OPTS= "$launcher" run "$work/manifest.csv" --base-url "$base_url" \
    --token-file "$work/token" --state-dir "$work/state-$name" --results "$work/results-$name.csv" \
    --progress none --rate-limit 1000 --poll-interval 200ms > "$work/run-$name.log" 2>&1
}

train cds JAVA_HOME="$java_home" A2E_BATCH_AOT=off A2E_BATCH_CDS_DUMP="$app/a2e-batch.jsa"
echo "startup-training: wrote $app/a2e-batch.jsa"

major_of() { # JDK_DIR: its Java feature release, from its release file (empty when it has none)
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2> /dev/null || true
}

requested=$aot_jdk
if [ "$aot_jdk" = auto ]; then
  # The newest JDK 25 or later installed beside the build's own (a Debian or Temurin package's directory).
  aot_jdk=
  best=0
  for candidate in "$(dirname "$(readlink -f "$java_home")")"/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/java" ] && [ -f "$candidate/lib/modules" ] || continue
    release=$(major_of "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 25 ] && [ "$release" -gt "$best" ]; then
      best=$release
      aot_jdk=$candidate
    fi
  done
elif [ "$aot_jdk" = none ]; then
  aot_jdk=
fi
if [ -z "$aot_jdk" ] || ! [ -x "$aot_jdk/bin/java" ]; then
  echo "startup-training: no JDK 25 (a2e.aot.jdk=${requested:-empty}): no AOT cache; the launcher runs on $java_home"
  exit 0
fi
major=$(major_of "$aot_jdk")
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "startup-training: $aot_jdk is not a JDK 25 or later: no AOT cache; the launcher runs on $java_home"
  exit 0
fi
if train aot JAVA_HOME="$aot_jdk" A2E_BATCH_AOT_DUMP="$app/a2e-batch.aot" && [ -s "$app/a2e-batch.aot" ]; then
  echo "$aot_jdk" > "$app/a2e-batch.aot.jdk"
  echo "startup-training: wrote $app/a2e-batch.aot for $aot_jdk"
else
  rm -f "$app/a2e-batch.aot"
  echo "startup-training: WARNING: the AOT training on $aot_jdk failed (see $work/run-aot.log); the launcher runs on $java_home with the class-data-sharing archive"
fi
