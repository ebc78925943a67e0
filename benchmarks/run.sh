#!/usr/bin/env bash
# Runs the benchmarks and measurements of issues 5 and 10 and writes benchmarks/results/latest.json and .md
# (docs/benchmarks.md explains each figure; --help lists the options).
#
#   benchmarks/run.sh                 # short mode: a few minutes on 2 cores
#   benchmarks/run.sh --full          # full mode: the sizes the targets are stated for (1M rows), ~35 min
#   benchmarks/run.sh --only manifest,polling --out /tmp/quick.json
#   benchmarks/run.sh --only startup  # launch to first start request: bin/a2e-batch, java -jar, a minimal Java program
#   benchmarks/run.sh --keep-work     # keep generated manifests, runner output and GC logs
#
# Sections: manifest, throttle, polling, end-to-end, memory, startup. Exit status 0 when every target measured is
# met, 1 when one is missed, 2 for a bad command line, 3 when a measurement failed.
# The JMH benchmarks alone: java -jar benchmarks/target/benchmarks.jar -h
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_JAR=benchmarks/target/benchmarks.jar
RUNNER_JAR=batch-runner/target/a2e-batch.jar
if [ ! -f "$BENCH_JAR" ] || [ ! -f "$RUNNER_JAR" ] || [ ! -f batch-runner/target/a2e-batch/a2e-batch.jsa ]; then
  mvn -q -B -DskipTests package
fi
# The suite's JVM hosts the simulator of the memory runs: a million tasks take about 600 MB of it.
exec java -Xmx4g -cp "$BENCH_JAR" io.a2ebatch.benchmarks.suite.BenchmarkSuite --runner-jar "$RUNNER_JAR" "$@"
