package org.connwatch.cli;

/** A wrong argument found after parsing (a value that parses but makes no sense): exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
