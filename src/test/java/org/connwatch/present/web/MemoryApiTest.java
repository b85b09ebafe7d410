package org.connwatch.present.web;

import java.nio.file.Path;
import org.connwatch.store.History;

/** The API over the in-memory history the other web tests use. */
class MemoryApiTest extends ApiContract {
    @Override
    History history(Path stateDir) {
        return new MemoryHistory();
    }
}
