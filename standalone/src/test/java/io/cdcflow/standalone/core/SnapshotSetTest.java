package io.cdcflow.standalone.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcflow.standalone.core.SnapshotSet.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotSetTest {
    private static final String DIR = "snapshots/ds/orders/";

    @Test
    void groupsByDirectoryAndTimestampNewestFirst() {
        List<SnapshotSet> sets = SnapshotSet.group(List.of(
                new StoredObject(DIR + "20240101_000000_summary.json", 50),
                new StoredObject(DIR + "20240101_000000_deleted.json", 2),
                new StoredObject(DIR + "20240101_000000_added.json", 10),
                new StoredObject(DIR + "20240101_000000_modified.json", 3),
                new StoredObject(DIR + "20240301_120000_added.csv.gz", 7),
                new StoredObject(DIR + "notes.txt", 1),
                new StoredObject(DIR + "20241399_000000_added.json", 1),
                new StoredObject("snapshots/ds/customers/20240101_000000_added.json", 4)));
        assertEquals(3, sets.size());
        SnapshotSet newest = sets.get(0);
        assertEquals("20240301_120000", newest.timestamp());
        assertNull(newest.summary());
        assertEquals(1, newest.fileCount());
        assertEquals("snapshots/ds/customers/", sets.get(1).directory());
        SnapshotSet full = sets.get(2);
        assertEquals(DIR, full.directory());
        assertEquals(4, full.fileCount());
        assertEquals(65, full.totalBytes());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), full.instant());
        assertEquals(List.of(DIR + "20240101_000000_added.json", DIR + "20240101_000000_deleted.json",
                DIR + "20240101_000000_modified.json", DIR + "20240101_000000_summary.json"), full.deletionOrder());
    }

    @Test
    void cutoffIsStrict() {
        SnapshotSet set = SnapshotSet.group(List.of(new StoredObject(DIR + "20240101_000000_added.json", 1))).get(0);
        Instant now = Instant.parse("2024-01-31T00:00:00Z");
        assertFalse(set.olderThan(AgeText.cutoff(now, AgeText.parse("30d"))));
        assertTrue(set.olderThan(AgeText.cutoff(now.plusSeconds(1), AgeText.parse("30d"))));
    }

    @Test
    void parsesAges() {
        assertEquals(Duration.ofDays(30), AgeText.parse("30d"));
        assertEquals(Duration.ofHours(36), AgeText.parse("1d12h"));
        assertEquals(Duration.ofMinutes(90), AgeText.parse("90m"));
        assertThrows(IllegalArgumentException.class, () -> AgeText.parse("0d"));
        assertThrows(IllegalArgumentException.class, () -> AgeText.parse("30days"));
    }

    @Test
    void readsSummaries() {
        SnapshotSummary summary = SnapshotSummary.parse("""
                {"run_id":"r1","status":"complete","changes":{"added":2,"modified":0,"deleted":1}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new SnapshotSummary("r1", "complete", 2L, 0L, 1L), summary);
        assertEquals(SnapshotSummary.UNREADABLE, SnapshotSummary.parse("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new SnapshotSummary(null, null, null, null, null),
                SnapshotSummary.parse("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rendersTable() {
        List<SnapshotSet> sets = SnapshotSet.group(List.of(
                new StoredObject(DIR + "20240101_000000_added.json", 10),
                new StoredObject(DIR + "20240101_000000_summary.json", 100),
                new StoredObject(DIR + "20240102_030405_added.json", 5)));
        String table = SnapshotTable.render(List.of(
                new SnapshotTable.Row(sets.get(0), SnapshotSummary.MISSING),
                new SnapshotTable.Row(sets.get(1), new SnapshotSummary("run-1", "complete", 12L, 0L, 3L))));
        assertEquals("""
                TIMESTAMP (UTC)      RUN ID  STATUS                   ADDED  MODIFIED  DELETED  FILES  BYTES
                2024-01-02 03:04:05  -       incomplete (no summary)      -         -        -      1      5
                2024-01-01 00:00:00  run-1   complete                    12         0        3      2    110
                """, table);
    }
}
