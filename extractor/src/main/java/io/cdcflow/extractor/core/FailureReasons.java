package io.cdcflow.extractor.core;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Short, secret-free descriptions of failures for run events and end markers: the failure's own
 * message plus its root cause's when that says something more, with every known secret value
 * masked. Thread-safe.
 */
public final class FailureReasons {
    static final int MAX_LENGTH = 500;
    private static final String MASK = "******";

    private final List<String> secrets;

    /** @param secrets values that must never appear in a reason (passwords); blanks are ignored */
    public FailureReasons(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    /** The reason for {@code failure}, at most {@value #MAX_LENGTH} characters. */
    public String describe(Throwable failure) {
        String text = message(failure);
        Throwable root = rootCause(failure);
        if (root != failure) {
            String rootText = message(root);
            if (!text.contains(root.getMessage() == null ? rootText : root.getMessage())) {
                text = text + " (caused by " + rootText + ")";
            }
        }
        String masked = mask(text);
        return masked.length() > MAX_LENGTH ? masked.substring(0, MAX_LENGTH - 3) + "..." : masked;
    }

    /** The text with every known secret value replaced by a mask. */
    public String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }

    private static Throwable rootCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }
}
