package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.differ.app.DifferService;
import io.cdcflow.writer.app.WriterService;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child JVM running the differ and the writer on a config file until it is killed; the crash
 * tests kill it with SIGKILL in the middle of a run.
 */
public final class DifferAndWriterProcess {
    private DifferAndWriterProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        CdcConfig config = CdcConfig.load(Path.of(args[0]));
        String bootstrap = config.kafka().bootstrapServers();
        // A killed member holds its partitions until its session expires: keep that short so the
        // restarted process takes over quickly.
        Map<String, Object> fastFailover = Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000);
        DifferService differ = DifferService.start(config, bootstrap, fastFailover);
        WriterService writer = WriterService.start(config, bootstrap, fastFailover,
                ObjectStoreSettings.of(config.storage()));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // until killed
        writer.close();
        differ.close();
    }
}
