#!/usr/bin/env bash
# The view index's load without Kafka (issue 16, item 3): what a fold task's start does per stored cluster (decode
# the stored state, its tree, the index row), phase by phase, medians of several passes over the same stored states
# (the query benchmark's dataset folded in memory). See IndexLoadBenchmark.
#
#   bench/index-load.sh                                 # 300,000 clusters, 6 passes
#   bench/index-load.sh --clusters 1000000 --passes 4
#
# Environment: BENCH_HEAP (default 6g), JAVA_OPTS, MVN_ARGS (e.g. -o), BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" IndexLoadBenchmark 6g "$@"
