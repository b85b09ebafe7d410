package org.connwatch.detect.peak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * {@code traffic-peak}: a host that sent (or received) far more in an hour than is normal for it at that
 * hour, such as an upload at 3 a.m. from a machine that is quiet at night. Works on a history (a conn.log,
 * a capture, the monitor's history), by the records' own times, never the wall clock.
 *
 * <ol>
 *   <li>Records are grouped by local host ({@code local.ip}). Listeners and loopback are left out; records
 *       of one connection seen more than once (same transport, ends and first-seen time, as repeated
 *       snapshots give) count once, the last seen. A flow whose byte count is unknown is skipped.
 *   <li>Each connection's bytes are spread over the hours it spans in proportion to the time it spent in
 *       each ({@link HourShare}); hours inside the host's history without traffic count as zero.
 *   <li>Sent and received are judged apart. An hour is compared with the same hour of the week in other
 *       weeks when there are at least {@link PeakSettings#minComparable()} of them, else with the same hour
 *       of the day on other days, else with all the host's other hours (their 90th percentile is then the
 *       usual volume); a host whose history spans fewer than {@link PeakSettings#minHistoryHours()} hours
 *       is not judged. It is a peak when it moved at least {@link PeakSettings#minBytesPerHour()}, at least
 *       {@link PeakSettings#factor()} times the usual volume (the median) and more than the median plus
 *       {@link PeakSettings#madFactor()} median absolute deviations.
 *   <li>Consecutive peak hours of one host and flow make one finding, about the connections that carried
 *       most of the bytes (the largest first, until they carried 80 % or there are
 *       {@link PeakSettings#maxConnections()}); the reason names the program and remote end that carried
 *       the largest part.
 * </ol>
 *
 * <p>Severity: high for a sent peak (data leaving), medium for a received one. Score: 60 for sent, 40 for
 * received, plus 10 for every tenfold of the volume over {@code factor} times the usual volume (the usual
 * volume taken as at least {@code minBytesPerHour / factor}), at most 100.
 *
 * <p>With {@link LearnedVolumes} (what {@code connwatch learn} recorded per host and hour of the week), an
 * hour whose history has fewer than {@code minComparable} same hours of the week in other weeks is compared
 * with the learned median of that hour of the week (UTC) instead, even when the history is shorter than
 * {@code minHistoryHours}; only without a learned volume do the hour of the day and the busy hours serve.
 *
 * @param settings the thresholds, baselines and time zone
 * @param learned  the volumes learned beforehand, {@link LearnedVolumes#NONE} for none
 */
public record TrafficPeakDetector(PeakSettings settings, LearnedVolumes learned) implements Detector {
    public static final String ID = "traffic-peak";
    /** Share of a peak's bytes that the connections of a finding carry, unless there are too many. */
    static final double COVERED_SHARE = 0.8;

    public TrafficPeakDetector {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(learned, "learned");
    }

    /** A detector that judges by the history it is given alone. */
    public TrafficPeakDetector(PeakSettings settings) {
        this(settings, LearnedVolumes.NONE);
    }

    /** A detector with {@link PeakSettings#defaults()} that falls back on these learned volumes. */
    public static TrafficPeakDetector learned(LearnedVolumes learned) {
        return new TrafficPeakDetector(PeakSettings.defaults(), learned);
    }

    /** A detector with {@link PeakSettings#defaults()}. */
    public static TrafficPeakDetector defaults() {
        return new TrafficPeakDetector(PeakSettings.defaults());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "hours in which a host sent or received far more than is normal for it at that hour (an upload "
                + "at 3 a.m.); needs a history";
    }

    @Override
    public List<Finding> detect(List<Connection> connections) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Connection>> host : byHost(connections).entrySet()) {
            HostHours hours = HostHours.of(host.getValue(), settings.zone());
            if (hours.size() < settings.minHistoryHours() && learned == LearnedVolumes.NONE) {
                continue;
            }
            for (Flow flow : Flow.values()) {
                out.addAll(judge(host.getKey(), host.getValue(), hours, flow));
            }
        }
        return out;
    }

    private List<Finding> judge(String host, List<Connection> connections, HostHours hours, Flow flow) {
        long[] volumes = hours.volumes(flow);
        Baseline[] peaks = new Baseline[volumes.length];
        for (int i = 0; i < volumes.length; i++) {
            long v = volumes[i];
            if (v >= settings.minBytesPerHour()) {
                Optional<LearnedVolumes.Usual> usual = learned.usual(host, utcHourOfWeek(hours.hours().get(i)), flow);
                peaks[i] = Baseline.of(hours, flow, i, settings, usual).filter(b -> b.exceededBy(v, settings)).orElse(null);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < peaks.length; i++) {
            if (peaks[i] == null) {
                continue;
            }
            int j = i;
            while (j < peaks.length && peaks[j] != null) {
                j++;
            }
            finding(run(host, flow, hours, peaks, i, j), connections).ifPresent(out::add);
            i = j;
        }
        return out;
    }

    private Peak run(String host, Flow flow, HostHours hours, Baseline[] peaks, int from, int to) {
        long volume = 0;
        long usual = 0;
        Baseline.Kind kind = Baseline.Kind.HOUR_OF_WEEK;
        for (int i = from; i < to; i++) {
            volume += hours.volumes(flow)[i];
            usual += peaks[i].usual();
            kind = peaks[i].kind().compareTo(kind) > 0 ? peaks[i].kind() : kind;
        }
        int comparable = Integer.MAX_VALUE;
        for (int i = from; i < to; i++) {
            if (peaks[i].kind() == kind) {
                comparable = Math.min(comparable, peaks[i].hours());
            }
        }
        Instant start = hours.hours().get(from);
        Instant end = HourShare.nextHour(hours.hours().get(to - 1), settings.zone());
        return new Peak(host, flow, start, end, to - from, volume, usual, kind, comparable);
    }

    private Optional<Finding> finding(Peak peak, List<Connection> connections) {
        record Part(Connection connection, long bytes) {
        }
        List<Part> parts = new ArrayList<>();
        for (Connection c : connections) {
            long bytes = peak.flow().bytes(c.traffic());
            if (bytes > 0) {
                long within = HourShare.movedWithin(c.firstSeen(), c.lastSeen(), bytes, peak.start(), peak.end());
                if (within > 0) {
                    parts.add(new Part(c, within));
                }
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        parts.sort(Comparator.comparingLong(Part::bytes).reversed().thenComparing(p -> p.connection().firstSeen()));
        List<Connection> chosen = new ArrayList<>();
        long covered = 0;
        for (Part p : parts) {
            if (chosen.size() == settings.maxConnections() || covered >= COVERED_SHARE * peak.volume()) {
                break;
            }
            chosen.add(p.connection());
            covered += p.bytes();
        }
        Map<String, Carrier> carriers = new LinkedHashMap<>();
        for (Part p : parts) {
            String key = Phrases.remote(p.connection()) + " by " + Phrases.program(p.connection());
            carriers.merge(key, new Carrier(p.connection(), p.bytes(), 1), (a, b) -> a.plus(b.bytes()));
        }
        Carrier top = carriers.values().stream().max(Comparator.comparingLong(Carrier::bytes)).orElseThrow();
        Instant at = chosen.stream().map(Connection::lastSeen).max(Instant::compareTo).orElseThrow();
        Severity severity = peak.flow() == Flow.SENT ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(new Finding(ID, severity, score(peak), PeakReason.of(peak, top, settings.zone()),
                chosen, at));
    }

    private double score(Peak peak) {
        double usual = Math.max(peak.usual(), settings.minBytesPerHour() / settings.factor());
        double over = peak.volume() / (usual * settings.factor());
        double base = peak.flow() == Flow.SENT ? 60 : 40;
        double score = base + 10 * Math.log10(Math.max(1, over));
        return Math.round(Math.min(100, score) * 10) / 10.0;
    }

    /** The hour of the week (0 = Monday 00:00 .. 167) in UTC of the hour starting at {@code hour}. */
    static int utcHourOfWeek(Instant hour) {
        java.time.ZonedDateTime utc = hour.atZone(java.time.ZoneOffset.UTC);
        return (utc.getDayOfWeek().getValue() - 1) * 24 + utc.getHour();
    }

    /** The records of each local host, in the order hosts first appear, each connection once. */
    private static Map<String, List<Connection>> byHost(List<Connection> connections) {
        Map<String, Map<String, Connection>> hosts = new LinkedHashMap<>();
        for (Connection c : connections) {
            if (c.direction() == Direction.LISTENING || c.remote().isWildcard()
                    || c.enrichment().remoteClass() == AddressClass.LOOPBACK
                    || c.local().address().isLoopbackAddress() || c.remote().address().isLoopbackAddress()) {
                continue;
            }
            String key = c.transport().label() + " " + c.local() + " " + c.remote() + " " + c.firstSeen();
            hosts.computeIfAbsent(c.local().ip(), h -> new LinkedHashMap<>()).merge(key, c, TrafficPeakDetector::later);
        }
        Map<String, List<Connection>> out = new LinkedHashMap<>();
        hosts.forEach((host, byKey) -> out.put(host, List.copyOf(byKey.values())));
        return out;
    }

    /** Of two records of one connection, the one seen last (on a tie, the one with more bytes known). */
    private static Connection later(Connection a, Connection b) {
        int cmp = a.lastSeen().compareTo(b.lastSeen());
        if (cmp != 0) {
            return cmp > 0 ? a : b;
        }
        long ka = Math.max(0, a.traffic().bytesSent()) + Math.max(0, a.traffic().bytesReceived());
        long kb = Math.max(0, b.traffic().bytesSent()) + Math.max(0, b.traffic().bytesReceived());
        return kb > ka ? b : a;
    }
}
