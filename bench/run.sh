#!/usr/bin/env bash
# The benchmark, one command: builds what it needs, then runs the pipeline against a raw JDBC scan
# of the same table in one JVM and prints/saves the table (bench/results/latest.md).
#   bench/run.sh --rows 1000000 --db postgresql      (or --db mariadb; options: --help)
# Databases: the CDC_TEST_* servers when set (eval "$(bash .ci/setup-databases.sh)"), else embedded.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests -pl bench -am
mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp="$(cat bench/target/classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "bench/target/classes:$cp" io.cdcflow.bench.PipelineBenchmark "$@"
