package org.connwatch.detect.blocklist;

import java.util.Locale;

/** Domain names as block lists and lookups compare them: lower case, no trailing dot, IDN left as is. */
final class DomainNames {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DomainNames() {
    }

    /** The name for comparing: stripped, lower case, one trailing dot dropped; null when nothing is left. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String s = name.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }

    /** A list entry without its leading {@code *.} or {@code .}: both mean "and its subdomains", as no prefix does. */
    static String wildcardless(String entry) {
        return entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1) : entry;
    }

    /**
     * Why this normalized name cannot be a domain, or null when it can: labels of letters (any
     * script), digits, {@code -} and {@code _}, none empty or over 63 characters, 253 in all.
     */
    static String problem(String name) {
        if (name.length() > MAX_NAME) {
            return "a domain name has at most " + MAX_NAME + " characters";
        }
        int label = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return "empty label in a domain name";
                }
                label = 0;
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || Character.isSurrogate(c)
                    || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
                if (++label > MAX_LABEL) {
                    return "a domain label has at most " + MAX_LABEL + " characters";
                }
            } else {
                return "'" + (c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c))
                        + "' cannot be in a domain name";
            }
        }
        return label == 0 ? "empty label in a domain name" : null;
    }
}
