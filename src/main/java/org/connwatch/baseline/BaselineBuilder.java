package org.connwatch.baseline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;

/**
 * Learns a {@link Baseline} from connection records, within {@link BaselineLimits}: what does
 * not fit is counted, never kept. Loopback records are ignored; inbound records only count. Not
 * thread-safe.
 */
public final class BaselineBuilder {
    private final BaselineLimits limits;
    private final Map<Actor, Working> actors = new LinkedHashMap<>();
    private final Map<String, Set<String>> executables = new LinkedHashMap<>();
    private Instant started;
    private Instant ended;
    private long records;
    private long droppedActors;
    private long droppedExecutables;

    /** One actor while learning. */
    private static final class Working {
        final Set<Destination> destinations = new LinkedHashSet<>();
        final Set<Listener> listeners = new LinkedHashSet<>();
        long records;
        long droppedDestinations;
        long droppedListeners;
    }

    /** An empty builder with the default limits. */
    public BaselineBuilder() {
        this(BaselineLimits.defaults());
    }

    public BaselineBuilder(BaselineLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A builder that goes on from what a baseline already holds (to merge new records into it). */
    public static BaselineBuilder from(Baseline baseline, BaselineLimits limits) {
        BaselineBuilder b = new BaselineBuilder(limits);
        b.started = baseline.started().orElse(null);
        b.ended = baseline.ended().orElse(null);
        b.records = baseline.records();
        b.droppedActors = baseline.droppedActors();
        b.droppedExecutables = baseline.droppedExecutables();
        baseline.actors().forEach((actor, p) -> {
            Working w = new Working();
            w.destinations.addAll(p.destinations());
            w.listeners.addAll(p.listeners());
            w.records = p.records();
            w.droppedDestinations = p.droppedDestinations();
            w.droppedListeners = p.droppedListeners();
            b.actors.put(actor, w);
        });
        baseline.executables().forEach((path, hashes) -> b.executables.put(path, new LinkedHashSet<>(hashes)));
        return b;
    }

    /** Learns a batch of records (a snapshot, or the flows of a log). */
    public BaselineBuilder learn(List<Connection> connections) {
        connections.forEach(this::learn);
        return this;
    }

    /** Learns one record. */
    public BaselineBuilder learn(Connection c) {
        ConnectionRole role = ConnectionRole.of(c);
        if (role == ConnectionRole.IGNORED) {
            return this;
        }
        records++;
        started = started == null || c.firstSeen().isBefore(started) ? c.firstSeen() : started;
        ended = ended == null || c.lastSeen().isAfter(ended) ? c.lastSeen() : ended;
        learnExecutable(c.process());
        Actor actor = Actor.of(c);
        Working w = actors.get(actor);
        if (w == null) {
            if (actors.size() >= limits.maxActors()) {
                droppedActors++;
                return this;
            }
            w = new Working();
            actors.put(actor, w);
        }
        w.records++;
        switch (role) {
            case OUTGOING -> {
                Destination d = Destination.of(c);
                if (!w.destinations.contains(d)) {
                    if (w.destinations.size() < limits.maxDestinationsPerActor()) {
                        w.destinations.add(d);
                    } else {
                        w.droppedDestinations++;
                    }
                }
            }
            case LISTENER -> {
                Listener l = new Listener(c.transport(), c.local().port());
                if (!w.listeners.contains(l)) {
                    if (w.listeners.size() < limits.maxListenersPerActor()) {
                        w.listeners.add(l);
                    } else {
                        w.droppedListeners++;
                    }
                }
            }
            case INBOUND, IGNORED -> {
            }
        }
        return this;
    }

    private void learnExecutable(ProcessInfo p) {
        if (p == null || p.executable() == null || p.sha256() == null) {
            return;
        }
        Set<String> hashes = executables.get(p.executable());
        if (hashes == null) {
            if (executables.size() >= limits.maxExecutables()) {
                droppedExecutables++;
                return;
            }
            hashes = new LinkedHashSet<>();
            executables.put(p.executable(), hashes);
        }
        if (!hashes.contains(p.sha256())) {
            if (hashes.size() < limits.maxHashesPerExecutable()) {
                hashes.add(p.sha256());
            } else {
                droppedExecutables++;
            }
        }
    }

    /** How many records were learned so far, loopback left out. */
    public long records() {
        return records;
    }

    /** The baseline learned so far; the builder can go on learning. */
    public Baseline build() {
        Map<Actor, ActorProfile> profiles = new LinkedHashMap<>();
        actors.forEach((a, w) -> profiles.put(a, new ActorProfile(w.destinations, w.listeners, w.records,
                w.droppedDestinations, w.droppedListeners)));
        return new Baseline(started, ended, records, profiles, executables, droppedActors, droppedExecutables);
    }
}
