#!/usr/bin/env bash
# Latency benchmark of the HTTP query API: starts the app in-process (embedded broker, free ports, fresh state),
# fills one namespace with N clusters through cluster-events, then runs the q1..q7 mix in closed loops at
# concurrency 1 and 8 and reports p50/p90/p99/max, queries/s and heap in use. See QueryBenchmark.
#
#   bench/queries.sh                          # 100,000 clusters, 10 s per query and level
#   bench/queries.sh --clusters 1000000       # the reference size of the targets (takes a while to fill)
#   bench/queries.sh --quick                  # smoke test: 10,000 clusters, 3 s per query and level
#   bench/queries.sh --clusters 1000000 --duration-s 30 --concurrency 1 --queries q1,q2 --work-dir /data/bench
#   JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/q.jfr,settings=profile' bench/queries.sh --quick
#
# Environment: BENCH_HEAP (default 3g: the target is "1M clusters served with -Xmx3g"), JAVA_OPTS (extra JVM
# flags), MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars),
# KAFKA_* (Streams settings, as in production).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" QueryBenchmark 3g "$@"
