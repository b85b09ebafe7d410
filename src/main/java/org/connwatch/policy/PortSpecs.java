package org.connwatch.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.records.Transport;

/**
 * Reads the port entries of a role: {@code N}, {@code N-M}, either with {@code /tcp} or {@code /udp},
 * or a service name from the port registry ({@code https}, {@code ipp}; {@code dns} stands for
 * {@code domain}), which means its TCP and its UDP port.
 */
final class PortSpecs {
    private static final Map<String, String> ALIASES = Map.of("dns", "domain", "smtps", "submissions",
            "imap", "imap2", "www", "http");

    private final ServiceRegistry services;

    PortSpecs(ServiceRegistry services) {
        this.services = services;
    }

    /**
     * The ranges one entry stands for.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    List<PortRange> parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Transport only = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String proto = s.substring(slash + 1);
            only = switch (proto) {
                case "tcp" -> Transport.TCP;
                case "udp" -> Transport.UDP;
                case "sctp" -> Transport.SCTP;
                default -> throw new IllegalArgumentException("'" + text + "': unknown protocol '" + proto
                        + "' (use tcp, udp or sctp)");
            };
            s = s.substring(0, slash);
        }
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
            PortRange r = PortRange.parse(s);
            return List.of(new PortRange(r.from(), r.to(), only));
        }
        List<PortRange> out = new ArrayList<>();
        for (Transport t : only == null ? List.of(Transport.TCP, Transport.UDP) : List.of(only)) {
            port(s, t).ifPresent(p -> out.add(PortRange.of(p, t)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is neither a port (N, N-M, N/tcp) nor a service "
                    + "name the port registry knows" + (only == null ? "" : " for " + only.label()));
        }
        return out;
    }

    /**
     * A service name as rules compare it: lower-case, with the common aliases the registry spells
     * otherwise ({@code dns} is {@code domain}), so a record named by Zeek's protocol detection
     * ({@code dns}) meets a rule written either way.
     */
    static String canonical(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(s, s);
    }

    /** The registry's name for a service ({@code dns} is {@code domain}); empty when the registry does not know it. */
    Optional<String> serviceName(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        for (String candidate : List.of(s, ALIASES.getOrDefault(s, s))) {
            if (services.port(candidate, Transport.TCP).isPresent() || services.port(candidate, Transport.UDP).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Optional<Integer> port(String name, Transport t) {
        return services.port(name, t).or(() -> Optional.ofNullable(ALIASES.get(name))
                .flatMap(real -> services.port(real, t)));
    }
}
