package io.cdcflow.embedded;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the level of chatty third-party loggers to WARN when Logback is the SLF4J backend.
 *
 * <p>Reflection keeps this module free of a logging backend. Loggers that already have an explicit
 * level (from the application's logback.xml) are left alone.
 */
final class QuietLogging {

    private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";
    private static final String LOGBACK_LEVEL = "ch.qos.logback.classic.Level";

    private QuietLogging() {
    }

    static void warnOnly(String... loggerNames) {
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
                type.getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an unexpected Logback version only means louder logs
                LoggerFactory.getLogger(QuietLogging.class).debug("Could not lower level of {}", name, e);
            }
        }
    }
}
