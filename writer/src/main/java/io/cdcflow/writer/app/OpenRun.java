package io.cdcflow.writer.app;

import io.cdcflow.writer.core.RunProgress;
import io.cdcflow.writer.io.RunSpill;

/**
 * A run being received: its partition reports so far and its spilled changes.
 *
 * @param progress the partition reports
 * @param spill the changes, on local disk
 */
record OpenRun(RunProgress progress, RunSpill spill) {
}
