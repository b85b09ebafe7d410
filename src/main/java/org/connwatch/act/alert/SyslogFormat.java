package org.connwatch.act.alert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.present.SafeText;
import org.connwatch.records.Connection;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;
import org.connwatch.store.FindingState;

/**
 * An alert as an RFC 5424 syslog message:
 * <pre>
 * &lt;28&gt;1 2026-11-20T03:00:01.250Z desk connwatch 4242 unusual-port [finding@32473 id="7"
 *   rule.id="unusual-port" event.severity="medium" ... process.name="nc"] BOM'nc connects to ...'
 * </pre>
 * PRI is the facility (daemon) times 8 plus the syslog severity (critical 2, high 3 error, medium
 * 4 warning, low 5 notice, info 6). TIMESTAMP is UTC to the microsecond; HOSTNAME, APP-NAME
 * ({@code connwatch}), PROCID (this process) and MSGID (the detector id, cut to 32) are printable
 * US-ASCII or {@code -}. STRUCTURED-DATA is one element, {@code finding@32473} (32473 is the example
 * enterprise number of RFC 5612: connwatch has none of its own), with the key facts under their ECS
 * names; in values, {@code "}, {@code \} and {@code ]} are escaped with a backslash as the RFC asks,
 * after control characters have been made visible as {@code \xNN} (so a newline never splits a
 * message). MSG is the reason, UTF-8 after a BOM, control characters made visible the same way. The
 * whole message is at most {@code maxBytes}: structured-data parameters are left out from the last
 * while they would leave the reason less than a quarter of that, then the reason is cut (on a
 * character boundary). Immutable and thread-safe.
 */
public final class SyslogFormat {
    /** Facility 3, system daemons. */
    static final int FACILITY_DAEMON = 3;
    /** The smallest message length accepted (what RFC 5424 says every receiver must take). */
    public static final int MIN_BYTES = 480;
    /** The default length: what RFC 5424 says receivers should take. */
    public static final int DEFAULT_BYTES = 2048;
    /** The structured-data element's id. */
    public static final String SD_ID = "finding@32473";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int MAX_VALUE_CHARS = 256;

    private final String hostName;
    private final String procId;
    private final int maxBytes;

    /**
     * @param hostName this machine's name (anything not printable US-ASCII makes it {@code -})
     * @param procId   the process id
     * @param maxBytes the longest message, at least {@value #MIN_BYTES}
     */
    public SyslogFormat(String hostName, long procId, int maxBytes) {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("a syslog message must be allowed at least " + MIN_BYTES + " bytes");
        }
        this.hostName = headerField(hostName, 255);
        this.procId = headerField(Long.toString(procId), 128);
        this.maxBytes = maxBytes;
    }

    /** The syslog severity (0 emergency .. 7 debug) of a finding's severity. */
    public static int syslogSeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFO -> 6;
        };
    }

    /** The message's bytes, at most {@code maxBytes} long. */
    public byte[] format(Alert alert) {
        String header = "<" + (FACILITY_DAEMON * 8 + syslogSeverity(alert.severity())) + ">1 "
                + alert.at().truncatedTo(ChronoUnit.MICROS) + " " + hostName + " connwatch " + procId + " "
                + headerField(alert.ruleId(), 32) + " ";
        List<String> params = params(alert);
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] msg = SafeText.terminal(alert.message(), 8192).getBytes(StandardCharsets.UTF_8);
        int reserved = Math.min(msg.length, maxBytes / 4); // the reason matters most: keep room for some of it
        byte[] sd = structuredData(params, maxBytes - head.length - 1 - BOM.length - reserved);
        int room = maxBytes - head.length - sd.length - 1 - BOM.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(maxBytes);
        out.writeBytes(head);
        out.writeBytes(sd);
        if (room > 0) {
            out.write(' ');
            out.writeBytes(BOM);
            out.write(msg, 0, utf8Prefix(msg, room));
        }
        return out.toByteArray();
    }

    private static byte[] structuredData(List<String> params, int room) {
        StringBuilder sd = new StringBuilder("[").append(SD_ID);
        int bytes = sd.length() + 1;
        for (String p : params) {
            int more = 1 + p.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + more > room) {
                break;
            }
            sd.append(' ').append(p);
            bytes += more;
        }
        return sd.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> params(Alert alert) {
        List<String> p = new ArrayList<>();
        switch (alert) {
            case FindingAlert f -> {
                FindingState s = f.state();
                Finding finding = s.latest();
                p.add(param("finding.id", Long.toString(s.id())));
                p.add(param("rule.id", finding.detector()));
                p.add(param("event.severity", finding.severity().label()));
                p.add(param("event.risk_score", Double.toString(Math.round(finding.score() * 10) / 10.0)));
                p.add(param("finding.status", s.status().name().toLowerCase(Locale.ROOT)));
                p.add(param("finding.new", Boolean.toString(f.isNew())));
                p.add(param("finding.occurrences", Long.toString(s.occurrences())));
                p.add(param("finding.first_seen", s.firstSeen().toString()));
                p.add(param("finding.last_seen", s.lastSeen().toString()));
                Connection c = finding.connections().getFirst();
                p.add(param("network.transport", c.transport().name().toLowerCase(Locale.ROOT)));
                c.source().ifPresent(src -> endpoint(p, "source", src));
                endpoint(p, "destination", c.destination());
                String domain = c.flowDetails().map(fd -> fd.domain()).orElse(c.enrichment().remoteDomain());
                if (domain != null && !domain.isEmpty()) {
                    p.add(param("destination.domain", domain));
                }
                if (c.process() != null) {
                    ProcessInfo proc = c.process();
                    p.add(param("process.name", proc.name()));
                    p.add(param("process.pid", Integer.toString(proc.pid())));
                    if (proc.executable() != null) {
                        p.add(param("process.executable", proc.executable()));
                    }
                    if (proc.userName() != null) {
                        p.add(param("user.name", proc.userName()));
                    }
                }
            }
            case HeldBackAlert h -> {
                p.add(param("rule.id", HeldBackAlert.RULE_ID));
                p.add(param("event.severity", h.worst().label()));
                p.add(param("held_back.count", Long.toString(h.count())));
                p.add(param("held_back.since", h.since().toString()));
            }
        }
        return p;
    }

    private static void endpoint(List<String> p, String side, Endpoint e) {
        p.add(param(side + ".ip", e.ip()));
        p.add(param(side + ".port", Integer.toString(e.port())));
    }

    /** {@code name="value"} with the value made visible, cut, and escaped as RFC 5424 section 6.3.3 asks. */
    static String param(String name, String value) {
        String visible = SafeText.terminal(value, MAX_VALUE_CHARS);
        StringBuilder sb = new StringBuilder(name.length() + visible.length() + 8).append(name).append("=\"");
        for (int i = 0; i < visible.length(); i++) {
            char c = visible.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** A header field: printable US-ASCII (33..126) only, at most {@code max} characters, else {@code -}. */
    static String headerField(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        String cut = s.length() > max ? s.substring(0, max) : s;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 33 || c > 126) {
                return "-";
            }
        }
        return cut;
    }

    /** The length of the longest prefix of UTF-8 bytes of at most {@code max} bytes that ends on a character. */
    private static int utf8Prefix(byte[] utf8, int max) {
        if (utf8.length <= max) {
            return utf8.length;
        }
        int end = max;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // utf8[end] continues a character: cut before that character starts
        }
        return end;
    }
}
