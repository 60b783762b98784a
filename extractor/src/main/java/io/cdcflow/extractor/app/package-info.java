/** Wiring of the extractor service and its {@code main}. */
package io.cdcflow.extractor.app;
