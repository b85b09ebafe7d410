package org.connwatch.policy;

import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * {@code unexpected-inbound}: an inbound connection, or a listener on a non-loopback address, on a
 * host whose role in the policy does not accept inbound traffic on that port. A listener bound to
 * loopback only is never flagged: nothing outside the machine can reach it.
 *
 * @param policy the inventory and roles
 */
public record UnexpectedInboundDetector(PolicyEvaluator policy) implements PerConnectionDetector {
    public static final String ID = "unexpected-inbound";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "inbound connections and non-loopback listeners on hosts whose role does not accept them";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if ((c.direction() != Direction.INBOUND && c.direction() != Direction.LISTENING)
                || c.local().address().isLoopbackAddress()) {
            return Optional.empty();
        }
        boolean listener = c.direction() == Direction.LISTENING;
        return policy.roleViolation(c).map(why -> Finding.of(ID, listener ? Severity.MEDIUM : Severity.HIGH,
                listener ? 55 : 70, why + (c.process() == null ? "" : "; the program is " + Phrases.program(c)), c));
    }
}
