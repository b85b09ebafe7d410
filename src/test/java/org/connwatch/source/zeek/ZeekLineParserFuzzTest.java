package org.connwatch.source.zeek;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Transport;

/**
 * Fuzzes the conn.log reading: whatever bytes come, the result is records that keep their
 * invariants, or counted lines and problems whose quoted text is short and escaped; never an
 * exception.
 *
 * <p>{@link #anyLine} parses the input as lines under a real conn.log header (so most mutations
 * land in data fields); {@link #anyStream} reads the input as a whole file, header lines, JSON,
 * gzip magic and line cuts included, with a small line cap so that cuts happen.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/zeek/ZeekLineParserFuzzTestInputs/<method>/}. To
 * fuzz one method (in a copy of the tree, so that Jazzer's corpus writes stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='ZeekLineParserFuzzTest#anyLine'
 * </pre>
 */
class ZeekLineParserFuzzTest {
    private static final String HEADER = String.join("\n",
            "#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\tconn",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
                    + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\torig_pkts\tresp_pkts",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool"
                    + "\tbool\tcount\tcount") + "\n";
    private static final Set<Transport> ZEEK_TRANSPORTS =
            Set.of(Transport.TCP, Transport.UDP, Transport.ICMP, Transport.ICMPV6);

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\t", "-", "(empty)", "\\x09", "\\x2d", "tcp", "udp", "icmp", "T", "F", "SF", "S0", "S2",
            "1710028800.123456", "65535", "65536", "9223372036854775807", "18446744073709551615", "1e30", "NaN",
            "::ffff:", "2001:db8::1", "192.168.1.1", "{\"ts\":", "\"id.orig_h\":", "\"_path\":\"conn\"", "#fields\t",
            "#separator ", "#unset_field\t", "#path\tdns"})
    void anyLine(byte[] input) {
        for (String text : List.of(new String(input, StandardCharsets.UTF_8),
                new String(input, StandardCharsets.ISO_8859_1))) {
            ZeekLineParser parser = new ZeekLineParser();
            for (String header : HEADER.split("\n")) {
                require(parser.parse(header) == LineResult.NOTHING, "a real header parses: " + header);
            }
            for (String line : text.split("\n", -1)) {
                switch (parser.parse(line)) {
                    case LineResult.Parsed p -> check(p.connection());
                    case LineResult.Malformed m -> checkMessage(m.reason(), 300);
                    case LineResult.Skipped s -> require(s.reason().equals(ReadReport.SKIP_NOT_CONN_LINES)
                            || s.reason().equals(ReadReport.SKIP_UNSUPPORTED_PROTO), "a fixed reason: " + s);
                    case LineResult.Nothing n -> require(line.isBlank() || line.startsWith("#"), "a header: " + line);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    // (No line breaks in entries: each becomes one line of libFuzzer's dictionary file.)
    @DictionaryEntries({"\t", "#separator \\x09", "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto",
            "#path\tconn", "#path\tdns", "#unset_field\t", "{\"ts\":1,", "\"proto\":\"tcp\"}", "-\t-\t-"})
    void anyStream(byte[] input) {
        for (byte[] bytes : List.of(input, concat(HEADER.getBytes(StandardCharsets.UTF_8), input))) {
            List<Connection> out = new ArrayList<>();
            ReportBuilder builder = new ReportBuilder();
            ZeekLogReader.read(new ByteArrayInputStream(bytes), "fuzz", out::add, builder, 512);
            ReadReport report = builder.build();
            out.forEach(ZeekLineParserFuzzTest::check);
            require(report.records() == out.size(), "every record counted: " + report);
            require(report.malformedExamples().size() == Math.min(report.malformed(), ReportBuilder.MAX_EXAMPLES),
                    "the first examples kept: " + report);
            report.malformedExamples().forEach(m -> checkMessage(m, 700));
            report.problems().forEach(p -> checkMessage(p, 500));
            long lines = bytes.length == 0 ? 0 : countNewlines(bytes) + 1;
            require(report.records() + report.malformed() + report.skipped().values().stream().mapToLong(v -> v).sum()
                    <= lines, "at most one outcome per line: " + report);

            ReadReport whole = ZeekConnLog.read(new ByteArrayInputStream(bytes), "fuzz", ZeekLineParserFuzzTest::check);
            whole.malformedExamples().forEach(m -> checkMessage(m, 700));
            whole.problems().forEach(p -> checkMessage(p, 500));
        }
    }

    private static void check(Connection c) {
        require(c.observer() == ObserverType.ZEEK && c.process() == null && c.socket() == null, "a Zeek record: " + c);
        require(ZEEK_TRANSPORTS.contains(c.transport()), "tcp, udp or icmp: " + c);
        require(c.direction() != Direction.LISTENING, "a flow, not a listener: " + c);
        require(c.transport() == Transport.TCP || c.state() == ConnectionState.ESTABLISHED
                || c.state() == ConnectionState.UNCONN, "a UDP/ICMP state: " + c);
        require((c.local().address() instanceof Inet6Address) == (c.remote().address() instanceof Inet6Address),
                "one address family: " + c);
        require((c.transport() == Transport.ICMPV6) == (c.transport().name().startsWith("ICMP")
                && c.local().address() instanceof Inet6Address), "ICMPv6 exactly over IPv6: " + c);
        require(c.firstSeen().getEpochSecond() >= 0 && c.firstSeen().getEpochSecond() <= ZeekValues.MAX_SECONDS
                && !c.lastSeen().isBefore(c.firstSeen()), "times in range: " + c);
        String service = c.enrichment().serviceName();
        require(service == null || (!service.isEmpty() && service.length() <= 64 && service.indexOf(',') < 0),
                "a short service name: " + service);
    }

    private static void checkMessage(String m, int max) {
        require(m != null && !m.isEmpty() && m.length() <= max, "a short message: " + m);
        require(m.chars().noneMatch(ch -> Character.isISOControl(ch) || Character.getType(ch) == Character.FORMAT
                || Character.getType(ch) == Character.LINE_SEPARATOR
                || Character.getType(ch) == Character.PARAGRAPH_SEPARATOR
                || Character.getType(ch) == Character.SURROGATE), "an escaped message: " + m);
    }

    private static long countNewlines(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
