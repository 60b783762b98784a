/**
 * In-JVM servers for the standalone mode and for tests: a single-node Kafka cluster, an
 * S3-compatible object store and a PostgreSQL server. They listen on 127.0.0.1 only and have no
 * real security; none of them is meant for production data.
 */
package io.cdcflow.embedded;
