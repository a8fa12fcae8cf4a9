#!/usr/bin/env bash
# Latency benchmark of the HTTP query API: starts the app in-process (embedded broker, free ports, fresh state),
# fills one namespace with N clusters through cluster-events, then runs the query mix in closed loops at
# concurrency 1 and 8 and reports p50/p90/p99/max, queries/s, GC pauses per phase and heap in use. See QueryBenchmark.
#
# The mix: the fixed bodies q1..q7 (the same request every time, as in older figures) and the varied queries
# q1v..q5v, q8, q9 (new values every request, drawn from the data's own distributions: q8 = new search word +
# created_at gte a new instant + metadata.priority gte a new number, newest first; q9 = a new anchored regex on
# cluster_name, sorted by name). Every list query is checked against the dataset before measuring (a varied
# query: 4 draws of a fixed-seed sequence, page ids included).
#
#   bench/queries.sh                          # 100,000 clusters, all 14 queries, 10 s per query and level
#   bench/queries.sh --clusters 1000000       # the reference size of the targets (takes a while to fill)
#   bench/queries.sh --quick                  # smoke test: 10,000 clusters, 3 s per query and level
#   bench/queries.sh --queries q1v,q2v,q3v,q4v,q5v,q8,q9,q6,q7 --concurrency 1,8   # the varied mix (issue 14)
#   bench/queries.sh --queries q6,q7 --background q8,q9 --background-concurrency 2   # point reads beside lists
#   bench/queries.sh --cold-start             # restart on the same state; start->ready and first requests
#   bench/queries.sh --heap-histogram         # live-heap class histogram growth per cluster
#   bench/queries.sh --clusters 1000000 --duration-s 30 --concurrency 1 --queries q1,q2 --work-dir /data/bench
#   JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/q.jfr,settings=profile' bench/queries.sh --quick
#
# Options (bench/queries.sh --help): --clusters N, --duration-s S, --warmup-s W, --requests R, --concurrency L,
# --queries Q (q1..q9, q1v..q5v), --timeout-s T, --client url|jdk, --seed S, --work-dir DIR, --quick, --keep,
# --keep-going, --background Q, --background-concurrency B, --cold-start, --heap-histogram.
#
# Environment: BENCH_HEAP (default 3g: the target is "1M clusters served with -Xmx3g"), JAVA_OPTS (extra JVM
# flags), MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars),
# KAFKA_* (Streams settings, as in production), ROCKSDB_MEMORY_MB (the RocksDB bound, as in production).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" QueryBenchmark 3g "$@"
