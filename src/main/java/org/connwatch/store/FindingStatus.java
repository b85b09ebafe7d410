package org.connwatch.store;

/** Where a finding stands with the user. */
public enum FindingStatus {
    /** Raised and not yet looked at. */
    OPEN,
    /** The user has seen it; it stays in the history and recurrences still update it, without alerting. */
    ACKNOWLEDGED,
    /** The user wrote an allow rule for it; the same connections raise nothing any more. */
    ALLOWED
}
