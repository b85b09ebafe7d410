package org.connwatch.cli;

import java.time.Duration;
import java.util.List;
import org.connwatch.enrich.AddressClassEnricher;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.enrich.DirectionEnricher;
import org.connwatch.enrich.ReverseDns;
import org.connwatch.enrich.ReverseDnsEnricher;
import org.connwatch.enrich.ServiceEnricher;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.present.ConnectionFilter;
import org.connwatch.present.ConnectionSort;
import org.connwatch.records.Connection;

/**
 * The steps between a snapshot and what {@code ls} and {@code scan} show: direction, service and
 * address class, then the filter, then (only for what is shown) reverse DNS, then the sort.
 */
final class ConnectionPipeline {
    private final DirectionEnricher direction = new DirectionEnricher();
    private final ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
    private final AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
    private final ReverseDnsEnricher dns;

    /** @param dns reverse DNS, or null not to resolve */
    ConnectionPipeline(ReverseDns dns, Duration dnsTimeout) {
        this.dns = dns == null ? null : new ReverseDnsEnricher(dns, dnsTimeout);
    }

    /** Enriches a snapshot, keeps what the filter lets through, then names the remote ends (when asked). */
    List<Connection> prepare(List<Connection> snapshot, ConnectionFilter filter) {
        List<Connection> shown = direction.apply(snapshot).stream()
                .map(service::enrich)
                .map(addressClass::enrich)
                .filter(filter)
                .toList();
        return dns == null ? shown : dns.apply(shown);
    }

    /** {@link #prepare}, then sorted. */
    List<Connection> process(List<Connection> snapshot, ConnectionFilter filter, ConnectionSort order) {
        return order.sort(prepare(snapshot, filter));
    }
}
