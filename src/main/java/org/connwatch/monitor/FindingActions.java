package org.connwatch.monitor;

import java.util.Optional;
import org.connwatch.policy.PolicyException;
import org.connwatch.store.FindingState;

/** What the user can do about a finding from the dashboard or the API. Thread-safe. */
public interface FindingActions {

    /**
     * Marks the finding as seen: it stays in the history, recurrences still update it but alert no
     * more. Empty when there is no such finding.
     */
    Optional<FindingState> acknowledge(long findingId, String note);

    /**
     * Writes an allow rule for the finding's connection into the policy (as {@code connwatch ack}
     * does), reloads the policy so the same connections raise nothing more, and marks the finding
     * allowed. Empty when there is no such finding.
     *
     * @throws PolicyException when the policy, with the rule, would not load (nothing is written then)
     */
    Optional<FindingState> allow(long findingId, String reason) throws PolicyException;
}
