package org.connwatch.act.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.connwatch.act.alert.unix.UnixDatagramReceiver;
import org.connwatch.detect.Severity;
import org.connwatch.present.FieldContext;
import org.connwatch.records.CommunityId;
import org.connwatch.store.FindingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00.250123456Z");
    private static final String HOSTILE_PROGRAM = "ev]il\"\\\nprog";
    private static final String HOSTILE_REASON = "bad ]\"\\ reason\r\nsecond line " + Findings.HOSTILE;
    private final ManualClock clock = new ManualClock(T0);
    private final List<String> notices = new ArrayList<>();

    @TempDir
    Path dir;

    private AlertDispatcher open(AlertTarget target, int maxBytes, AlertLimits limits) throws Exception {
        AlertSettings settings = new AlertSettings(List.of(target), limits, Map.of(), maxBytes);
        return AlertDispatcher.open(settings, new FieldContext("desk.example", new CommunityId(0)),
                new PrintWriter(new StringWriter()), Map.of(), clock, notices::add);
    }

    @Test
    void aFindingOverUdpIsAnRfc5424MessageWithEveryFieldAndTheHostileTextEscaped() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            try (AlertDispatcher d = open(new AlertTarget.SyslogUdp("127.0.0.1", receiver.getLocalPort()),
                    SyslogFormat.DEFAULT_BYTES, AlertLimits.DEFAULTS)) {
                FindingState f = Findings.open(7, Severity.MEDIUM, HOSTILE_PROGRAM, HOSTILE_REASON, T0);
                d.changed(f, true);
                byte[] raw = receive(receiver);

                assertThat(raw).doesNotContain((byte) '\n', (byte) '\r');
                Rfc5424 m = Rfc5424.parse(raw);
                assertThat(m.pri()).isEqualTo(3 * 8 + 4); // daemon, warning
                assertThat(m.timestamp()).isEqualTo("2026-11-20T03:00:00.250123Z");
                assertThat(m.hostName()).isEqualTo("desk.example");
                assertThat(m.appName()).isEqualTo("connwatch");
                assertThat(m.procId()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
                assertThat(m.msgId()).isEqualTo("unusual-port");
                assertThat(m.sdId()).isEqualTo("finding@32473");
                assertThat(m.params()).containsExactly(
                        Map.entry("finding.id", "7"),
                        Map.entry("rule.id", "unusual-port"),
                        Map.entry("event.severity", "medium"),
                        Map.entry("event.risk_score", "62.5"),
                        Map.entry("finding.status", "open"),
                        Map.entry("finding.new", "true"),
                        Map.entry("finding.occurrences", "1"),
                        Map.entry("finding.first_seen", "2026-11-20T03:00:00.250123456Z"),
                        Map.entry("finding.last_seen", "2026-11-20T03:00:00.250123456Z"),
                        Map.entry("network.transport", "tcp"),
                        Map.entry("source.ip", "10.0.0.5"),
                        Map.entry("source.port", "40000"),
                        Map.entry("destination.ip", "203.0.113.9"),
                        Map.entry("destination.port", "4444"),
                        Map.entry("process.name", "ev]il\"\\\\x0aprog"),
                        Map.entry("process.pid", "4242"),
                        Map.entry("process.executable", "/usr/bin/" + "ev]il\"\\\\x0aprog"),
                        Map.entry("user.name", "alice"));
                assertThat(m.bom()).isTrue();
                assertThat(m.msg()).isEqualTo("bad ]\"\\ reason\\x0d\\x0asecond line " + Findings.HOSTILE);
                assertThat(d.counts()).containsExactly(new SinkCounts("syslog udp://127.0.0.1:" + receiver.getLocalPort(),
                        1, 0, 0, 0, 0));
            }
        }
    }

    @Test
    void thePriorityFollowsTheSeverityAndASummaryIsAMessageToo() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            try (AlertDispatcher d = open(new AlertTarget.SyslogUdp("127.0.0.1", receiver.getLocalPort()),
                    SyslogFormat.DEFAULT_BYTES, new AlertLimits(Duration.ofHours(1), 5, Duration.ofMinutes(1)))) {
                List<Integer> pris = new ArrayList<>();
                long id = 1;
                for (Severity s : Severity.values()) {
                    d.changed(Findings.open(id++, s, "nc", "reason", T0), true);
                    pris.add(Rfc5424.parse(receive(receiver)).pri());
                }
                assertThat(pris).containsExactly(30, 29, 28, 27, 26); // info 6, notice 5, warning 4, err 3, crit 2

                d.changed(Findings.open(id, Severity.HIGH, "nc", "held", T0), true);
                clock.advance(Duration.ofMinutes(1));
                d.tick();
                Rfc5424 summary = Rfc5424.parse(receive(receiver));
                assertThat(summary.msgId()).isEqualTo("alert-rate-limit");
                assertThat(summary.pri()).isEqualTo(27);
                assertThat(summary.params()).containsEntry("held_back.count", "1");
                assertThat(summary.msg()).startsWith("1 more finding was held back");
            }
        }
    }

    @Test
    void aLongReasonIsCutOnACharacterSoTheMessageKeepsItsBound() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            try (AlertDispatcher d = open(new AlertTarget.SyslogUdp("127.0.0.1", receiver.getLocalPort()),
                    SyslogFormat.MIN_BYTES, AlertLimits.DEFAULTS)) {
                String reason = "é".repeat(3000);
                String program = "p".repeat(300) + "]";
                d.changed(Findings.open(1, Severity.HIGH, program, reason, T0), true);
                byte[] raw = receive(receiver);

                assertThat(raw.length).isLessThanOrEqualTo(SyslogFormat.MIN_BYTES);
                Rfc5424 m = Rfc5424.parse(raw);
                assertThat(m.params()).containsKeys("finding.id", "rule.id", "event.severity");
                assertThat(m.params()).doesNotContainKey("process.executable"); // left out for the reason
                assertThat(m.msg()).matches("é+").hasSizeGreaterThanOrEqualTo(SyslogFormat.MIN_BYTES / 4 / 2);
                assertThat(raw.length).isGreaterThan(SyslogFormat.MIN_BYTES - 2); // cut on a character: at most 1 short
            }
        }
    }

    @Test
    void aHostNameThatIsNotPrintableAsciiBecomesTheNilValue() {
        SyslogFormat format = new SyslogFormat("bad host", 1, SyslogFormat.DEFAULT_BYTES);
        Rfc5424 m = Rfc5424.parse(format.format(new FindingAlert(Findings.open(1, T0), true, T0)));
        assertThat(m.hostName()).isEqualTo("-");
    }

    @Test
    void toALocalUnixDatagramSocketStandingInForDevLog() throws Throwable {
        Path socket = dir.resolve("log");
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(socket, Duration.ofSeconds(5), 0)) {
            AlertDispatcher d = open(new AlertTarget.SyslogUnix(socket), SyslogFormat.DEFAULT_BYTES,
                    AlertLimits.DEFAULTS);
            d.changed(Findings.open(3, Severity.CRITICAL, HOSTILE_PROGRAM, HOSTILE_REASON, T0), true);
            Rfc5424 m = Rfc5424.parse(receiver.receive());
            assertThat(m.pri()).isEqualTo(26);
            assertThat(m.params()).containsEntry("finding.id", "3").containsEntry("process.name", "ev]il\"\\\\x0aprog");
            assertThat(m.msg()).isEqualTo("bad ]\"\\ reason\\x0d\\x0asecond line " + Findings.HOSTILE);

            receiver.close();
            Files.delete(socket);
            d.changed(Findings.open(4, T0), true); // syslog is gone: counted, told once, never thrown
            d.changed(Findings.open(5, T0), true);
            assertThat(d.counts().getFirst()).isEqualTo(new SinkCounts("syslog unix:" + socket, 1, 0, 0, 2, 0));
            assertThat(notices).singleElement().asString().contains("syslog unix:" + socket)
                    .contains("No such file or directory");
            d.close();
        }
    }

    @Test
    void aReceiverThatFallsBehindMakesSendsFailInsteadOfBlockingTheMonitor() throws Throwable {
        Path socket = dir.resolve("slow");
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(socket, Duration.ofMillis(200), 4096)) {
            try (AlertDispatcher d = open(new AlertTarget.SyslogUnix(socket), SyslogFormat.DEFAULT_BYTES,
                    new AlertLimits(Duration.ofHours(1), AlertLimits.MAX_BURST, Duration.ofSeconds(1)))) {
                int n = 2000;
                for (int i = 1; i <= n; i++) {
                    d.changed(Findings.open(i, T0), true); // nobody reads meanwhile
                }
                SinkCounts c = d.counts().getFirst();
                assertThat(c.failed()).isPositive();
                assertThat(c.sent() + c.failed()).isEqualTo(n);
                int received = 0;
                while (receiver.receive() != null) {
                    received++;
                }
                assertThat(received).isEqualTo((int) c.sent());
                assertThat(notices).singleElement().asString().contains("Resource temporarily unavailable");
            }
        }
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        socket.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
