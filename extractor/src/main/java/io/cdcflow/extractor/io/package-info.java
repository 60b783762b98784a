/**
 * The extractor's adapters: JDBC (connection pools, metadata, streaming scans) and Kafka (the
 * transactional run protocol, dead letters, the commands consumer loop).
 */
package io.cdcflow.extractor.io;
