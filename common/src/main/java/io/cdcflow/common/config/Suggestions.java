package io.cdcflow.common.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a misspelt one was probably meant to be. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code input}: one that differs only in case or separators
     * ({@code primaryKey} for {@code primary_key}), else the one with the smallest edit distance if that
     * is at most a third of its length (at least 1).
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String normalizedInput = normalize(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (normalize(candidate).equals(normalizedInput)) {
                return Optional.of(candidate);
            }
            int distance = editDistance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance <= Math.max(1, candidate.length() / 3) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The parenthesized hint of an "unknown ..." error: the closest candidate, else all of them. */
    static String hint(String input, Collection<String> candidates) {
        if (candidates.isEmpty()) {
            return "(there are none)";
        }
        return closest(input, candidates)
                .map(candidate -> "(did you mean " + ErrorText.quote(candidate) + "?)")
                .orElse("(expected one of: " + String.join(", ", candidates) + ")");
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_. ]", "");
    }

    // Levenshtein distance, keeping only two rows of the table.
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
