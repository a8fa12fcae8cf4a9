#!/usr/bin/env bash
# The query mix of bench/queries.sh answered by a tuned PostgreSQL 15 on the same machine and data (issue 14:
# "against PostgreSQL with trigram indexes on the same machine and data, at least 5x faster at p50 on every varied
# query, regex included"). See PostgresQueries.
#
# Starts a private server (initdb + pg_ctl as the postgres user, in a fresh folder of the work directory, on a free
# port of 127.0.0.1; never the system cluster), loads the same generated clusters as bench/queries.sh (same
# --clusters and --seed, folded into the same view documents) with COPY, builds the indexes a DBA would add (a
# btree per sort key and direction, btrees on the filtered columns and metadata keys, pg_trgm GIN indexes for
# search and regex), VACUUM (ANALYZE), and prints load and index times and sizes. Each request body is translated
# into one SQL statement answering the page, total_count and stats, as the API does; every list query's probe draws
# must give the expected totals, page ids and stats before anything is measured (a mismatch stops the run with the
# SQL and both answers). Then EXPLAIN (ANALYZE, BUFFERS) of one draw per query, and closed loops with the same draws
# as bench/queries.sh: p50/p90/p99/max and q/s per query and level, in bench/queries.sh's table shape. The server
# is stopped and its folder deleted at the end, also on failure or Ctrl-C (--keep keeps the folder).
#
#   bench/postgres-queries.sh                                  # 100,000 clusters, the varied mix, 10 s per phase
#   bench/postgres-queries.sh --clusters 1000000               # the issue's reference size
#   bench/postgres-queries.sh --clusters 20000 --duration-s 3 --warmup-s 1   # smoke test
#   bench/postgres-queries.sh --queries q4v,q9 --concurrency 1 --pg-set jit=on --pg-set work_mem=256MB
#   bench/postgres-queries.sh --clusters 1000000 --work-dir /data/bench --keep
#
# Options (bench/postgres-queries.sh --help): --clusters N, --queries Q (default q1v,q2v,q3v,q4v,q5v,q8,q9,q6,q7),
# --concurrency L, --duration-s S, --warmup-s W, --timeout-s T, --seed S, --work-dir DIR, --keep, --port P,
# --pg-bin DIR (default /usr/lib/postgresql/15/bin), --pg-set NAME=VALUE (repeatable).
#
# Environment: BENCH_HEAP (default 2g: the client's heap; the server's memory is its own), JAVA_OPTS (extra JVM
# flags), MVN_ARGS (extra Maven flags for the build, e.g. -o), BENCH_REBUILD=1 (always rebuild the jars).
# Needs PostgreSQL 15 with pg_trgm (Debian: postgresql-15) and, when run as root, the postgres user.
set -euo pipefail

exec "$(dirname "$0")/run-benchmark.sh" PostgresQueries 2g "$@"
