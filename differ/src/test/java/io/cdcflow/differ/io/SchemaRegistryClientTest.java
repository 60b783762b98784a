package io.cdcflow.differ.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdcflow.common.config.SchemaRegistrySettings;
import io.cdcflow.common.config.Secret;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.testkit.TestSchemaRegistry;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry client against the in-process Confluent-compatible registry: ids, caching, retries, errors. */
class SchemaRegistryClientTest {
    private static final Backoff TWO_QUICK_RETRIES = new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(10));
    private static final Schema V1 = SchemaBuilder.record("Row").namespace("t").fields()
            .requiredLong("id").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Row").namespace("t").fields()
            .requiredLong("id").optionalString("note").endRecord();

    private TestSchemaRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void registersVersionsAndReturnsTheSameIdForTheSameSchema() {
        registry = TestSchemaRegistry.open();
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()));
        SchemaRegistryClient other = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()));

        int first = client.register("t-value", V1);
        int again = other.register("t-value", V1);
        int second = client.register("t-value", V2);
        int elsewhere = client.register("u-value", V1);

        assertThat(again).as("re-registering returns the id").isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(elsewhere).as("an id is global to the schema").isEqualTo(first);
        assertThat(registry.versions("t-value")).containsExactly(first, second);
        assertThat(client.schema(second)).isEqualTo(V2);
        assertThat(client.register("t-value", V1)).isEqualTo(first);
        assertThat(registry.requests()).containsExactly(
                "POST /subjects/t-value/versions", "POST /subjects/t-value/versions", "POST /subjects/t-value/versions",
                "POST /subjects/u-value/versions", "GET /schemas/ids/" + second);
    }

    @Test
    void retriesServerErrorsWithBackoffAndThenSucceeds() {
        registry = TestSchemaRegistry.open();
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()),
                TWO_QUICK_RETRIES);
        registry.failRequests(2, 503);

        assertThat(client.register("t-value", V1)).isEqualTo(1);
        assertThat(registry.requests()).hasSize(3);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void givesUpAfterTheRetriesWhenTheRegistryIsDown() {
        registry = TestSchemaRegistry.open();
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()),
                TWO_QUICK_RETRIES);
        registry.stop();

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("t-value", V1));

        assertThat(e.retriable()).isTrue();
        assertThat(e.status()).isEqualTo(-1);
        assertThat(e).hasMessageStartingWith("schema registry at " + registry.url()
                + ": registering a schema under subject t-value failed after 2 retries: no response (");
        assertThat(client.lastFailure()).isEqualTo(e.getMessage());

        registry.start();
        assertThat(client.register("t-value", V1)).as("the same port serves again").isEqualTo(1);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void doesNotRetryRefusals() {
        registry = TestSchemaRegistry.open();
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()),
                TWO_QUICK_RETRIES);
        client.register("t-value", V1);
        Schema incompatible = SchemaBuilder.record("Row").namespace("t").fields()
                .requiredLong("id").requiredString("note").endRecord();

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("t-value", incompatible));

        assertThat(e.retriable()).isFalse();
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(409);
        assertThat(e).hasMessage("schema registry at " + registry.url() + ": registering a schema under subject t-value"
                + " failed: HTTP 409, error_code 409: Schema being registered is incompatible with an earlier schema"
                + " for subject \"t-value\" (BACKWARD)");
        assertThat(registry.requests()).hasSize(2);
        SchemaRegistryException missing = catchThrowableOfType(SchemaRegistryException.class, () -> client.schema(99));
        assertThat(missing).hasMessageEndingWith("reading schema 99 failed: HTTP 404, error_code 40403: Schema 99 not found");
    }

    @Test
    void authenticatesWithBasicAuthAndNeverShowsThePassword() {
        registry = TestSchemaRegistry.withBasicAuth("cdc", "registry-secret");
        SchemaRegistryClient client = new SchemaRegistryClient(
                new SchemaRegistrySettings(registry.url(), "cdc", Secret.of("registry-secret"), 5), TWO_QUICK_RETRIES);
        SchemaRegistryClient wrong = new SchemaRegistryClient(
                new SchemaRegistrySettings(registry.url(), "cdc", Secret.of("wrong-secret"), 5), TWO_QUICK_RETRIES);

        assertThat(client.register("t-value", V1)).isEqualTo(1);
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> wrong.register("t-value", V1));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e).hasMessageEndingWith("failed: HTTP 401, error_code 401: Unauthorized");
        assertThat(e.getMessage()).doesNotContain("secret");
    }
}
