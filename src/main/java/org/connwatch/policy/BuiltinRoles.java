package org.connwatch.policy;

import static org.connwatch.records.Transport.TCP;
import static org.connwatch.records.Transport.UDP;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The roles every policy starts with; a policy file may override any of them or add its own. */
public final class BuiltinRoles {
    /** The role of a host the inventory does not name: it may do anything, the detectors still judge it. */
    public static final String UNKNOWN = "unknown";

    private static final List<PortRange> DNS = List.of(PortRange.of(53), PortRange.of(853, TCP));
    private static final List<PortRange> NTP = List.of(PortRange.of(123, UDP));
    private static final List<PortRange> WEB = List.of(PortRange.of(80, TCP), PortRange.of(443));

    private BuiltinRoles() {
    }

    /** The built-in roles by name, in a stable order. */
    public static Map<String, Role> all() {
        Map<String, Role> roles = new LinkedHashMap<>();
        add(roles, new Role("printer", ports(DNS, NTP, List.of(PortRange.of(631))),
                PortSet.of(PortRange.of(631), PortRange.of(9100, TCP), PortRange.of(515, TCP)), false));
        add(roles, new Role("camera", ports(DNS, NTP, List.of(PortRange.of(443))),
                PortSet.of(PortRange.of(554), PortRange.of(80, TCP), PortRange.of(443, TCP)), false));
        add(roles, new Role("mailserver", ports(DNS, NTP,
                List.of(PortRange.of(80, TCP), PortRange.of(443), PortRange.of(25, TCP))),
                PortSet.of(PortRange.of(25, TCP), PortRange.of(465, TCP), PortRange.of(587, TCP),
                        PortRange.of(143, TCP), PortRange.of(993, TCP), PortRange.of(110, TCP),
                        PortRange.of(995, TCP)), true));
        add(roles, new Role("server", ports(DNS, NTP, WEB), PortSet.ANY, false));
        add(roles, new Role("workstation", ports(DNS, NTP, List.of(PortRange.of(80, TCP),
                PortRange.of(443), PortRange.of(465, TCP),
                PortRange.of(587, TCP), PortRange.of(993, TCP), PortRange.of(995, TCP), PortRange.of(143, TCP),
                PortRange.of(110, TCP), PortRange.of(22, TCP))), PortSet.NONE, false));
        add(roles, new Role("iot", ports(DNS, NTP, List.of(PortRange.of(443, TCP), PortRange.of(8883, TCP))),
                PortSet.NONE, false));
        add(roles, new Role(UNKNOWN, PortSet.ANY, PortSet.ANY, false));
        return Collections.unmodifiableMap(roles);
    }

    private static void add(Map<String, Role> roles, Role role) {
        roles.put(role.name(), role);
    }

    private static PortSet ports(List<PortRange> first, List<PortRange> second, List<PortRange> third) {
        return PortSet.of(Stream.of(first, second, third).flatMap(List::stream).toList());
    }
}
