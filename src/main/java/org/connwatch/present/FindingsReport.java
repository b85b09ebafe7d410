package org.connwatch.present;

import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * The findings report for a person: worst first, grouped by severity, each finding with its
 * reason and the connections it is about; every text from the network or other programs is made
 * terminal-safe.
 */
public final class FindingsReport {
    /** At most this many connections are listed under one finding; the rest are counted. */
    static final int MAX_LISTED = 5;

    public void write(List<Finding> findings, String scope, Writer out) throws IOException {
        if (findings.isEmpty()) {
            out.write("No findings: nothing in " + scope + " looks wrong to the enabled detectors.\n");
            return;
        }
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        findings.forEach(f -> counts.merge(f.severity(), 1L, Long::sum));
        StringBuilder head = new StringBuilder().append(findings.size())
                .append(findings.size() == 1 ? " finding in " : " findings in ").append(scope).append(':');
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            if (counts.containsKey(s)) {
                head.append(' ').append(counts.get(s)).append(' ').append(s.label()).append(',');
            }
        }
        head.setLength(head.length() - 1);
        out.write(head.append("\n").toString());
        Severity current = null;
        for (Finding f : findings) {
            if (f.severity() != current) {
                current = f.severity();
                out.write("\n" + current.name() + "\n");
            }
            out.write(String.format(java.util.Locale.ROOT, "  [%s, score %.0f] %s%n", f.detector(), f.score(),
                    SafeText.terminal(f.reason(), 400)));
            List<Connection> cs = f.connections();
            for (int i = 0; i < Math.min(cs.size(), MAX_LISTED); i++) {
                Connection c = cs.get(i);
                out.write("      " + c.transport().label() + " " + c.local() + " -> " + c.remote() + "  "
                        + c.state().name() + (c.process() == null ? ""
                                : "  " + c.process().pid() + "/" + SafeText.terminal(c.process().name(), 40))
                        + "\n");
            }
            if (cs.size() > MAX_LISTED) {
                out.write("      ... and " + (cs.size() - MAX_LISTED) + " more\n");
            }
        }
    }
}
