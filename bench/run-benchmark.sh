#!/usr/bin/env bash
# Shared by the benchmark scripts: builds the jar when it is missing or older than the sources, then runs
# io.clusterindex.bench.<main class>. Usage: bench/run-benchmark.sh <main class> <default heap> [args...]
set -euo pipefail

main_class=$1
default_heap=$2
shift 2

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
exec java -Xmx"${BENCH_HEAP:-$default_heap}" ${JAVA_OPTS:-} \
  -cp "$jar:target/lib/*" "io.clusterindex.bench.$main_class" "$@"
