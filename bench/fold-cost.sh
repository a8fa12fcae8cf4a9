#!/usr/bin/env bash
# The fold's cost per event without Kafka, phase by phase (parse, read state, fold, write state + view, stats delta;
# the index update apart), medians of warm passes over one generated stream. See FoldCostBenchmark.
#
#   bench/fold-cost.sh                                  # 1,000,000 events, 200,000 clusters, 6 passes
#   bench/fold-cost.sh --events 200000 --clusters 40000 --passes 3
#
# Environment: BENCH_HEAP (default 4g), JAVA_OPTS, MVN_ARGS (e.g. -o), BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" FoldCostBenchmark 4g "$@"
