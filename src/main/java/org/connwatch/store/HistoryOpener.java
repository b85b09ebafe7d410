package org.connwatch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the history kept in a state directory: how {@code connwatch serve} gets its {@link History}
 * ({@link #STANDARD}, the SQLite {@link HistoryStore}; a test hands in its own).
 */
public interface HistoryOpener {

    /** The {@link HistoryStore} in the state directory, keeping records for {@code retention}. */
    HistoryOpener STANDARD = (stateDir, retention) -> {
        try {
            return HistoryStore.open(stateDir, StoreSettings.DEFAULTS.withMaxAge(retention));
        } catch (HistoryException e) {
            throw new IOException(e.getMessage(), e);
        }
    };

    /**
     * Opens (creating or migrating when needed) the history in {@code stateDir}, keeping records for
     * {@code retention}.
     *
     * @throws IOException when the directory or the database cannot be opened, with the reason
     */
    History open(Path stateDir, Duration retention) throws IOException;
}
