package org.connwatch.detect;

import java.util.Locale;

/** How bad a finding is, from worth knowing to act now. Ordered: a later constant is worse. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in reports and exports: {@code high}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ECS {@code event.severity} number: 1 (info) to 5 (critical). */
    public int number() {
        return ordinal() + 1;
    }
}
