package io.cdcflow.standalone.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them: {@code 30m}, {@code 1h30m}, {@code 90s}, {@code 500ms}. */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private DurationText() {
    }

    /**
     * Parses {@code 30m}, {@code 1h30m}, {@code 45s}, {@code 500ms} (units h, m, s, ms, in any
     * combination) or an ISO-8601 duration ({@code PT30M}).
     *
     * @throws IllegalArgumentException if the text is neither, or the duration is not positive
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration parsed;
        if (trimmed.startsWith("pt") || trimmed.startsWith("p")) {
            try {
                parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else {
            parsed = Duration.ZERO;
            Matcher matcher = PART.matcher(trimmed);
            int end = 0;
            while (matcher.lookingAt()) {
                long amount = Long.parseLong(matcher.group(1));
                parsed = parsed.plus(switch (matcher.group(2)) {
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMillis(amount);
                });
                end = matcher.end();
                matcher.region(end, trimmed.length());
            }
            if (end == 0 || end != trimmed.length()) {
                throw invalid(text);
            }
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException("duration must be positive: \"" + text + "\"");
        }
        return parsed;
    }

    /**
     * Short display form: {@code 0.4s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m}.
     */
    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text
                + "\"; use e.g. 30m, 1h30m, 90s, 500ms or PT30M");
    }
}
