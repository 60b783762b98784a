/**
 * The extractor's pure logic: SQL dialects, the mapping of source column types to logical types,
 * value normalisation, extraction plans, command resolution and failure descriptions. Nothing here
 * touches JDBC connections, Kafka or a clock; {@code ArchitectureTest} keeps it so.
 */
package io.cdcflow.extractor.core;
