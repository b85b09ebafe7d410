package org.connwatch.policy;

import java.net.InetAddress;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.connwatch.detect.Phrases;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;

/**
 * Applies a {@link Policy} to connections. Thread-safe: it holds no mutable state.
 *
 * <p>Order of evaluation: the rules are tried in file order and the first whose conditions all hold
 * decides ({@link #decide}); a rule list value means any one of the values. {@code allow} drops every
 * finding about the connection, {@code alert} adds a medium {@code policy} finding, {@code deny} a high
 * one and marks the connection for the blocker. Without a matching rule, the detectors judge the
 * connection, and the role of its host ({@link #roleViolation}) may add a finding of its own.
 *
 * @param policy   the policy
 * @param zone     the time zone of the rules' {@code time} windows (the machine's own, normally)
 * @param machine  the machine whose own sockets are judged ({@link MachineIdentity#NONE} for
 *                 records of other hosts, a conn.log): a socket whose local address no entry names
 *                 (the wildcard, loopback, an address left out) belongs to the entry that names
 *                 the machine by one of its addresses, MACs or its host name
 */
public record PolicyEvaluator(Policy policy, ZoneId zone, MachineIdentity machine) implements Condition.Context {

    public PolicyEvaluator {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(machine, "machine");
    }

    /** An evaluator for records of any host (no machine). */
    public PolicyEvaluator(Policy policy, ZoneId zone) {
        this(policy, zone, MachineIdentity.NONE);
    }

    /** The same evaluator for the sockets of this machine. */
    public PolicyEvaluator onMachine(MachineIdentity identity) {
        return new PolicyEvaluator(policy, zone, identity);
    }

    /**
     * The inventory entry of a connection's local end: by its address; else, for this machine's own
     * sockets, the entry naming the machine by one of its addresses, MACs or its host name.
     */
    public Optional<InventoryEntry> hostOfLocal(InetAddress local) {
        Optional<InventoryEntry> direct = hostOf(local);
        if (direct.isPresent() || machine == MachineIdentity.NONE) {
            return direct;
        }
        return machine.addresses().stream().map(this::hostOf).flatMap(Optional::stream).findFirst()
                .or(() -> machine.macs().stream().map(this::hostByMac).flatMap(Optional::stream).findFirst())
                .or(() -> machine.hostName() == null ? Optional.empty() : hostByName(machine.hostName()));
    }

    /**
     * The inventory entry of the connection's local host. A device a packet source saw is found by its
     * MAC address first, then by the host name it gave in DHCP (addresses handed out by DHCP change,
     * these do not); then, as for any connection, by {@link #hostOfLocal(InetAddress) its address}.
     */
    public Optional<InventoryEntry> hostOfLocal(Connection c) {
        return hostOfDevice(c).or(() -> hostOfLocal(c.local().address()));
    }

    /** The inventory entry of a captured flow's local device, by MAC address, then by DHCP host name. */
    private Optional<InventoryEntry> hostOfDevice(Connection c) {
        Device device = c.flow() == null ? Device.NONE : c.flow().local();
        Optional<InventoryEntry> entry = device.mac() == null ? Optional.empty() : hostByMac(device.mac());
        return entry.isEmpty() && device.hostName() != null ? hostByName(device.hostName()) : entry;
    }

    /** An evaluator in the system's time zone. */
    public static PolicyEvaluator of(Policy policy) {
        return new PolicyEvaluator(policy, ZoneId.systemDefault());
    }

    /**
     * The inventory entry whose address or block contains the address: the most specific block wins
     * (a /32 entry beats a /24 one), then the earlier entry.
     */
    public Optional<InventoryEntry> hostOf(InetAddress address) {
        InventoryEntry best = null;
        int bestPrefix = -1;
        for (InventoryEntry e : policy.inventory()) {
            int prefix = e.prefixFor(address).orElse(-1);
            if (prefix > bestPrefix) {
                best = e;
                bestPrefix = prefix;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The first inventory entry with this MAC address (for capture sources). */
    public Optional<InventoryEntry> hostByMac(String mac) {
        return policy.inventory().stream().filter(e -> e.hasMac(mac)).findFirst();
    }

    /** The first inventory entry whose host name pattern matches ({@code host.name}, DHCP names). */
    public Optional<InventoryEntry> hostByName(String hostName) {
        return policy.inventory().stream().filter(e -> e.hasHostName(hostName)).findFirst();
    }

    /** The role of the connection's local host: its inventory entry's, else the policy's default role. */
    @Override
    public Role roleOf(Connection c) {
        String name = hostOfLocal(c).map(InventoryEntry::role).orElse(policy.defaultRole());
        return policy.roles().get(name);
    }

    /** The first rule, in file order, whose conditions the connection all meets. */
    public Optional<Rule> firstMatch(Connection c) {
        return policy.rules().stream().filter(r -> r.matches(c, this)).findFirst();
    }

    /** The decision of the first matching rule; empty when no rule matches. */
    public Optional<PolicyDecision> decide(Connection c) {
        return firstMatch(c).map(r -> new PolicyDecision(r, c));
    }

    /**
     * Why the connection breaks its host's role, in one sentence; empty when the role allows it. Outbound:
     * the destination port must be among the role's outbound ports (direct SMTP to port 25 also needs
     * {@code sends-mail});
     * inbound and listening: the local port among its inbound ports. Other directions are not judged.
     */
    public Optional<String> roleViolation(Connection c) {
        Role role = roleOf(c);
        String host = hostOfLocal(c).map(e -> e.name() + " (" + article(role.name()) + ")")
                .orElse(Phrases.localHost(c) + " (" + article(role.name()) + ")");
        Transport t = c.transport();
        if (t == Transport.ICMP || t == Transport.ICMPV6) {
            return Optional.empty();
        }
        if (isDhcp(c)) {
            return Optional.empty(); // every device asks for its address; no role lists it
        }
        // INTERNAL (a sensor saw both ends inside): the local end is the initiator, judged as outbound.
        if ((c.direction() == Direction.OUTBOUND || c.direction() == Direction.INTERNAL) && !c.remote().isWildcard()) {
            int port = c.remote().port();
            if (!role.allowsOutbound(t, port)) {
                return Optional.of(host + " connects to " + c.remote() + " over " + t.label() + ", a port "
                        + article(role.name()) + " is not expected to use (it may use " + role.outbound() + ")");
            }
            if (t == Transport.TCP && port == 25 && !role.sendsMail() && !role.outbound().any()) {
                return Optional.of(host + " sends mail to " + c.remote() + ", and " + article(role.name())
                        + " is not expected to send mail");
            }
        } else if (c.direction() == Direction.INBOUND || c.direction() == Direction.LISTENING) {
            int port = c.local().port();
            if (!role.acceptsInbound(t, port)) {
                String what = c.direction() == Direction.LISTENING ? " listens on " + t.label() + " port " + port
                        : " accepts a connection from " + c.remote() + " on " + t.label() + " port " + port;
                return Optional.of(host + what + ", which " + article(role.name()) + " is not expected to accept"
                        + " (it may accept " + role.inbound() + ")");
            }
        }
        return Optional.empty();
    }

    /** A DHCP or DHCPv6 client's request (UDP to port 67 or 547, from 68 or 546). */
    private static boolean isDhcp(Connection c) {
        if (c.transport() != Transport.UDP || c.remote().isWildcard()) {
            return false;
        }
        int to = c.destination().port();
        int from = c.source().map(e -> e.port()).orElse(-1);
        return (to == 67 && from == 68) || (to == 547 && from == 546);
    }

    /** The address blocks of the hosts whose role sends mail (for {@code smtp-not-mailserver}). */
    public List<Cidr> mailServers() {
        return policy.inventory().stream()
                .filter(e -> policy.roles().get(e.role()).sendsMail())
                .flatMap(e -> e.matchers().stream())
                .filter(m -> m instanceof HostMatcher.Address)
                .map(m -> ((HostMatcher.Address) m).block())
                .sorted(Comparator.comparing(Cidr::toString))
                .toList();
    }

    /**
     * True when a captured flow comes from a device whose inventory entry, found by MAC address or
     * DHCP host name, has a role that sends mail. (Mail servers known by address are in {@link #mailServers()}.)
     */
    public boolean isMailServerDevice(Connection c) {
        return hostOfDevice(c).map(e -> policy.roles().get(e.role()).sendsMail()).orElse(false);
    }

    /** The detectors' settings. */
    public DetectorSettings detectors() {
        return policy.detectors();
    }

    private static String article(String role) {
        return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
    }
}
