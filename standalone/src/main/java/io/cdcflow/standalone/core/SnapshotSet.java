package io.cdcflow.standalone.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run's snapshot set: the objects {@code {directory}{YYYYMMDD_HHMMSS}_*} of a table directory
 * {@code snapshots/{datasource}/{table}/}.
 *
 * @param directory the table directory, ending in {@code /}
 * @param timestamp the set's {@code YYYYMMDD_HHMMSS}
 * @param dataFiles the objects other than the summary, in key order
 * @param summary the {@code _summary.json} object, or null if the set has none (still being written, or interrupted)
 */
public record SnapshotSet(String directory, String timestamp, List<StoredObject> dataFiles, StoredObject summary) {
    /** Suffix of the summary object's name. */
    public static final String SUMMARY_SUFFIX = "_summary.json";

    private static final Pattern NAME = Pattern.compile("(\\d{8}_\\d{6})_[^/]+");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    public SnapshotSet {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(timestamp, "timestamp");
        dataFiles = List.copyOf(dataFiles);
    }

    /**
     * An object of the store.
     *
     * @param key the object name
     * @param size its size in bytes
     */
    public record StoredObject(String key, long size) {
        public StoredObject {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Groups objects into sets by directory and timestamp, newest first (within a timestamp, by
     * directory). Objects whose name is not {@code {YYYYMMDD_HHMMSS}_...} with a valid date are no part of a set
     * and are left out.
     */
    public static List<SnapshotSet> group(List<StoredObject> objects) {
        Map<String, List<StoredObject>> byPrefix = new TreeMap<>();
        for (StoredObject object : objects) {
            int slash = object.key().lastIndexOf('/');
            String name = object.key().substring(slash + 1);
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches() || parse(matcher.group(1)).isEmpty()) {
                continue;
            }
            String prefix = object.key().substring(0, slash + 1) + matcher.group(1);
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(object);
        }
        List<SnapshotSet> sets = new ArrayList<>();
        for (Map.Entry<String, List<StoredObject>> entry : byPrefix.entrySet()) {
            String prefix = entry.getKey();
            int cut = prefix.length() - 15;
            List<StoredObject> data = new ArrayList<>();
            StoredObject summary = null;
            for (StoredObject object : entry.getValue()) {
                if (object.key().equals(prefix + SUMMARY_SUFFIX)) {
                    summary = object;
                } else {
                    data.add(object);
                }
            }
            data.sort(Comparator.comparing(StoredObject::key));
            sets.add(new SnapshotSet(prefix.substring(0, cut), prefix.substring(cut), data, summary));
        }
        sets.sort(Comparator.comparing(SnapshotSet::timestamp).reversed().thenComparing(SnapshotSet::directory));
        return sets;
    }

    /** The set's second, UTC. */
    public Instant instant() {
        return parse(timestamp).orElseThrow();
    }

    /** Whether the set was started before {@code cutoff}: cleanup deletes exactly these. */
    public boolean olderThan(Instant cutoff) {
        return instant().isBefore(cutoff);
    }

    /** {@code {directory}{timestamp}}: the common prefix of the set's objects. */
    public String prefix() {
        return directory + timestamp;
    }

    /** Objects in the set, summary included. */
    public int fileCount() {
        return dataFiles.size() + (summary == null ? 0 : 1);
    }

    /** Bytes of all objects in the set, summary included. */
    public long totalBytes() {
        long total = summary == null ? 0 : summary.size();
        for (StoredObject file : dataFiles) {
            total += file.size();
        }
        return total;
    }

    /**
     * The keys in the order to delete them: the data files first, the summary last, so that an
     * interrupted deletion never leaves a summary whose files are missing.
     */
    public List<String> deletionOrder() {
        List<String> keys = new ArrayList<>();
        for (StoredObject file : dataFiles) {
            keys.add(file.key());
        }
        if (summary != null) {
            keys.add(summary.key());
        }
        return keys;
    }

    private static Optional<Instant> parse(String timestamp) {
        try {
            return Optional.of(LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
