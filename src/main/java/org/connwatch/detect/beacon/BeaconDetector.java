package org.connwatch.detect.beacon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Endpoint;

/**
 * {@code beacon}: connections from one source to one destination (address, port and transport)
 * that recur at regular intervals, the way malware checks in with its command-and-control
 * server. Works on any time-ordered history (a capture, a conn.log, the monitor's history); each
 * connection's start time is a check-in, and the bytes its initiator sent its size. The scoring is
 * {@link BeaconAnalyzer}'s. A one-off socket snapshot holds each connection once and shows no
 * beacon. Loopback is never judged.
 *
 * @param analyzer the scoring, with its settings
 */
public record BeaconDetector(BeaconAnalyzer analyzer) implements Detector {
    public static final String ID = "beacon";

    public static BeaconDetector defaults() {
        return new BeaconDetector(new BeaconAnalyzer());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "connections from one source to one destination that recur at regular intervals (beaconing)";
    }

    @Override
    public List<Finding> detect(List<Connection> connections) {
        Map<String, List<Connection>> byPair = new LinkedHashMap<>();
        for (Connection c : connections) {
            if (c.source().isEmpty() || c.remote().isWildcard()
                    || c.enrichment().remoteClass() == AddressClass.LOOPBACK) {
                continue;
            }
            Endpoint src = c.source().get();
            Endpoint dst = c.destination();
            byPair.computeIfAbsent(c.transport().label() + " " + src.ip() + " " + dst, k -> new ArrayList<>()).add(c);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Connection> pair : byPair.values()) {
            if (pair.size() < 2) {
                continue;
            }
            pair.sort(Comparator.comparing(Connection::firstSeen));
            long[] times = new long[pair.size()];
            long[] sizes = new long[pair.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = pair.get(i).firstSeen().toEpochMilli();
                sizes[i] = pair.get(i).sourceTraffic().bytesSent();
            }
            BeaconScore score = analyzer.analyze(times, sizes);
            if (!score.beacon()) {
                continue;
            }
            Connection first = pair.get(0);
            Connection last = pair.get(pair.size() - 1);
            String reason = Phrases.programOn(first, first.source().get().ip()) + " checks in with "
                    + first.destination() + " over " + first.transport().label() + ": " + score.reason();
            Severity severity = score.score() >= 0.95 ? Severity.HIGH : Severity.MEDIUM;
            out.add(new Finding(ID, severity, Math.round(score.score() * 1000) / 10.0, reason, pair, last.lastSeen()));
        }
        return out;
    }
}
