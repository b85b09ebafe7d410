package org.connwatch.policy;

import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * {@code role-violation}: a host or device uses an outbound service its role does not allow (a
 * printer making HTTPS connections, a camera sending mail), by the policy's inventory and roles.
 * Hosts the inventory does not name have the policy's default role ("unknown": anything goes).
 *
 * @param policy the inventory and roles
 */
public record RoleViolationDetector(PolicyEvaluator policy) implements PerConnectionDetector {
    public static final String ID = "role-violation";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "hosts using an outbound service their role in the policy does not allow (a printer using HTTPS)";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (c.direction() != Direction.OUTBOUND || c.enrichment().remoteClass() == AddressClass.LOOPBACK) {
            return Optional.empty();
        }
        return policy.roleViolation(c).map(why -> Finding.of(ID, Severity.HIGH, 70,
                why + (c.process() == null ? "" : "; the program is " + Phrases.program(c)), c));
    }
}
