#!/usr/bin/env bash
# Builds the runner as it was when issue 10 measured its ceiling (600-1,000 starts/s, "today's" in the
# issue): commit 25f678b, the last of the first wave, in a git worktree of its own. Prints the fat jar's
# path, for the throughput section's --compare-jar:
#
#   benchmarks/run.sh --only throughput --compare-jar "$(benchmarks/first-wave.sh)"
#
# DIR (default /tmp/a2e-first-wave) is reused when it holds that build already.
set -euo pipefail
commit=25f678b
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp/a2e-first-wave}"
jar="$dir/batch-runner/target/a2e-batch.jar"
if [ ! -f "$jar" ]; then
  if [ ! -d "$dir" ]; then
    git -C "$root" worktree add --detach "$dir" "$commit" >&2
  fi
  (cd "$dir" && mvn -B -q -DskipTests -pl batch-runner -am package >&2)
fi
echo "$jar"
