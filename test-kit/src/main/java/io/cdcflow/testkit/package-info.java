/**
 * Shared test fixtures: one Kafka broker, one object store and one PostgreSQL and MariaDB server
 * per test JVM, started on first use and stopped at JVM exit. Meant for test scope only.
 */
package io.cdcflow.testkit;
