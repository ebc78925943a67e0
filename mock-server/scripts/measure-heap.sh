#!/usr/bin/env bash
# Heap the simulator keeps per task: creates $TASKS (default 100000) tasks in an in-process simulator
# and compares the used heap after GC with the used heap before (HeapPerTasks.java).
#
#   mock-server/scripts/measure-heap.sh
#   TASKS=200000 mock-server/scripts/measure-heap.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=mock-server/target/a2e-simulator.jar
[ -f "$JAR" ] || mvn -q -pl a2e-spec,mock-server -am -DskipTests package
java -Xmx2g -XX:+UseG1GC -cp "$JAR" mock-server/scripts/HeapPerTasks.java "${TASKS:-100000}"
