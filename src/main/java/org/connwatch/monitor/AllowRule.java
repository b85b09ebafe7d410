package org.connwatch.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import org.connwatch.detect.Finding;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.IpAddresses;

/**
 * The conditions of the allow rule written for a finding (as {@code connwatch ack} writes them): the
 * program (its executable, else its name, when the policy's patterns can spell it), the direction, and
 * the place: the remote address and the destination port for an outbound connection, the local port and
 * the remote address for an inbound one, the local port for a listener. For a finding about several
 * connections, the ports are left out when they differ.
 */
final class AllowRule {
    private static final String NOT_IN_PATTERNS = "[]{}\\";

    private AllowRule() {
    }

    static Map<String, String> conditions(Finding f) {
        Connection c = f.connections().get(0);
        Map<String, String> m = new LinkedHashMap<>();
        if (c.process() != null) {
            if (spellable(c.process().executable())) {
                m.put("process.executable", c.process().executable());
            } else if (spellable(c.process().name())) {
                m.put("process.name", c.process().name());
            }
        }
        m.put("network.transport", c.transport().label());
        if (c.direction() != Direction.UNKNOWN) {
            m.put("network.direction", c.direction().label());
        }
        boolean samePorts = f.connections().stream().allMatch(x -> x.destination().port() == c.destination().port());
        if (c.direction() == Direction.LISTENING) {
            m.put("local.port", Integer.toString(c.local().port()));
            return m;
        }
        boolean allSameRemote = f.connections().stream().allMatch(x -> x.remote().address().equals(c.remote().address()));
        if (allSameRemote) {
            m.put("remote.ip", IpAddresses.format(c.remote().address()));
        }
        if (samePorts) {
            m.put("destination.port", Integer.toString(c.destination().port()));
        }
        return m;
    }

    private static boolean spellable(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        for (char ch : text.toCharArray()) {
            if (NOT_IN_PATTERNS.indexOf(ch) >= 0 || Character.isISOControl(ch)) {
                return false;
            }
        }
        return true;
    }
}
