package io.cdcflow.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds the CPU time of the benchmark JVM per operation to each iteration ({@code ·cpu.time}, ns/op)
 * and the CPUs it got meanwhile ({@code ·cpu.share}, CPU time over wall time). On a machine shared
 * with other builds the throughput score counts the time the benchmark waited for a CPU; the CPU
 * time does not, so it is the figure to compare across runs. It counts every thread of the JVM: the
 * benchmark thread, but also the garbage collector (part of a row's cost: its allocations) and any
 * late JIT compilation (not part of it; small after the warm-up).
 *
 * <p>{@code bench/jmh.sh} adds it with {@code -prof io.cdcflow.bench.jmh.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;
    private long wallBefore;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM (all threads) per operation, and the CPUs it got";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallBefore = System.nanoTime();
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    public List<ScalarResult> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                             IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        // allOps: every operation between the two calls, including those of the iteration's
        // synchronisation phases, which the CPU time also covers (already times @OperationsPerInvocation)
        long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.time", ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op",
                        AggregationPolicy.AVG),
                new ScalarResult("cpu.share", (double) cpu / wall, "CPUs", AggregationPolicy.AVG));
    }
}
