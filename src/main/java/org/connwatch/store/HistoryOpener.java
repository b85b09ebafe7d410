package org.connwatch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the history kept in a state directory: how {@code connwatch serve} gets its {@link History}
 * without knowing the embedded database behind it. The store registers its implementation in
 * {@code META-INF/services/org.connwatch.store.HistoryOpener}.
 */
public interface HistoryOpener {

    /**
     * Opens (creating or migrating when needed) the history in {@code stateDir}, keeping records for
     * {@code retention}.
     *
     * @throws IOException when the directory or the database cannot be opened, with the reason
     */
    History open(Path stateDir, Duration retention) throws IOException;
}
