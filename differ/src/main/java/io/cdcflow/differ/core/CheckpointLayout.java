package io.cdcflow.differ.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Object names of the differ's state checkpoints, in the seed's storage layout:
 * {@code {datasource}/{table}/hash_state/{id}/part-{partition}.jsonl.gz} (one per row-state
 * changelog partition) and {@code {datasource}/{table}/hash_state/{id}/manifest.json}, written last.
 * The id is the UTC time the checkpoint was taken, {@code yyyyMMdd_HHmmss}; a checkpoint without a
 * manifest is incomplete.
 */
public final class CheckpointLayout {
    /** The directory of a table's checkpoints, under the table's directory. */
    public static final String DIRECTORY = "hash_state";
    /** The manifest's name inside a checkpoint directory. */
    public static final String MANIFEST = "manifest.json";

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern ID_PATTERN = Pattern.compile("\\d{8}_\\d{6}");

    private CheckpointLayout() {
    }

    /** {@code {datasource}/{table}/hash_state/}. */
    public static String tablePrefix(String datasource, String table) {
        return datasource + "/" + table + "/" + DIRECTORY + "/";
    }

    /** The id of a checkpoint taken at {@code at}. */
    public static String id(Instant at) {
        return ID.format(at);
    }

    /** Whether {@code id} has the form of a checkpoint id. */
    public static boolean isId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    /** {@code {datasource}/{table}/hash_state/{id}/}. */
    public static String directory(String datasource, String table, String id) {
        return tablePrefix(datasource, table) + id + "/";
    }

    /** The object holding changelog partition {@code partition}'s entries. */
    public static String part(String datasource, String table, String id, int partition) {
        return directory(datasource, table, id) + String.format(Locale.ROOT, "part-%05d.jsonl.gz", partition);
    }

    /** The manifest of a checkpoint. */
    public static String manifest(String datasource, String table, String id) {
        return directory(datasource, table, id) + MANIFEST;
    }

    /** Ids of the checkpoints among {@code keys} (objects under {@code tablePrefix}), oldest first. */
    public static List<String> ids(String tablePrefix, Collection<String> keys) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : keys) {
            String id = idOf(tablePrefix, key);
            if (id != null) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    /** Ids of the complete checkpoints (with a manifest) among {@code keys}, oldest first. */
    public static List<String> completeIds(String tablePrefix, Collection<String> keys) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : keys) {
            String id = idOf(tablePrefix, key);
            if (id != null && key.equals(tablePrefix + id + "/" + MANIFEST)) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    /**
     * The checkpoints to delete so that the newest {@code keep} complete ones remain: older complete
     * ones, and incomplete ones older than the oldest kept (newer incomplete ones may be in progress).
     */
    public static List<String> expired(String tablePrefix, Collection<String> keys, int keep) {
        List<String> complete = completeIds(tablePrefix, keys);
        if (complete.size() <= keep) {
            return List.of();
        }
        String oldestKept = keep == 0 ? null : complete.get(complete.size() - keep);
        List<String> expired = new ArrayList<>();
        for (String id : ids(tablePrefix, keys)) {
            if (oldestKept == null || id.compareTo(oldestKept) < 0) {
                expired.add(id);
            }
        }
        return expired;
    }

    private static String idOf(String tablePrefix, String key) {
        if (!key.startsWith(tablePrefix)) {
            return null;
        }
        int slash = key.indexOf('/', tablePrefix.length());
        if (slash < 0) {
            return null;
        }
        String id = key.substring(tablePrefix.length(), slash);
        return isId(id) ? id : null;
    }
}
