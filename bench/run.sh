#!/usr/bin/env bash
# The benchmark, one command: builds what it needs, then runs the pipeline against a raw JDBC scan
# of the same table in one JVM and prints/saves the table (bench/results/latest.md).
#   bench/run.sh --rows 1000000 --db postgresql      (or --db mariadb; options: --help)
# Heap, RSS and CPU of each service in a JVM of its own, at 1M and 10M rows:
#   bench/run.sh heap --rows 1000000,10000000 --xmx 256m
# Databases: the CDC_TEST_* servers when set (eval "$(bash .ci/setup-databases.sh)"), else embedded.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests -pl bench -am
mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp="$(cat bench/target/classpath.txt)"
main=io.cdcflow.bench.PipelineBenchmark
if [[ "${1:-}" == heap ]]; then
  main=io.cdcflow.bench.ServiceHeapBenchmark
  shift
fi
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "bench/target/classes:$cp" "$main" "$@"
