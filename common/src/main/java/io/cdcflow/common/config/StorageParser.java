package io.cdcflow.common.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads {@code storage}; an absent section means the embedded object store. */
final class StorageParser {
    static final Path DEFAULT_DATA_DIR = Path.of("./cdc-data");

    private static final String EMBEDDED_CREDENTIAL = "minioadmin";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final ParseContext context;

    StorageParser(ParseContext context) {
        this.context = context;
    }

    /** The storage settings, or null if the section has errors (they are reported). */
    StorageConfig parse(ConfigNode node) {
        int mark = context.errorCount();
        String endpoint = node.string("endpoint");
        boolean embedded = !node.has("endpoint") || ConfigParser.EMBEDDED.equalsIgnoreCase(endpoint);
        String accessKey = node.string("access_key");
        String secretKey = node.string("secret_key");
        boolean secureGiven = node.has("secure");
        boolean secure = node.bool("secure", false);
        String bucket = node.string("bucket");
        String region = node.string("region");
        SnapshotFormat format = node.choice("format", SnapshotFormat.byJsonName(), SnapshotFormat.JSON);
        Path dataDir = dataDir(node);
        int checkpointsKept = node.integer("checkpoints_kept", StorageConfig.DEFAULT_CHECKPOINTS_KEPT, 0, 1000);
        if (bucket != null) {
            checkBucket(node.pathOf("bucket"), bucket);
        }
        if (region != null && region.isEmpty()) {
            context.error(node.pathOf("region"), "must not be empty");
        }
        String endpointUrl = embedded || endpoint == null ? null : endpointUrl(node, endpoint, secureGiven, secure);
        if (!embedded) {
            requireExternal(node, "access_key", accessKey);
            requireExternal(node, "secret_key", secretKey);
        }
        boolean tls = endpointUrl != null ? endpointUrl.startsWith("https:") : secure;
        return context.ifNoErrorsSince(mark, () -> new StorageConfig(embedded, endpointUrl,
                accessKey != null ? accessKey : EMBEDDED_CREDENTIAL,
                Secret.of(secretKey != null ? secretKey : EMBEDDED_CREDENTIAL),
                tls, bucket != null ? bucket : "cdc-state", region, format, dataDir, checkpointsKept));
    }

    /** {@code data_dir}, or the default if absent or invalid. */
    private Path dataDir(ConfigNode node) {
        String dataDir = node.string("data_dir");
        if (dataDir == null) {
            return DEFAULT_DATA_DIR;
        }
        if (dataDir.isBlank()) {
            context.error(node.pathOf("data_dir"), "must not be empty");
            return DEFAULT_DATA_DIR;
        }
        try {
            return Path.of(dataDir);
        } catch (InvalidPathException e) {
            context.error(node.pathOf("data_dir"), "is not a valid path (" + e.getReason() + ")");
            return DEFAULT_DATA_DIR;
        }
    }

    /** {@code scheme://host:port} of an external endpoint, or null if it is invalid (reported). */
    private String endpointUrl(ConfigNode node, String endpoint, boolean secureGiven, boolean secure) {
        int schemeEnd = endpoint.indexOf("://");
        String scheme = schemeEnd < 0 ? (secure ? "https" : "http") : endpoint.substring(0, schemeEnd);
        String address = schemeEnd < 0 ? endpoint : endpoint.substring(schemeEnd + 3);
        if (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        if (!(scheme.equals("http") || scheme.equals("https")) || !HostPort.isValid(address, false)) {
            context.error(node.pathOf("endpoint"), "must be \"embedded\", host:port or http(s)://host:port (was "
                    + ErrorText.quote(endpoint) + ")");
            return null;
        }
        if (secureGiven && secure != scheme.equals("https")) {
            context.error(node.pathOf("secure"),
                    "contradicts the endpoint's " + scheme + " scheme (was " + secure + ")");
        }
        return scheme + "://" + address;
    }

    private void requireExternal(ConfigNode node, String key, String value) {
        if (value == null && !node.has(key)) {
            context.error(node.pathOf(key), "is required when the endpoint is not embedded");
        }
    }

    private void checkBucket(String path, String bucket) {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            context.error(path, "must be a valid S3 bucket name: 3 to 63 characters from a-z, 0-9, \".\" and \"-\","
                    + " starting and ending with a letter or digit, without \"..\", not an IP address (was "
                    + ErrorText.quote(bucket) + ")");
        }
    }
}
