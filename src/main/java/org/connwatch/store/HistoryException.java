package org.connwatch.store;

/**
 * The history store cannot do what was asked: the database cannot be opened or written, or was written
 * by a newer connwatch. The message is one line meant for the user.
 */
public final class HistoryException extends RuntimeException {

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
