package org.connwatch.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * {@code unknown-program}: after learning, a program (or, without a program, a host) the baseline
 * never saw has connections: medium, one finding per program or host, about all of its
 * connections. Loopback is ignored. Without a baseline it reports nothing.
 *
 * @param baseline what was learned
 */
public record UnknownProgramDetector(Baseline baseline) implements Detector {
    public static final String ID = "unknown-program";

    public UnknownProgramDetector {
        Objects.requireNonNull(baseline, "baseline");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "after learning, a program or host unknown to the baseline has connections";
    }

    @Override
    public List<Finding> detect(List<Connection> connections) {
        if (baseline.isEmpty()) {
            return List.of();
        }
        Map<String, List<Connection>> unknown = new LinkedHashMap<>();
        for (Connection c : connections) {
            if (ConnectionRole.of(c) == ConnectionRole.IGNORED) {
                continue;
            }
            Actor a = Actor.of(c);
            if (!baseline.knows(a)) {
                String key = a.program() != null ? "program " + a.program() : "host " + a.host();
                unknown.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        unknown.values().forEach(list -> out.add(finding(list)));
        return out;
    }

    private Finding finding(List<Connection> list) {
        Connection first = list.get(0);
        String who = first.process() == null ? "host " + first.local().ip()
                : LearningPhrases.actor(first) + (first.process().executable() == null ? ""
                        : " (" + first.process().executable() + ")");
        String what = first.process() == null ? "host unknown to the baseline" : "program unknown to the baseline";
        int more = list.size() - 1;
        String reason = who + " is a " + what + ": it was never seen " + LearningPhrases.period(baseline)
                + ", and now it " + LearningPhrases.doing(first)
                + (more == 0 ? "" : " (and has " + more + " more connection" + (more == 1 ? ")" : "s)"));
        Instant at = list.stream().map(Connection::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
        return new Finding(ID, Severity.MEDIUM, 50, reason, list, at);
    }
}
