package org.connwatch.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.connwatch.detect.Finding;
import org.connwatch.detect.FindingReview;
import org.connwatch.records.Connection;

/**
 * Applies the policy's rules to one run's findings, each connection decided by the first rule that
 * matches it: {@code allow} drops the findings whose connections are all allowed, {@code alert} and
 * {@code deny} add a {@code policy} finding with the rule's reason.
 *
 * @param policy the rules
 */
public record PolicyReview(PolicyEvaluator policy) implements FindingReview {

    @Override
    public List<Finding> review(List<Connection> connections, List<Finding> findings) {
        if (policy.policy().rules().isEmpty()) {
            return findings;
        }
        Set<Connection> allowed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Finding> out = new ArrayList<>();
        for (Connection c : connections) {
            policy.decide(c).ifPresent(d -> {
                if (d.suppressesFindings()) {
                    allowed.add(c);
                }
                d.finding().ifPresent(out::add);
            });
        }
        for (Finding f : findings) {
            if (!allowed.containsAll(f.connections())) {
                out.add(f);
            }
        }
        return out;
    }
}
