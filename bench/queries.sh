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
# flags), MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jar),
# KAFKA_* (Streams settings, as in production).
set -euo pipefail

cd "$(dirname "$0")/.."

jar=target/cluster-index.jar
needs_build=0
if [[ ! -f "$jar" || ! -d target/lib || "${BENCH_REBUILD:-0}" == "1" ]]; then
  needs_build=1
elif [[ -n "$(find pom.xml src/main topics -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
  needs_build=1
fi
if [[ "$needs_build" == "1" ]]; then
  echo "building $jar ..." >&2
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -DskipTests package
fi

# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-3g}" ${JAVA_OPTS:-} \
  -cp "$jar:target/lib/*" io.clusterindex.bench.QueryBenchmark "$@"
