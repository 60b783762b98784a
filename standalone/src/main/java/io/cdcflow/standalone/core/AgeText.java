package io.cdcflow.standalone.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages for {@code --older-than}: {@code 30d}, {@code 2d12h}, and everything {@link DurationText} takes. */
public final class AgeText {
    private static final Pattern DAYS = Pattern.compile("(\\d+)d(.*)");

    private AgeText() {
    }

    /**
     * Parses {@code Nd} optionally followed by a {@link DurationText} duration ({@code 1d12h}), or a
     * {@link DurationText} duration.
     *
     * @throws IllegalArgumentException if the text is neither, or the age is not positive
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = DAYS.matcher(trimmed);
        if (!matcher.matches()) {
            return DurationText.parse(text);
        }
        Duration days = Duration.ofDays(Long.parseLong(matcher.group(1)));
        Duration rest = matcher.group(2).isEmpty() ? Duration.ZERO : DurationText.parse(matcher.group(2));
        Duration age = days.plus(rest);
        if (age.isZero()) {
            throw new IllegalArgumentException("duration must be positive: \"" + text + "\"");
        }
        return age;
    }

    /** The cutoff of an age: sets started before it are older. */
    public static Instant cutoff(Instant now, Duration age) {
        return now.minus(age);
    }
}
