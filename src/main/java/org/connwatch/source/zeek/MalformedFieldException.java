package org.connwatch.source.zeek;

/**
 * A conn.log line that cannot be read; the message says why, quoting line content only through
 * {@link Samples}. Thrown often on hostile input, so it carries no stack trace.
 */
final class MalformedFieldException extends Exception {
    MalformedFieldException(String message) {
        super(message, null, false, false);
    }
}
