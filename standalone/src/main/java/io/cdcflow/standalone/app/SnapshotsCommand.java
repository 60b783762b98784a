package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import io.cdcflow.common.config.StorageConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.standalone.core.SnapshotSet;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cdc snapshots list|cleanup}: the snapshot sets in the configured object store. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "List or clean up the snapshot sets in the configured object store.",
        subcommands = {SnapshotsListCommand.class, SnapshotsCleanupCommand.class})
final class SnapshotsCommand implements Runnable {
    /** Snapshot objects' first segment. */
    static final String ROOT = "snapshots/";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static CdcConfig load(Path path) {
        try {
            return CdcConfig.load(path);
        } catch (ConfigException e) {
            throw new CliException(CliException.USAGE, e.getMessage());
        }
    }

    /**
     * {@code snapshots/{datasource}/{table}/}: the datasource is {@code datasource} if given (the table
     * need not be configured then), else the configured table's.
     */
    static String directory(CdcConfig config, Path path, String table, String datasource) {
        String source = datasource;
        if (source == null) {
            try {
                TableConfig configured = config.table(table);
                source = configured.datasource();
            } catch (IllegalArgumentException e) {
                throw new CliException(CliException.USAGE, e.getMessage() + " (in " + path
                        + "; pass --datasource for a table no longer configured)");
            }
        }
        return ROOT + source + "/" + table + "/";
    }

    /**
     * The configured store; for {@code "endpoint": "embedded"} the embedded store of
     * {@code storage.data_dir/objects}, started for the duration of the command (do not run it while
     * {@code cdc run} uses the same data dir).
     */
    static Store open(CdcConfig config) {
        StorageConfig storage = config.storage();
        EmbeddedObjectStore embedded = null;
        String endpoint = storage.endpointUrl();
        if (storage.embedded()) {
            try {
                embedded = EmbeddedObjectStore.start(storage.dataDir().resolve("objects"), storage.accessKey(),
                        storage.secretKey().reveal());
            } catch (RuntimeException e) {
                throw new CliException(CliException.FAILED, "cannot start the embedded object store on "
                        + storage.dataDir().resolve("objects") + ": " + e.getMessage());
            }
            endpoint = embedded.endpoint();
        }
        return new Store(ObjectStore.connect(ObjectStoreSettings.of(storage, endpoint)), embedded);
    }

    /**
     * The store client, and the embedded store it talks to, if any. Failures are
     * {@link IllegalStateException}s naming the request.
     */
    record Store(ObjectStore client, EmbeddedObjectStore embedded) implements AutoCloseable {
        /** The snapshot sets under {@code prefix}, newest first. */
        List<SnapshotSet> sets(String prefix) {
            return SnapshotSet.group(client.entries(prefix).stream()
                    .map(entry -> new SnapshotSet.StoredObject(entry.key(), entry.size())).toList());
        }

        /** The content of a (small) object that was listed. */
        byte[] get(String key) {
            return client.get(key).orElseThrow(
                    () -> new IllegalStateException("get " + key + " failed: the object is gone"));
        }

        @Override
        public void close() {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
