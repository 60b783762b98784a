package io.cdcflow.writer.core;

import io.cdcflow.common.core.Operation;
import java.util.Objects;

/**
 * Object names of one run's snapshot set:
 * {@code snapshots/{datasource}/{table}/{YYYYMMDD_HHMMSS}_{added|modified|deleted}.{extension}} and
 * {@code snapshots/{datasource}/{table}/{YYYYMMDD_HHMMSS}_summary.json}.
 *
 * @param datasource configured datasource
 * @param table configured table
 * @param timestamp the set's second
 * @param extension the data files' extension without the leading dot, e.g. {@code csv} or {@code json.gz}
 */
public record SnapshotObjectNames(String datasource, String table, SnapshotTimestamp timestamp, String extension) {
    /** First segment of every snapshot object name. */
    public static final String ROOT = "snapshots";

    public SnapshotObjectNames {
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(extension, "extension");
    }

    /** The summary object of the table's set at {@code timestamp}; its extension is always {@code json}. */
    public static String summary(String datasource, String table, SnapshotTimestamp timestamp) {
        return directory(datasource, table) + timestamp.text() + "_summary.json";
    }

    /** {@code snapshots/{datasource}/{table}/}: the prefix of all the table's snapshot objects. */
    public static String directory(String datasource, String table) {
        return ROOT + "/" + datasource + "/" + table + "/";
    }

    /** Category of the full image file, in its name and in the summary's {@code files}. */
    public static final String FULL = "full";

    /** The table's full image after the run ({@code full_image}): {@code ..._full.{extension}}. */
    public String fullImage() {
        return directory(datasource, table) + timestamp.text() + "_" + FULL + "." + extension;
    }

    /** The data file of one operation. */
    public String dataFile(Operation operation) {
        return directory(datasource, table) + timestamp.text() + "_" + operation.category() + "." + extension;
    }

    /** The summary object, written last: its presence marks the set complete. */
    public String summary() {
        return summary(datasource, table, timestamp);
    }
}
