package io.cdcflow.writer.io;

import io.cdcflow.common.core.Operation;
import java.nio.file.Path;

/**
 * A data file of a run rendered on local disk, ready for upload.
 *
 * @param operation the operation whose rows it holds
 * @param path where it is
 * @param rows rows in it
 * @param bytes its size
 */
public record RenderedFile(Operation operation, Path path, long rows, long bytes) {
}
