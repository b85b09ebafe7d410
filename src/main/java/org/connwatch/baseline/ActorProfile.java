package org.connwatch.baseline;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.connwatch.records.Transport;

/** What one actor did while learning: its destinations and listeners, and how many records showed it. Immutable. */
public final class ActorProfile {
    private final Set<Destination> destinations;
    private final Set<Listener> listeners;
    private final long records;
    private final long droppedDestinations;
    private final long droppedListeners;
    private final Set<String> blocks = new HashSet<>();
    private final Set<String> domains = new HashSet<>();
    private final Set<String> ports = new HashSet<>();

    /**
     * @param destinations        the destinations seen
     * @param listeners           the listening ports seen
     * @param records             how many records of this actor were learned
     * @param droppedDestinations destinations left out because the cap was reached
     * @param droppedListeners    listeners left out because the cap was reached
     */
    public ActorProfile(Collection<Destination> destinations, Collection<Listener> listeners, long records,
                        long droppedDestinations, long droppedListeners) {
        this.destinations = Collections.unmodifiableSet(new LinkedHashSet<>(destinations));
        this.listeners = Collections.unmodifiableSet(new LinkedHashSet<>(listeners));
        if (records < 0 || droppedDestinations < 0 || droppedListeners < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        this.records = records;
        this.droppedDestinations = droppedDestinations;
        this.droppedListeners = droppedListeners;
        for (Destination d : this.destinations) {
            blocks.add(d.block());
            if (d.domain() != null) {
                domains.add(d.domain());
            }
            ports.add(portKey(d.transport(), d.port()));
        }
    }

    /** Several profiles as one (a program seen from several local addresses). */
    static ActorProfile merge(Collection<ActorProfile> profiles) {
        Set<Destination> d = new LinkedHashSet<>();
        Set<Listener> l = new LinkedHashSet<>();
        long r = 0;
        long dd = 0;
        long dl = 0;
        for (ActorProfile p : profiles) {
            d.addAll(p.destinations);
            l.addAll(p.listeners);
            r += p.records;
            dd += p.droppedDestinations;
            dl += p.droppedListeners;
        }
        return new ActorProfile(d, l, r, dd, dl);
    }

    public Set<Destination> destinations() {
        return destinations;
    }

    public Set<Listener> listeners() {
        return listeners;
    }

    public long records() {
        return records;
    }

    public long droppedDestinations() {
        return droppedDestinations;
    }

    public long droppedListeners() {
        return droppedListeners;
    }

    /** True when the actor talked to this address block (e.g. {@code 203.0.113.0/24}). */
    public boolean knowsBlock(String block) {
        return blocks.contains(block);
    }

    /** True when the actor talked to this domain (compared in lower case, without a trailing dot). */
    public boolean knowsDomain(String domain) {
        String d = Destination.normalDomain(domain);
        return d != null && domains.contains(d);
    }

    /** True when the actor used this destination port over this transport. */
    public boolean knowsPort(Transport transport, int port) {
        return ports.contains(portKey(transport, port));
    }

    private static String portKey(Transport t, int port) {
        return t.label() + "/" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActorProfile p && records == p.records && droppedDestinations == p.droppedDestinations
                && droppedListeners == p.droppedListeners && destinations.equals(p.destinations)
                && listeners.equals(p.listeners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinations, listeners, records, droppedDestinations, droppedListeners);
    }

    @Override
    public String toString() {
        return "ActorProfile[" + destinations.size() + " destinations, " + listeners.size() + " listeners, "
                + records + " records]";
    }
}
