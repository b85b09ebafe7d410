package org.connwatch.enrich;

import org.connwatch.records.Connection;

/**
 * One enrichment step: returns a new record, never mutates.
 *
 * <p>Implementations must be thread-safe: {@link #enrich} may be called from any thread, and
 * from several at once.
 */
@FunctionalInterface
public interface Enricher {

    /** The connection with what this step knows added; the same record when it adds nothing. */
    Connection enrich(Connection c);
}
