/**
 * JMH micro-benchmarks of the per-row inner loops of the extractor and the differ, over the real
 * classes and the {@code bench_rows} table's column mix ({@link io.cdcflow.bench.jmh.BenchRows}).
 * Run them with {@code bench/jmh.sh}; results and their reading are in {@code docs/performance.md}.
 *
 * <p>Every benchmark uses the same short settings, so the whole suite runs in about five minutes:
 * one fork (a fresh JVM per benchmark, so one benchmark's type profile does not shape another's
 * compiled code), 5 warm-up iterations of 2 s, 5 measured iterations of 1 s, a fixed 1 GB heap. The
 * warm-up is the longer part because on a shared machine the JIT's compiler threads get little CPU:
 * with 6 s of it, the first measured iterations of the Avro and Jackson paths were still climbing.
 * Scores are throughput in rows per second: benchmarks that handle a 500-row batch per call say so
 * with {@code @OperationsPerInvocation}, so every score is per row.
 */
package io.cdcflow.bench.jmh;
