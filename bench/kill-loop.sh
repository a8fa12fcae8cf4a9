#!/usr/bin/env bash
# Kill loop with an independent check (issue 15, items 1 and 2): a broker child process (cluster-index broker), the
# indexer as another child process (KAFKA_BOOTSTRAP_SERVERS), a generated stream with re-sends and every kind of bad
# record published at the indexer's pace, the indexer SIGKILLed at seeded random moments and restarted; with
# --broker-kills also the broker SIGKILLed and restarted once mid-stream and once while a query loop runs (the
# indexer must never exit, /health/ready must go 503 and back to 200, the queries must be answered again). At the end
# clusters-view, cluster-stats, the DLQ (read_committed, each bad record once) and the API must equal an independent
# replay of cluster-events. See KillLoopBenchmark and KillLoop (shared with BrokerFaultIT).
#
#   bench/kill-loop.sh                        # 200,000 events, 5 indexer kills
#   bench/kill-loop.sh --broker-kills         # the same, plus the two broker kills
#   bench/kill-loop.sh --quick                # smoke test: 20,000 events, 2 kills
#   bench/kill-loop.sh --events 500000 --kills 10 --seed 7 --work-dir /data/bench
#
# Environment: BENCH_HEAP (default 2g, the check's replay; the children have their own heaps), JAVA_OPTS,
# MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" KillLoopBenchmark 2g "$@"
