/**
 * Shared test fixtures: one Kafka broker, one object store and one PostgreSQL and MariaDB server
 * per test JVM, started on first use and stopped at JVM exit; and helpers the tests of several modules
 * use ({@link io.cdcflow.testkit.OpsClient}, {@link io.cdcflow.testkit.AccountRuns},
 * {@link io.cdcflow.testkit.SecureKafkaConfig}). Meant for test scope only.
 */
package io.cdcflow.testkit;
