package io.cdcflow.common.config;

import java.util.Locale;
import java.util.Objects;

/**
 * A password or secret key. Its {@link #toString()} is a mask, so that logging a configuration object
 * never prints the value; call {@link #reveal()} only where the value is handed to a client library.
 */
public final class Secret {
    private static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret value itself. */
    public String reveal() {
        return value;
    }

    /** Always {@code ******}. */
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The text shown in place of a secret value. */
    static String mask() {
        return MASK;
    }

    /** Whether a client property of this name holds a secret (a password or the JAAS config). */
    static boolean isSecretName(String propertyName) {
        String name = propertyName.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.equals("sasl.jaas.config");
    }
}
