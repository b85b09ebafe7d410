package org.connwatch.present.web;

import java.nio.file.Path;
import org.connwatch.store.History;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;

/** The API over the real history: the SQLite store {@code connwatch serve} writes. */
class StoreApiTest extends ApiContract {
    @Override
    History history(Path stateDir) {
        return HistoryStore.open(stateDir, StoreSettings.DEFAULTS);
    }
}
