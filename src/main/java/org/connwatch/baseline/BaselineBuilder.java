package org.connwatch.baseline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.connwatch.detect.peak.Flow;
import org.connwatch.detect.peak.HourShare;
import org.connwatch.records.Connection;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;

/**
 * Learns a {@link Baseline} from connection records, within {@link BaselineLimits}: what does
 * not fit is counted, never kept. Loopback records are ignored; inbound records only count. Not
 * thread-safe.
 *
 * <p>Per host (local address) it also learns the bytes sent and received in each hour of the week
 * ({@link HourVolumes}, UTC): each connection's bytes are split over the hours it spans in proportion to
 * the time it spent in each ({@link HourShare}), and every hour from the host's first to its last such
 * record counts as observed (zero when nothing moved). Only records that carry the bytes of one whole
 * connection over its own time span count (conn.log, capture, flow records): records of observer
 * {@code socket} are skipped, as a socket snapshot's byte counters are cumulative since the socket
 * opened and its first/last-seen times are those of the snapshots, so they say nothing about the hours
 * the bytes moved in (and repeated snapshots would count them again). Listeners, unknown byte counts and
 * hosts beyond {@link BaselineLimits#maxActors()} are skipped too.
 */
public final class BaselineBuilder {
    private final BaselineLimits limits;
    private final Map<Actor, Working> actors = new LinkedHashMap<>();
    private final Map<String, Set<String>> executables = new LinkedHashMap<>();
    private final Map<String, Volumes> volumes = new LinkedHashMap<>();
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

    /** One host's volumes while learning. */
    private static final class Volumes {
        final TreeMap<LocalDate, long[][]> weeks = new TreeMap<>();
        /** The first and last hour of this session's records, null before the first. */
        Instant first;
        Instant last;

        long[][] week(LocalDate week) {
            long[][] v = weeks.get(week);
            if (v == null) {
                if (weeks.size() >= HourVolumes.MAX_WEEKS && week.isBefore(weeks.firstKey())) {
                    return null; // older than every week kept
                }
                v = new long[2][HourVolumes.HOURS];
                Arrays.fill(v[0], HourVolumes.UNKNOWN);
                Arrays.fill(v[1], HourVolumes.UNKNOWN);
                weeks.put(week, v);
                while (weeks.size() > HourVolumes.MAX_WEEKS) {
                    weeks.pollFirstEntry();
                }
            }
            return v;
        }

        void add(Instant hour, Flow flow, long bytes) {
            long[][] v = week(HourVolumes.weekOf(hour));
            if (v != null) {
                int h = HourVolumes.hourOfWeek(hour);
                v[flow.ordinal()][h] = Math.max(0, v[flow.ordinal()][h]) + bytes;
            }
        }

        /** Marks every hour of this session's span as observed (zero when nothing moved in it). */
        void observeSpan() {
            if (first == null) {
                return;
            }
            Instant from = first;
            Instant oldest = HourVolumes.weekOf(last).minusWeeks(HourVolumes.MAX_WEEKS - 1L)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            if (from.isBefore(oldest)) {
                from = oldest;
            }
            for (Instant h = from; !h.isAfter(last); h = h.plus(Duration.ofHours(1))) {
                long[][] v = week(HourVolumes.weekOf(h));
                if (v != null) {
                    int i = HourVolumes.hourOfWeek(h);
                    v[0][i] = Math.max(0, v[0][i]);
                    v[1][i] = Math.max(0, v[1][i]);
                }
            }
        }
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
        baseline.volumes().forEach((host, v) -> {
            Volumes w = new Volumes();
            w.weeks.putAll(v.weeks());
            b.volumes.put(host, w);
        });
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
        if (role != ConnectionRole.LISTENER) {
            learnVolume(c);
        }
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

    private void learnVolume(Connection c) {
        if (c.observer() == ObserverType.SOCKET || c.remote().isWildcard()
                || (c.traffic().bytesSent() < 0 && c.traffic().bytesReceived() < 0)) {
            return;
        }
        String host = c.local().ip();
        Volumes v = volumes.get(host);
        if (v == null) {
            if (volumes.size() >= limits.maxActors()) {
                return;
            }
            v = new Volumes();
            volumes.put(host, v);
        }
        for (Flow flow : Flow.values()) {
            long bytes = flow.bytes(c.traffic());
            if (bytes >= 0) {
                for (HourShare share : HourShare.split(c.firstSeen(), c.lastSeen(), bytes, ZoneOffset.UTC)) {
                    v.add(share.hour(), flow, share.bytes());
                }
            }
        }
        Instant first = HourShare.hourOf(c.firstSeen(), ZoneOffset.UTC);
        Instant last = HourShare.hourOf(c.lastSeen(), ZoneOffset.UTC);
        if (c.lastSeen().isAfter(first) && last.equals(c.lastSeen())) {
            last = last.minus(Duration.ofHours(1)); // ends on the hour: the hour that starts then is not in it
        }
        v.first = v.first == null || first.isBefore(v.first) ? first : v.first;
        v.last = v.last == null || last.isAfter(v.last) ? last : v.last;
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
        Map<String, HourVolumes> learned = new LinkedHashMap<>();
        volumes.forEach((host, v) -> {
            v.observeSpan();
            learned.put(host, new HourVolumes(v.weeks));
        });
        return new Baseline(started, ended, records, profiles, executables, droppedActors, droppedExecutables,
                learned);
    }
}
