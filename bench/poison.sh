#!/usr/bin/env bash
# Poison pills at scale (issue 15, item 4): publishes a seeded stream of valid lifecycle events mixed with malformed,
# truncated, wrong-typed, oversized, deeply nested and adversarial-Unicode records (invalid UTF-8, lone surrogates,
# NUL, overlong forms, keys that differ from cluster_id in normalisation only, records at the broker's size limit),
# runs the indexer on it as a child process, and checks with plain read_committed consumers: every bad record in
# the DLQ once with its bytes and code, the view and stats equal to the independent replay, no stream thread
# failed. Prints a table by kind; exits 1 when a check fails. See PoisonRun.
#
#   bench/poison.sh --records 100000 --seed 15            # the reference run (docs/reliability.md, section 4)
#   bench/poison.sh --records 2000 --seed 1               # smoke test
#   bench/poison.sh --records 100000 --bootstrap-servers localhost:9092 --keep --work-dir /data/poison
#
# Environment: BENCH_HEAP (default 2g), JAVA_OPTS (extra JVM flags), MVN_ARGS (extra Maven flags for the build,
# e.g. -o), BENCH_REBUILD=1 (always rebuild the jars), KAFKA_* (the indexer's Streams settings, as in production).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" PoisonRun 2g "$@"
