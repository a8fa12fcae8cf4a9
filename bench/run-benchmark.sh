#!/usr/bin/env bash
# Shared by the benchmark scripts: builds the jars when one is missing or older than the sources, then runs
# io.clusterindex.bench.<main class>. Usage: bench/run-benchmark.sh <main class> <default heap> [args...]
#
# The benchmarks are not part of the service: they are built from src/bench/java (with the test fixtures of
# src/test/java/io/clusterindex/testkit) into target/cluster-index-bench.jar, and their libraries (HdrHistogram,
# picocli, ...) are copied to target/bench-lib; target/cluster-index.jar and target/lib hold the service alone.
set -euo pipefail

main_class=$1
default_heap=$2
shift 2

cd "$(dirname "$0")/.."

jar=target/cluster-index.jar
bench_jar=target/cluster-index-bench.jar
needs_build=0
if [[ ! -f "$jar" || ! -f "$bench_jar" || ! -d target/bench-lib || "${BENCH_REBUILD:-0}" == "1" ]]; then
  needs_build=1
elif [[ -n "$(find pom.xml src/main src/bench src/test/java/io/clusterindex/testkit src/test/java/io/clusterindex/it topics \
    -newer "$bench_jar" -type f -print -quit 2>/dev/null)" ]]; then
  needs_build=1
fi
if [[ "$needs_build" == "1" ]]; then
  echo "building $jar and $bench_jar ..." >&2
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -DskipTests package
fi

# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-$default_heap}" ${JAVA_OPTS:-} \
  -cp "$bench_jar:$jar:target/bench-lib/*" "io.clusterindex.bench.$main_class" "$@"
