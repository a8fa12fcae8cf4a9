#!/usr/bin/env bash
# List throughput with 1, 2 and 3 instances on this machine: one embedded broker in the benchmark JVM, the dataset
# published once, then for each instance count N, N instances as child JVMs (production Streams settings, each with
# its own STATE_DIR, HTTP port and APPLICATION_SERVER) folding it under a fresh application id; once every partition
# is served and every instance answers every query correctly, the q1..q5 list queries run in closed loops at
# concurrency 1 and 8, requests round-robin over the N instances. Reports q/s, p50/p99, errors, requests per
# instance and the cores used by the instances, the benchmark JVM and other processes. See ScaleBenchmark.
#
#   bench/scale.sh                                      # 100,000 clusters, 1,2,3 instances, 10 s per phase
#   bench/scale.sh --quick                              # smoke test: 10,000 clusters, 3 s per phase
#   bench/scale.sh --clusters 1000000 --instances 1,3 --queries q1,q5 --concurrency 8
#
# Environment: BENCH_HEAP (the benchmark JVM: broker and client, default 1g; the instances' heap is
# --instance-heap), MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars),
# KAFKA_* (the instances' Streams settings, as in production).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" ScaleBenchmark 1g "$@"
