package org.connwatch.detect;

import java.util.List;
import org.connwatch.records.Connection;

/**
 * One check of the connections: it says which look wrong and why.
 *
 * <p>A detector sees a batch of records from any source: a snapshot of the socket table, the flows
 * of a capture, a conn.log, the monitor's history. Detectors that need time (beacons, peaks) use
 * the records' own timestamps, never the wall clock, so a replayed file gives what live
 * monitoring would have. Implementations are immutable and thread-safe.
 */
public interface Detector {

    /** The id used in findings, rules and the policy: lower-case words joined by '-'. */
    String id();

    /** What it flags, in one sentence, for help texts and docs/DETECTION.md. */
    String description();

    /** The findings about these connections; empty when nothing looks wrong. */
    List<Finding> detect(List<Connection> connections);
}
