package org.connwatch.enrich;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.connwatch.records.Connection;

/**
 * Sets {@code enrichment.remoteDomain} by reverse DNS for a whole snapshot, each distinct remote
 * address asked once and all within one time budget. A domain a source already set (the name the
 * client looked up) is kept, and wildcard or unspecified remotes are not looked up.
 */
public final class ReverseDnsEnricher {
    private final ReverseDns dns;
    private final Duration timeout;

    public ReverseDnsEnricher(ReverseDns dns, Duration timeout) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The snapshot, in the same order, with the names found within the time budget. */
    public List<Connection> apply(List<Connection> snapshot) {
        Set<InetAddress> wanted = new LinkedHashSet<>();
        for (Connection c : snapshot) {
            if (wantsName(c)) {
                wanted.add(c.remote().address());
            }
        }
        Map<InetAddress, String> names = wanted.isEmpty() ? Map.of() : dns.resolveAll(wanted, timeout);
        return snapshot.stream().map(c -> named(c, names)).toList();
    }

    private static boolean wantsName(Connection c) {
        return c.enrichment().remoteDomain() == null && !c.remote().isWildcard()
                && !c.remote().address().isAnyLocalAddress();
    }

    private static Connection named(Connection c, Map<InetAddress, String> names) {
        String name = wantsName(c) ? names.get(c.remote().address()) : null;
        return name == null ? c : c.withEnrichment(c.enrichment().withRemoteDomain(name));
    }
}
