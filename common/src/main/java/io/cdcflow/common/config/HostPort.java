package io.cdcflow.common.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks {@code host[:port]} addresses. */
final class HostPort {
    private static final Pattern HOST_PORT =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_][A-Za-z0-9_.-]*)(?::(\\d{1,5}))?");
    private static final int MAX_PORT = 65_535;

    private HostPort() {
    }

    /** Whether {@code address} is a host name, IPv4 or bracketed IPv6 address, with a valid port. */
    static boolean isValid(String address, boolean portRequired) {
        Matcher matcher = HOST_PORT.matcher(address);
        if (!matcher.matches()) {
            return false;
        }
        String port = matcher.group(2);
        if (port == null) {
            return !portRequired;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= MAX_PORT;
    }
}
