package org.connwatch.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;

/**
 * {@code changed-executable}: a program's executable file has a SHA-256 other than every hash
 * learned for that path: high, one finding per path and hash, about all of its connections. Only
 * judged when both hashes are known; an update installed after learning looks the same, so learn
 * again after updates. Loopback is ignored. Without a baseline it reports nothing.
 *
 * @param baseline what was learned
 */
public record ChangedExecutableDetector(Baseline baseline) implements Detector {
    public static final String ID = "changed-executable";

    public ChangedExecutableDetector {
        Objects.requireNonNull(baseline, "baseline");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a program whose executable's SHA-256 differs from the one learned for its path";
    }

    @Override
    public List<Finding> detect(List<Connection> connections) {
        if (baseline.isEmpty()) {
            return List.of();
        }
        Map<String, List<Connection>> changed = new LinkedHashMap<>();
        for (Connection c : connections) {
            ProcessInfo p = c.process();
            if (p == null || p.executable() == null || p.sha256() == null
                    || ConnectionRole.of(c) == ConnectionRole.IGNORED) {
                continue;
            }
            Set<String> learned = baseline.hashes(p.executable());
            if (!learned.isEmpty() && !learned.contains(p.sha256())) {
                changed.computeIfAbsent(p.executable() + "\n" + p.sha256(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        changed.values().forEach(list -> out.add(finding(list)));
        return out;
    }

    private Finding finding(List<Connection> list) {
        ProcessInfo p = list.get(0).process();
        String learned = String.join(" or ", baseline.hashes(p.executable()).stream()
                .map(LearningPhrases::shortHash).toList());
        String reason = p.executable() + " (" + p.name() + ", pid " + p.pid() + ") changed since it was learned:"
                + " its SHA-256 is now " + LearningPhrases.shortHash(p.sha256()) + ", but it was " + learned + " "
                + LearningPhrases.period(baseline);
        Instant at = list.stream().map(Connection::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
        return new Finding(ID, Severity.HIGH, 80, reason, list, at);
    }
}
