package io.cdcflow.common.config;

import java.util.regex.Pattern;

/** Checks names that end up in SQL, topic names or object keys. */
final class Identifiers {
    private static final int MAX_IDENTIFIER_LENGTH = 128;

    // Datasource and table keys become parts of topic names and object keys, joined with dots.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private Identifiers() {
    }

    /**
     * Checks a schema, table or column name: it is quoted, never spliced raw, into SQL, so only
     * emptiness, length and control characters (which no database allows) are rejected.
     *
     * @return whether the identifier is valid
     */
    static boolean checkIdentifier(ParseContext context, String path, String identifier) {
        if (identifier.isEmpty()) {
            context.error(path, "must not be empty");
            return false;
        }
        if (identifier.length() > MAX_IDENTIFIER_LENGTH) {
            context.error(path, "must be at most " + MAX_IDENTIFIER_LENGTH + " characters (was "
                    + identifier.length() + ")");
            return false;
        }
        if (identifier.chars().anyMatch(Character::isISOControl)) {
            context.error(path, "must not contain control characters");
            return false;
        }
        return true;
    }

    /** Checks the key of a datasource or table entry, reporting at the entry's path. */
    static boolean checkName(ParseContext context, String path, String name) {
        if (!NAME.matcher(name).matches()) {
            context.error(path, "name must be 1 to 100 characters from A-Z, a-z, 0-9, \"_\" and \"-\"");
            return false;
        }
        return true;
    }
}
