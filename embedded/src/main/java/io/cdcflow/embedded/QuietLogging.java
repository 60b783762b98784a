package io.cdcflow.embedded;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the level of chatty third-party loggers when Logback is the SLF4J backend.
 *
 * <p>Reflection keeps this module free of a logging backend. Loggers that already have an explicit
 * level (from the application's logback.xml) are left alone; with another backend nothing happens.
 */
public final class QuietLogging {

    private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";
    private static final String LOGBACK_LEVEL = "ch.qos.logback.classic.Level";

    private QuietLogging() {
    }

    /**
     * Sets each named Logback logger that has no level of its own to WARN.
     *
     * @param loggerNames logger names, usually package prefixes such as {@code org.apache.kafka}
     */
    public static void warnOnly(String... loggerNames) {
        setIfUnset("WARN", loggerNames);
    }

    /**
     * Sets each named Logback logger that has no level of its own to ERROR.
     *
     * @param loggerNames logger names
     */
    public static void errorOnly(String... loggerNames) {
        setIfUnset("ERROR", loggerNames);
    }

    private static void setIfUnset(String levelName, String... loggerNames) {
        for (String name : loggerNames) {
            Logger logger = LoggerFactory.getLogger(name);
            Class<?> type = logger.getClass();
            if (!type.getName().equals(LOGBACK_LOGGER)) {
                continue;
            }
            try {
                Method getLevel = type.getMethod("getLevel");
                if (getLevel.invoke(logger) != null) {
                    continue;
                }
                Class<?> level = Class.forName(LOGBACK_LEVEL, true, type.getClassLoader());
                type.getMethod("setLevel", level).invoke(logger, level.getField(levelName).get(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an unexpected Logback version only means louder logs
                LoggerFactory.getLogger(QuietLogging.class).debug("Could not lower level of {}", name, e);
            }
        }
    }
}
