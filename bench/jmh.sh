#!/usr/bin/env bash
# JMH micro-benchmarks of the per-row inner loops (io.cdcflow.bench.jmh), one command: builds the
# bench module and the modules it needs (package only, nothing is installed into ~/.m2), then runs
# org.openjdk.jmh.Main with the given arguments and saves its output in bench/results/jmh-latest.txt.
# Each benchmark also reports the CPU time per row (CpuTimeProfiler): the figure that other load on
# the machine does not inflate.
#   bench/jmh.sh                        the whole suite, about 5 minutes
#   bench/jmh.sh RowHash -f 1 -i 3      a regex of benchmarks and any JMH option (bench/jmh.sh -h)
# JMH_MVN_OPTS adds Maven options (e.g. -o once the JMH artifacts are in the local repository).
set -euo pipefail
cd "$(dirname "$0")/.."
classpath="$PWD/bench/target/jmh-classpath.txt"
# One reactor build: its classpath names the modules' freshly packaged jars (bench is built last, so
# its classpath is the file's final content), never the snapshots an earlier install left in ~/.m2.
mvn -q -B ${JMH_MVN_OPTS:-} package dependency:build-classpath -pl bench -am -DskipTests \
    -Dmdep.outputFile="$classpath"
mkdir -p bench/results
# The load average goes with the figures: on a shared machine it says how far to trust them.
load() { echo "# $1 $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"; }
{
    load started
    java -cp "bench/target/classes:$(cat "$classpath")" org.openjdk.jmh.Main -prof io.cdcflow.bench.jmh.CpuTimeProfiler "$@"
    load finished
} | tee bench/results/jmh-latest.txt
