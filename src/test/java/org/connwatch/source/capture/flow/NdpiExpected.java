package org.connwatch.source.capture.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.connwatch.records.IpAddresses;

/**
 * The flows of an nDPI regression output ({@code X.pcap.expected.out}, from ndpiReader), as far as
 * the tests compare them: the two ends, the packets each sent, the application protocol and the
 * host name or SNI. A line reads
 * <pre>
 * 	1	TCP 192.168.2.126:45380 &lt;-&gt; 161.117.13.29:80 [proto: 7.295/HTTP.1kxun][IP: ...]...[7 pkts/4845 bytes &lt;-&gt; 73 pkts/178280 bytes]...[Hostname/SNI: mangaweb.1kxun.mobi]...
 * </pre>
 * ({@code ->} instead of {@code <->} for a flow seen one way only).
 */
final class NdpiExpected {
    private static final Pattern FLOW = Pattern.compile(
            "^\\s*\\d+\\s+(TCP|UDP)\\s+(\\S+)\\s+<?->\\s+(\\S+)\\s+\\[proto: [0-9.]+/([^]]*)].*?\\[(\\d+) pkts/\\d+ bytes <?-> (\\d+) pkts/\\d+ bytes].*$");
    private static final Pattern HOST = Pattern.compile("\\[Hostname/SNI: ([^]]*)]");

    private NdpiExpected() {
    }

    /** One flow: ends as {@code address:port} (IPv6 without brackets), packets each end sent. */
    record Flow(String transport, String a, String b, String protocol, long packetsA, long packetsB, String host) {
    }

    static List<Flow> read(Path file) throws IOException {
        List<Flow> flows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = FLOW.matcher(line);
            if (m.matches()) {
                Matcher h = HOST.matcher(line);
                flows.add(new Flow(m.group(1).toLowerCase(java.util.Locale.ROOT), end(m.group(2)), end(m.group(3)),
                        m.group(4), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), h.find() ? h.group(1) : null));
            }
        }
        return flows;
    }

    /** {@code a.b.c.d:port} or {@code [v6]:port} as {@code address:port}, the address in RFC 5952 form. */
    private static String end(String text) {
        int colon = text.lastIndexOf(':');
        return IpAddresses.format(IpAddresses.parse(text.substring(0, colon))) + text.substring(colon);
    }
}
