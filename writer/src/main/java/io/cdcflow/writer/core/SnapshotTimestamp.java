package io.cdcflow.writer.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code YYYYMMDD_HHMMSS} (UTC) part of snapshot object names: one second of time. A run's files
 * are named after the second the run started; when another run already took that second, the next
 * free second is used (see {@link SnapshotSlots}).
 *
 * @param epochSecond the second, since the epoch
 */
public record SnapshotTimestamp(long epochSecond) {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /** The second a run started in, from its start in epoch milliseconds. */
    public static SnapshotTimestamp ofRunStart(long runStartedMs) {
        return new SnapshotTimestamp(Math.floorDiv(runStartedMs, 1000L));
    }

    /** The following second. */
    public SnapshotTimestamp next() {
        return new SnapshotTimestamp(epochSecond + 1);
    }

    /** {@code YYYYMMDD_HHMMSS} in UTC. */
    public String text() {
        return FORMAT.format(Instant.ofEpochSecond(epochSecond));
    }

    @Override
    public String toString() {
        return text();
    }
}
