package io.cdcflow.common.io;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness check "the Kafka cluster answers": asks for the cluster id with an admin client of its
 * own (created at the first check, closed with the {@link OpsServer}).
 */
public final class KafkaCheck implements OpsServer.Check, AutoCloseable {
    private static final int TIMEOUT_MS = 4000;

    private final Map<String, Object> properties;
    private Admin admin;

    /**
     * @param bootstrapServers the cluster
     * @param clientProperties further client properties (security), as the services' clients get them
     */
    public KafkaCheck(String bootstrapServers, Map<String, Object> clientProperties) {
        this.properties = new HashMap<>(clientProperties);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-ready-check");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
    }

    @Override
    public void check() throws Exception {
        Admin client = client();
        try {
            client.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka does not answer: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka does not answer within " + TIMEOUT_MS + " ms", e);
        }
    }

    private synchronized Admin client() {
        if (admin == null) {
            admin = Admin.create(properties);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }
}
