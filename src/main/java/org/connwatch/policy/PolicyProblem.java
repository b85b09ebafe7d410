package org.connwatch.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One mistake in a policy file.
 *
 * @param file    the file, as it was named
 * @param line    the line, from 1; 0 when the mistake is about the whole file
 * @param field   the field, as a path such as {@code rules[2].match.remote.port}; null when none applies
 * @param message what is wrong, in words
 */
public record PolicyProblem(Path file, int line, String field, String message) {

    public PolicyProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        field = field == null || field.isEmpty() ? null : field;
    }

    /** {@code FILE:LINE: FIELD: problem}, leaving out what is not known. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : field + ": ") + message;
    }
}
