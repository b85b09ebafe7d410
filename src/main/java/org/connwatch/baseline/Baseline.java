package org.connwatch.baseline;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.connwatch.detect.peak.LearnedVolumes;
import org.connwatch.records.Connection;
import org.connwatch.records.IpAddresses;

/**
 * What is normal on this host or network: per actor (a program on a host, or a host alone) the
 * destinations and listeners seen while learning, the SHA-256 of each executable, per host the
 * volume it moved in each hour of the week ({@link HourVolumes}), and when learning ran over how
 * many records. Immutable; made by {@link BaselineBuilder}, kept by
 * {@link BaselineStore}.
 */
public final class Baseline {
    /** A baseline that learned nothing: detectors given it report nothing. */
    public static final Baseline EMPTY = new Baseline(null, null, 0, Map.of(), Map.of(), 0, 0);

    private final Instant started;
    private final Instant ended;
    private final long records;
    private final Map<Actor, ActorProfile> actors;
    private final Map<String, Set<String>> executables;
    private final long droppedActors;
    private final long droppedExecutables;
    private final Map<String, HourVolumes> volumes;
    private final Map<String, ActorProfile> byProgram = new LinkedHashMap<>();

    /**
     * @param started            the first record's time, null when nothing was learned
     * @param ended              the last record's time, null when nothing was learned
     * @param records            how many records were learned
     * @param actors             each actor's profile
     * @param executables        executable path to the SHA-256 hashes seen for it
     * @param droppedActors      actors left out because the cap was reached
     * @param droppedExecutables executables (or extra hashes) left out because the cap was reached
     */
    public Baseline(Instant started, Instant ended, long records, Map<Actor, ActorProfile> actors,
                    Map<String, Set<String>> executables, long droppedActors, long droppedExecutables) {
        this(started, ended, records, actors, executables, droppedActors, droppedExecutables, Map.of());
    }

    /**
     * As the other constructor, with the volumes learned per host.
     *
     * @param volumes local address (as {@code local.ip}) to its volumes per hour of the week
     */
    public Baseline(Instant started, Instant ended, long records, Map<Actor, ActorProfile> actors,
                    Map<String, Set<String>> executables, long droppedActors, long droppedExecutables,
                    Map<String, HourVolumes> volumes) {
        if ((started == null) != (ended == null)) {
            throw new IllegalArgumentException("started and ended are both known or both unknown");
        }
        if (started != null && ended.isBefore(started)) {
            throw new IllegalArgumentException("learning ended " + ended + " before it started " + started);
        }
        if (records < 0 || droppedActors < 0 || droppedExecutables < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        this.started = started;
        this.ended = ended;
        this.records = records;
        this.actors = Collections.unmodifiableMap(new LinkedHashMap<>(actors));
        Map<String, Set<String>> exe = new LinkedHashMap<>();
        executables.forEach((path, hashes) -> {
            for (String h : hashes) {
                if (!h.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + h);
                }
            }
            exe.put(Objects.requireNonNull(path, "path"), Collections.unmodifiableSet(new LinkedHashSet<>(hashes)));
        });
        this.executables = Collections.unmodifiableMap(exe);
        this.droppedActors = droppedActors;
        this.droppedExecutables = droppedExecutables;
        Map<String, HourVolumes> vol = new LinkedHashMap<>();
        volumes.forEach((host, v) -> vol.put(Objects.requireNonNull(host, "host"), Objects.requireNonNull(v, "v")));
        this.volumes = Collections.unmodifiableMap(vol);
        Map<String, List<ActorProfile>> grouped = new LinkedHashMap<>();
        this.actors.forEach((a, p) -> {
            if (a.program() != null) {
                grouped.computeIfAbsent(a.program(), k -> new ArrayList<>()).add(p);
            }
        });
        grouped.forEach((program, profiles) -> byProgram.put(program, ActorProfile.merge(profiles)));
    }

    /** True when nothing was learned yet. */
    public boolean isEmpty() {
        return records == 0;
    }

    /** When the first learned record was seen. */
    public Optional<Instant> started() {
        return Optional.ofNullable(started);
    }

    /** When the last learned record was seen. */
    public Optional<Instant> ended() {
        return Optional.ofNullable(ended);
    }

    public long records() {
        return records;
    }

    public Map<Actor, ActorProfile> actors() {
        return actors;
    }

    /** Executable path to the SHA-256 hashes learned for it. */
    public Map<String, Set<String>> executables() {
        return executables;
    }

    public long droppedActors() {
        return droppedActors;
    }

    public long droppedExecutables() {
        return droppedExecutables;
    }

    /** Everything learning left out, over all actors. */
    public Dropped dropped() {
        long d = 0;
        long l = 0;
        for (ActorProfile p : actors.values()) {
            d += p.droppedDestinations();
            l += p.droppedListeners();
        }
        return new Dropped(droppedActors, d, l, droppedExecutables);
    }

    /**
     * What is normal for an actor. A program is judged on everything it did from any local
     * address (its IPv4 and IPv6 addresses, a wildcard listener), a host alone on what it did
     * itself; empty when the baseline never saw it.
     */
    public Optional<ActorProfile> profile(Actor actor) {
        if (actor.program() != null) {
            return Optional.ofNullable(byProgram.get(actor.program()));
        }
        return Optional.ofNullable(actors.get(actor));
    }

    /** True when the connection's program (or host) used its destination port and transport while learning. */
    public boolean learnedPort(Connection c) {
        return !c.remote().isWildcard()
                && profile(Actor.of(c)).map(p -> p.knowsPort(c.transport(), c.remote().port())).orElse(false);
    }

    /** True when the baseline has seen this actor (for a program: on any local address). */
    public boolean knows(Actor actor) {
        return profile(actor).isPresent();
    }

    /** The hashes learned for an executable path; empty when none was. */
    public Set<String> hashes(String executable) {
        return executables.getOrDefault(executable, Set.of());
    }

    /** Local address (as {@code local.ip}) to the volumes learned for it per hour of the week. */
    public Map<String, HourVolumes> volumes() {
        return volumes;
    }

    /** The volumes learned for a host (its local address as {@code local.ip}); empty when none were. */
    public Optional<HourVolumes> volumes(String host) {
        return Optional.ofNullable(volumes.get(host));
    }

    /** The volumes learned for a host; empty when none were. */
    public Optional<HourVolumes> volumes(InetAddress host) {
        return volumes(IpAddresses.format(host));
    }

    /** The learned volumes as the traffic-peak detector asks for them: per host, hour of the week and flow. */
    public LearnedVolumes learnedVolumes() {
        if (volumes.isEmpty()) {
            return LearnedVolumes.NONE;
        }
        return (host, hourOfWeek, flow) -> volumes(host).flatMap(v -> v.usual(hourOfWeek, flow));
    }

    /** How many destinations all actors have. */
    public long destinationCount() {
        return actors.values().stream().mapToLong(p -> p.destinations().size()).sum();
    }

    /** How many listeners all actors have. */
    public long listenerCount() {
        return actors.values().stream().mapToLong(p -> p.listeners().size()).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Baseline b && records == b.records && droppedActors == b.droppedActors
                && droppedExecutables == b.droppedExecutables && Objects.equals(started, b.started)
                && Objects.equals(ended, b.ended) && actors.equals(b.actors) && executables.equals(b.executables)
                && volumes.equals(b.volumes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(started, ended, records, actors, executables, droppedActors, droppedExecutables, volumes);
    }

    @Override
    public String toString() {
        return "Baseline[" + actors.size() + " actors, " + executables.size() + " executables, " + records
                + " records, " + started + " to " + ended + "]";
    }
}
