package io.cdcflow.common.io;

/** Selects the shared logging configuration; call first thing in every {@code main}. */
public final class Logging {
    /** The classpath resource every cdc process logs with unless told otherwise. */
    public static final String CONFIG_RESOURCE = "cdc-logback.xml";

    private Logging() {
    }

    /**
     * Uses {@link #CONFIG_RESOURCE} unless {@code logback.configurationFile} is set, and sets the
     * default levels of our loggers ({@code CDC_LOG_LEVEL}) and of Kafka's
     * ({@code CDC_LIBRARY_LOG_LEVEL}) unless the environment or a system property sets them.
     */
    public static void configure(String ownLevel, String libraryLevel) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIG_RESOURCE);
        }
        defaultTo("CDC_LOG_LEVEL", ownLevel);
        defaultTo("CDC_LIBRARY_LOG_LEVEL", libraryLevel);
    }

    private static void defaultTo(String name, String level) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, level);
        }
    }
}
