package org.connwatch.detect.rules;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;

/**
 * {@code unusual-port}: an outbound connection to a destination port outside the usual set, and
 * outside what was learned for that program or host (after {@code connwatch learn}). Almost
 * all legitimate outbound traffic is web, DNS, mail or NTP; anything else deserves a look.
 * Loopback is never flagged (programs talking to themselves); a public remote is worse than a
 * private one.
 *
 * @param usualTcp TCP destination ports that are usual
 * @param usualUdp UDP destination ports that are usual
 * @param learned  true when the connection's program or host used this port while learning (then it
 *                 is usual for it): the baseline's answer, or never without one
 */
public record UnusualPortDetector(Set<Integer> usualTcp, Set<Integer> usualUdp, Predicate<Connection> learned)
        implements PerConnectionDetector {
    public static final String ID = "unusual-port";

    /** Web, DNS (and over TLS), mail submission and retrieval, NTP, DHCP, QUIC. */
    public static UnusualPortDetector defaults() {
        return new UnusualPortDetector(Set.of(80, 443, 53, 853, 25, 465, 587, 110, 995, 143, 993),
                Set.of(53, 123, 443, 67, 68));
    }

    public UnusualPortDetector {
        usualTcp = Set.copyOf(usualTcp);
        usualUdp = Set.copyOf(usualUdp);
        java.util.Objects.requireNonNull(learned, "learned");
    }

    /** With nothing learned. */
    public UnusualPortDetector(Set<Integer> usualTcp, Set<Integer> usualUdp) {
        this(usualTcp, usualUdp, c -> false);
    }

    /** The same ports, and what the baseline learned about each program's ports. */
    public UnusualPortDetector withLearned(Predicate<Connection> knownPort) {
        return new UnusualPortDetector(usualTcp, usualUdp, knownPort);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "outbound connections to a destination port outside the usual web, DNS, mail and NTP ports";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (c.direction() != Direction.OUTBOUND || c.remote().isWildcard()) {
            return Optional.empty();
        }
        AddressClass cls = c.enrichment().remoteClass();
        if (cls == AddressClass.LOOPBACK || cls == AddressClass.MULTICAST || cls == AddressClass.BROADCAST) {
            return Optional.empty();
        }
        int port = c.remote().port();
        Set<Integer> usual = switch (c.transport()) {
            case TCP, SCTP -> usualTcp;
            case UDP -> usualUdp;
            case ICMP, ICMPV6 -> null;
        };
        if (usual == null || usual.contains(port) || learned.test(c)) {
            return Optional.empty();
        }
        boolean publicRemote = cls == AddressClass.PUBLIC;
        String service = c.enrichment().serviceName();
        String reason = Phrases.program(c) + " connects to " + Phrases.remote(c) + " (" + Phrases.remoteClass(c)
                + "); port " + port + (service == null ? "" : " (" + service + ")")
                + " is not a usual " + c.transport().label() + " port for outbound traffic (web, DNS, mail, NTP)";
        return Optional.of(Finding.of(ID, publicRemote ? Severity.MEDIUM : Severity.LOW,
                publicRemote ? 50 : 25, reason, c));
    }
}
