#!/usr/bin/env bash
# Restore after a lost STATE_DIR (issue 15, item 3; docs/reliability.md, section 3): a broker in the benchmark's JVM,
# the indexer in a child JVM (-Xmx from --heap), N clusters filled; then the indexer is stopped, its whole STATE_DIR
# deleted, and it is started again: start to /health/ready (and the view-index load within it), what /health/ready
# and the API answer meanwhile, whether the answers are the same bytes as before, the indexer's RSS (peak while
# restoring, after) against ROCKSDB_MEMORY_MB + -Xmx, and its heap after a full GC. See RestoreBenchmark.
#
#   bench/restore.sh --clusters 1000000                 # the figure of docs/reliability.md (a quiet machine)
#   bench/restore.sh --clusters 20000 --heap 1g         # smoke test
#   ROCKSDB_MEMORY_MB=64 bench/restore.sh --clusters 1000000 --keep --work-dir /data/bench
#
# Options (bench/restore.sh --help): --clusters N, --heap H, --sample-ms M, --seed S, --work-dir DIR, --keep,
# --native-memory (the indexer runs with Native Memory Tracking: what the JVM commits, by category, beside each RSS).
# Environment: BENCH_HEAP (the benchmark's own JVM, with the broker: default 2g), ROCKSDB_MEMORY_MB and KAFKA_*
# (the indexer's, as in production), MVN_ARGS, BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" RestoreBenchmark 2g "$@"
