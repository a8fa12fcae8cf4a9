#!/usr/bin/env bash
# Hostile HTTP (issue 15 item 5): starts the app in-process (embedded broker, free ports, fresh state), fills one
# namespace with N clusters, then sends R generated hostile requests (a wrong type at every position of a list body,
# deep nesting, huge arrays, invalid UTF-8, huge and pathological regexes, enormous numbers, duplicate keys, bodies
# and headers over the limits, random mutations) from F threads while S slowloris clients send their headers a
# byte a second and I connections stay idle; one client sends normal list requests meanwhile and their latency is
# measured. Prints the answers by status, when the slowloris clients were cut, the normal requests' p50/p99/max,
# and fails (exit 1) on any 5xx, answer without the error envelope, hang, or failed normal request. See HttpFuzz.
#
#   bench/http-fuzz.sh                                   # 100,000 clusters, 5,000 requests, 20 slowloris, 500 idle
#   bench/http-fuzz.sh --clusters 10000 --requests 500 --slowloris 2 --idle 50   # smoke run
#   bench/http-fuzz.sh --port 8080 --key sk_... --namespace default              # an indexer already running
#
# Environment: BENCH_HEAP (default 3g), JAVA_OPTS, MVN_ARGS, BENCH_REBUILD=1, KAFKA_* (as bench/queries.sh).
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" HttpFuzz 3g "$@"
