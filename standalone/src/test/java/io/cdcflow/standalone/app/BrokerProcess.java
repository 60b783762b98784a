package io.cdcflow.standalone.app;

import io.cdcflow.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;

/**
 * A child JVM running an embedded Kafka broker on a log directory until it is killed;
 * {@link FaultMatrixIT} kills it (SIGKILL) or stops it (SIGTERM, a clean shutdown) in the middle of
 * a run and starts it again on the same directory, hence on the same ports and with the same state.
 * Prints {@code READY <bootstrap.servers>} once the broker accepts requests.
 */
public final class BrokerProcess {
    private BrokerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-broker"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join(); // until killed or stopped
    }
}
