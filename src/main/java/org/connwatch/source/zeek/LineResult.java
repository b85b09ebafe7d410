package org.connwatch.source.zeek;

import org.connwatch.records.Connection;

/** What one line of a Zeek log gave: a record, nothing (a header or blank line), a skip or an error. */
sealed interface LineResult {
    /** A header, comment or blank line: nothing to count. */
    LineResult NOTHING = new Nothing();

    /** A connection. */
    record Parsed(Connection connection) implements LineResult {
    }

    /** A well-formed line connwatch does not turn into a record; {@code reason} is one of a few fixed texts. */
    record Skipped(String reason) implements LineResult {
    }

    /** A line that does not parse; {@code reason} is escaped and short. */
    record Malformed(String reason) implements LineResult {
    }

    /** See {@link #NOTHING}. */
    record Nothing() implements LineResult {
    }
}
