package org.connwatch.act.alert;

import java.time.Instant;
import java.util.Objects;
import org.connwatch.detect.Severity;
import org.connwatch.store.FindingState;

/**
 * An alert about one finding.
 *
 * @param state the finding as the monitor keeps it (id, occurrences, status, first and last seen)
 * @param isNew true when it was raised for the first time, false for a recurrence
 * @param at    when the alert was made
 */
public record FindingAlert(FindingState state, boolean isNew, Instant at) implements Alert {

    public FindingAlert {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Severity severity() {
        return state.latest().severity();
    }

    @Override
    public String ruleId() {
        return state.latest().detector();
    }

    @Override
    public String message() {
        return state.latest().reason();
    }
}
