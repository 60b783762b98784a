package io.cdcflow.writer.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.ObjectStoreSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer service in a JVM of its own, for {@link LowHeapWriterIT}: runs like {@code WriterMain} on
 * the configuration file given as the only argument until a line {@code stop} (or the end) arrives on
 * stdin, then prints its heap figures to stdout as one line
 * {@code HEAP max_mb=... peak_used_mb=... after_last_gc_mb=...}: the heap limit, the largest heap use
 * sampled every 10 ms (garbage included), and the heap in use after the last collection (what was
 * live then), summed over the heap pools.
 */
public final class HeapReportingWriter {
    private HeapReportingWriter() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Logging.configure("INFO", "WARN");
        CdcConfig config = CdcConfig.load(Path.of(args[0]));
        AtomicLong peakUsed = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        WriterService writer = WriterService.start(config, config.kafka().bootstrapServers(), Map.of(),
                ObjectStoreSettings.of(config.storage()));
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = stdin.readLine(); line != null && !line.equals("stop"); line = stdin.readLine()) {
                // waiting for stop
            }
        }
        writer.close();
        sampler.interrupt();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && collected != null) {
                // the pool's largest use after a collection is not tracked; its use after the last one is
                afterGc += Math.max(collected.getUsed(), 0);
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("HEAP max_mb=%d peak_used_mb=%d after_last_gc_mb=%d failed=%s%n", max >> 20,
                peakUsed.get() >> 20, afterGc >> 20, writer.failure().isPresent());
        System.out.flush();
        System.exit(writer.failure().isPresent() ? 1 : 0);
    }
}
