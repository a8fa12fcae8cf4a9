#!/usr/bin/env bash
# Sustained load (issue 15, item 8; docs/reliability.md, section 8): a broker in the benchmark's JVM, the indexer in
# a child JVM (-Xmx from --heap) filled with N clusters, then M minutes of mixed list traffic from a closed loop of C
# threads (localhost) while E events/s stream in. Every minute: p50 / p99 / max, errors (any non-200, failure or
# unexpected body: must be 0), the indexer's heap after its last GC (its GC log) and RSS (VmRSS); at the end the
# totals, whether every event was applied, and the slope of heap and RSS per minute. See SustainedLoad.
#
#   bench/sustained.sh --minutes 10 --concurrency 16 --events-per-second 5000    # the figure (a quiet machine)
#   bench/sustained.sh --minutes 1 --clusters 10000 --concurrency 4 --events-per-second 500 --heap 1g   # smoke
#
# Options (bench/sustained.sh --help): --minutes M, --concurrency C, --events-per-second E, --clusters N,
# --queries Q, --heap H, --seed S, --work-dir DIR, --keep.
# Environment: BENCH_HEAP (the benchmark's own JVM, with the broker and the clients: default 2g), ROCKSDB_MEMORY_MB
# and KAFKA_* (the indexer's, as in production), MVN_ARGS, BENCH_REBUILD=1.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" SustainedLoad 2g "$@"
