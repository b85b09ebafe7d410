package org.connwatch.policy;

import java.util.Locale;

/** What a policy rule does with a connection it matches. */
public enum Action {
    /** The connection is expected: findings about it are suppressed. */
    ALLOW,
    /** The connection is worth a look: a {@code policy} finding with the rule's reason. */
    ALERT,
    /** The connection is forbidden: a high {@code policy} finding, and the future blocker stops it. */
    DENY;

    /** The lower-case name used in policy files: {@code allow}, {@code alert}, {@code deny}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
