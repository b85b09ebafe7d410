package org.connwatch.detect;

import java.util.List;
import org.connwatch.records.Connection;

/**
 * A last say over the findings of one run, such as a policy's allow, alert and deny rules: it may
 * drop findings and add its own. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface FindingReview {

    /** Leaves the findings as they are. */
    FindingReview NONE = (connections, findings) -> findings;

    /** The findings to report, given every connection of the run and the detectors' findings. */
    List<Finding> review(List<Connection> connections, List<Finding> findings);
}
