package org.connwatch.monitor;

import java.util.ArrayList;
import java.util.List;
import org.connwatch.enrich.AddressClassEnricher;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.enrich.DirectionEnricher;
import org.connwatch.enrich.ServiceEnricher;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.records.Connection;

/**
 * Enriches the monitor's records as {@code connwatch ls} does: direction (from the listeners of the
 * snapshot), service name, address class; and names the program of inbound connections whose socket no
 * process holds any more after the listener they came from ({@link ListenerOwners}). Reverse DNS is left
 * out: it would put network waits on the poll thread. Not thread-safe (the poll thread only).
 */
final class RecordEnricher {
    private final DirectionEnricher direction = new DirectionEnricher();
    private final ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
    private final AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
    private List<Connection> listeners = List.of();
    private ListenerOwners owners = ListenerOwners.NONE;

    /** A whole snapshot; its listeners are remembered to place the close events that follow. */
    List<Connection> snapshot(List<Connection> snapshot) {
        List<Connection> directed = direction.apply(snapshot);
        List<Connection> ls = new ArrayList<>();
        for (Connection c : directed) {
            if (c.state().isListening()) {
                ls.add(c);
            }
        }
        listeners = List.copyOf(ls);
        owners = ListenerOwners.of(ls);
        List<Connection> out = new ArrayList<>(directed.size());
        for (Connection c : directed) {
            out.add(owners.attribute(addressClass.enrich(service.enrich(c))));
        }
        return out;
    }

    /** Closed sockets from an event source, placed against the listeners of the latest snapshot. */
    List<Connection> closed(List<Connection> events) {
        if (events.isEmpty()) {
            return events;
        }
        List<Connection> both = new ArrayList<>(listeners.size() + events.size());
        both.addAll(listeners);
        both.addAll(events);
        List<Connection> directed = direction.apply(both);
        List<Connection> out = new ArrayList<>(events.size());
        for (Connection c : directed.subList(listeners.size(), directed.size())) {
            out.add(owners.attribute(addressClass.enrich(service.enrich(c))));
        }
        return out;
    }

    /** Records that come with their direction (captured flows): service and address class only. */
    Connection flow(Connection c) {
        return addressClass.enrich(service.enrich(c));
    }
}
