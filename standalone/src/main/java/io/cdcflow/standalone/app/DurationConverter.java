package io.cdcflow.standalone.app;

import io.cdcflow.standalone.core.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Picocli converter for {@code 30m}, {@code 1h30m}, {@code 90s}, {@code PT30M}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
