package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.extractor.app.ExtractorService;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child JVM running the extractor on a config file until it is killed; {@link FaultMatrixIT}
 * kills it with SIGKILL in the middle of a run.
 */
public final class ExtractorProcess {
    private ExtractorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        CdcConfig config = CdcConfig.load(Path.of(args[0]));
        // a killed member holds the commands partition until its session expires: keep that short
        ExtractorService extractor = ExtractorService.start(config, config.kafka().bootstrapServers(),
                Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // until killed
        extractor.close();
    }
}
