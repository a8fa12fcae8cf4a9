#!/usr/bin/env bash
# List queries (q1..q5 and q1v..q9 of bench/queries.sh) evaluated straight on a view index in memory, without Kafka
# or HTTP: for profiling where a query's time goes. The figures that count are bench/queries.sh's. See IndexQueries.
#
#   bench/index-queries.sh --clusters 1000000 --queries q4v,q9
#   bench/index-queries.sh --clusters 100000 --queries q1,q2 --shares   # + phase one of 3 one-partition instances
#
# Environment: BENCH_HEAP (default 6g), JAVA_OPTS (e.g. a -XX:StartFlightRecording=...), MVN_ARGS, BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" IndexQueries 6g "$@"
