#!/usr/bin/env bash
# Throughput benchmark of the indexer pipeline on an embedded broker (exactly_once_v2):
# pass-through ceiling vs. the real topology, medians of several runs. See PipelineBenchmark.
#
#   bench/pipeline.sh                      # reference run: 1,000,000 events, 200,000 clusters, 3 runs
#   bench/pipeline.sh --quick              # smoke test: 100,000 events, 20,000 clusters, 1 run
#   bench/pipeline.sh --events 2000000 --clusters 400000 --runs 5 --seed 7 --work-dir /data/bench
#   KAFKA_COMMIT_INTERVAL_MS=1000 bench/pipeline.sh   # try a Streams setting (KAFKA_* as in production)
#
# Environment: BENCH_HEAP (default 4g), JAVA_OPTS (extra JVM flags, e.g. a JFR recording),
# MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" PipelineBenchmark 4g "$@"
