package org.connwatch.present;

import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.Device;

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
                out.write("      " + line(c) + "\n");
            }
            if (cs.size() > MAX_LISTED) {
                out.write("      ... and " + (cs.size() - MAX_LISTED) + " more\n");
            }
        }
    }

    /**
     * One connection under its finding: {@code tcp 10.0.0.5:40000 -> updates.example 198.51.100.80:443
     * ESTABLISHED} followed by the program ({@code 4242/curl}) or, for a captured flow, the local device
     * ({@code HP-LaserJet 3c:2a:f4:00:11:22}).
     */
    public static String line(Connection c) {
        String domain = c.enrichment().remoteDomain();
        StringBuilder b = new StringBuilder().append(c.transport().label()).append(' ').append(c.local()).append(" -> ");
        if (domain != null) {
            b.append(SafeText.terminal(domain, 80)).append(' ');
        }
        b.append(c.remote()).append("  ").append(c.state().name());
        if (c.process() != null) {
            b.append("  ").append(c.process().pid()).append('/').append(SafeText.terminal(c.process().name(), 40));
        } else if (c.flow() != null && !c.flow().local().isEmpty()) {
            Device d = c.flow().local();
            b.append("  device ").append(SafeText.terminal(d.hostName() == null ? d.mac()
                    : d.mac() == null ? d.hostName() : d.hostName() + " " + d.mac(), 80));
        }
        return b.toString();
    }
}
