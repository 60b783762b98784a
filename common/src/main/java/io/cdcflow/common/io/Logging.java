package io.cdcflow.common.io;

/** Selects the shared logging configuration; call first thing in every {@code main}. */
public final class Logging {
    /** The classpath resource every cdc process logs with unless told otherwise. */
    public static final String CONFIG_RESOURCE = "cdc-logback.xml";
    /** Environment variable (or system property) choosing the log format: {@code text} or {@code json}. */
    public static final String FORMAT_ENV = "CDC_LOG_FORMAT";

    private Logging() {
    }

    /**
     * Uses {@link #CONFIG_RESOURCE} unless {@code logback.configurationFile} is set, and sets the
     * default levels of our loggers ({@code CDC_LOG_LEVEL}) and of Kafka's
     * ({@code CDC_LIBRARY_LOG_LEVEL}) unless the environment or a system property sets them, and
     * the format from {@value #FORMAT_ENV} ({@code json}, anything else is {@code text}).
     */
    public static void configure(String ownLevel, String libraryLevel) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIG_RESOURCE);
        }
        defaultTo("CDC_LOG_LEVEL", ownLevel);
        defaultTo("CDC_LIBRARY_LOG_LEVEL", libraryLevel);
        String format = System.getProperty(FORMAT_ENV, System.getenv(FORMAT_ENV));
        System.setProperty(FORMAT_ENV, format(format));
    }

    /** The appender name in {@link #CONFIG_RESOURCE} for a requested format. */
    static String format(String requested) {
        return requested != null && requested.trim().equalsIgnoreCase("json") ? "json" : "text";
    }

    private static void defaultTo(String name, String level) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, level);
        }
    }
}
