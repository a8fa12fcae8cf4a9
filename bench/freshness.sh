#!/usr/bin/env bash
# Freshness benchmark: time from a producer's send acknowledgement to the event being visible through the public
# HTTP API. Starts the app in-process (embedded broker, exactly_once_v2, fresh state), fills one namespace with N
# clusters, then publishes lifecycle events (clusters created, executions started/completed) with a plain
# KafkaProducer at 1,000 events/s and at ~90% of the pipeline's measured throughput, and polls
# GET /v1/clusters/{id} for a sample of them until each shows. Reports p50/p90/p99/max per rate. See
# FreshnessBenchmark.
#
#   bench/freshness.sh                          # 100,000 clusters, 1,000/s and max, 30 s each, 3 runs
#   bench/freshness.sh --quick                  # smoke test: 10,000 clusters, 10 s phases, 1 run
#   bench/freshness.sh --mode both              # also measure with X-Min-Offsets (one waiting GET) to compare
#   bench/freshness.sh --rates 1000,5000,max --duration-s 60 --poll-ms 2 --max-rate 20000 --work-dir /data/bench
#
# Environment: BENCH_HEAP (default 3g), JAVA_OPTS (extra JVM flags), MVN_ARGS (extra Maven flags for the build,
# e.g. -o), BENCH_REBUILD=1 (always rebuild the jars), KAFKA_* (Streams settings, as in production).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" FreshnessBenchmark 3g "$@"
