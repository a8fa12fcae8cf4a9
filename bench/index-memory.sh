#!/usr/bin/env bash
# Heap bytes per cluster of the view index (issue 14's memory target), without Kafka: folds the query benchmark's
# dataset in memory and measures the index by the difference of two class histograms of the live heap, once as
# updated event by event (ingest) and once as built from the final states (a fold task's start). See IndexMemory.
#
#   bench/index-memory.sh                      # 200,000 clusters
#   bench/index-memory.sh --clusters 1000000   # the reference size of the target
#
# Environment: BENCH_HEAP (default 6g), JAVA_OPTS, MVN_ARGS (e.g. -o), BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" IndexMemory 6g "$@"
