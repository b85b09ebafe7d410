package org.connwatch.source.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.source.zeek.ZeekLogs.read;
import static org.connwatch.source.zeek.ZeekLogs.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ZeekConnLog} on the hand-written logs in the test resources (see FORMAT-NOTES.md there). */
class ZeekConnLogTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_710_028_800L); // 2024-03-10T00:00:00Z

    @TempDir
    Path tmp;

    // ---- the basic log: every field mapped ----

    @Test
    void theBasicLogGivesTheExpectedRecords() {
        ZeekLogs.Result r = read(resource("conn-basic.log"));

        assertThat(r.records()).containsExactly(expectedBasic().toArray(Connection[]::new));
        assertThat(r.report().records()).isEqualTo(8);
        assertThat(r.report().malformed()).isZero();
        assertThat(r.report().skipped(ReadReport.SKIP_UNSUPPORTED_PROTO)).isEqualTo(1);
        assertThat(r.report().files()).containsExactly(resource("conn-basic.log"));
        assertThat(r.report().complete()).isTrue();
    }

    @Test
    void tsvAndJsonGiveTheSameRecords() {
        ZeekLogs.Result tsv = read(resource("conn-basic.log"));
        ZeekLogs.Result json = read(resource("conn-basic.json"));

        assertThat(json.records()).isEqualTo(tsv.records());
        assertThat(json.report().skipped()).isEqualTo(tsv.report().skipped());
        assertThat(json.report().malformed()).isZero();
    }

    @Test
    void reorderedExtraAndMissingColumnsAreReadByName() {
        ZeekLogs.Result r = read(resource("conn-reordered.log"));

        // The file has no service column: the same first three connections without a service name.
        List<Connection> expected = expectedBasic().subList(0, 3).stream()
                .map(c -> c.withEnrichment(Enrichment.NONE)).toList();
        assertThat(r.records()).isEqualTo(expected);
        assertThat(r.report().malformed()).isZero();
    }

    @Test
    void aNewHeaderBlockSwitchesTheColumnsAndANonConnBlockIsSkipped() {
        ZeekLogs.Result r = read(resource("conn-concatenated.log"));

        assertThat(r.records()).extracting(c -> c.firstSeen().getEpochSecond())
                .containsExactly(1_710_028_800L, 1_710_028_860L, 1_710_036_000L, 1_710_036_060L);
        Connection third = r.records().get(2);
        assertThat(third.local()).isEqualTo(Endpoint.of("192.168.1.10", 40002));
        assertThat(third.remote()).isEqualTo(Endpoint.of("203.0.113.5", 8443));
        assertThat(third.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(third.traffic()).isEqualTo(Traffic.UNKNOWN);
        assertThat(third.lastSeen()).isEqualTo(third.firstSeen());
        Connection fourth = r.records().get(3);
        assertThat(fourth.direction()).isEqualTo(Direction.INBOUND);
        assertThat(fourth.local()).isEqualTo(Endpoint.of("192.168.1.10", 22));
        assertThat(fourth.remote()).isEqualTo(Endpoint.of("203.0.113.9", 40003));
        assertThat(r.report().skipped(ReadReport.SKIP_NOT_CONN_LINES)).isEqualTo(1);
        assertThat(r.report().malformed()).isZero();
    }

    @Test
    void unsetEmptyAndEscapedFields() {
        ZeekLogs.Result r = read(resource("conn-unset-escaped.log"));

        assertThat(r.report().malformed()).isZero();
        assertThat(r.records()).hasSize(5);
        for (Connection unset : r.records().subList(0, 2)) {
            assertThat(unset.direction()).isEqualTo(Direction.UNKNOWN);
            assertThat(unset.traffic()).isEqualTo(Traffic.UNKNOWN);
            assertThat(unset.enrichment().serviceName()).isNull();
            assertThat(unset.lastSeen()).isEqualTo(unset.firstSeen());
            assertThat(unset.state()).isEqualTo(ConnectionState.SYN_SENT); // TCP, nothing known about replies
        }
        assertThat(r.records().get(2).enrichment().serviceName()).isEqualTo("-"); // a real "-", written \x2d
        assertThat(r.records().get(3).enrichment().serviceName()).isEqualTo("spicy\tquic");
        Connection escaped = r.records().get(4);
        assertThat(escaped.firstSeen()).isEqualTo(T0.plusSeconds(4));
        assertThat(escaped.local()).isEqualTo(Endpoint.of("192.168.1.10", 40004));
        assertThat(escaped.enrichment().serviceName()).isEqualTo("(empty)");
    }

    // ---- hostile and broken input ----

    @Test
    void malformedLinesAreCountedWithFileAndLineNumber() {
        Path file = resource("conn-malformed.log");
        ZeekLogs.Result r = read(file);

        assertThat(r.records()).extracting(c -> c.local().port()).containsExactly(40000, 40012);
        assertThat(r.report().malformed()).isEqualTo(10);
        assertThat(r.report().skipped(ReadReport.SKIP_UNSUPPORTED_PROTO)).isEqualTo(1);
        assertThat(r.report().malformedExamples()).hasSize(ReportBuilder.MAX_EXAMPLES).containsExactly(
                file + ":10: id.orig_h '300.1.2.3' is not an IP address: " + line(file, 10),
                file + ":11: id.orig_p '70000' is out of range 0..65535: " + line(file, 11),
                file + ":12: ts 'NaN' is not a number of seconds: " + line(file, 12),
                file + ":13: duration '-1.5' is negative: " + line(file, 13),
                file + ":14: 9 fields where #fields names 14: " + line(file, 14));
        assertThat(r.report().summary()).contains("2 connection(s) from 1 file(s)", "10 malformed line(s)",
                file + ":10:");
        assertThat(r.report().complete()).isTrue();
    }

    @Test
    void theRestOfTheMalformedLinesSayWhy() {
        Path file = resource("conn-malformed.log");
        List<String> reasons = new ArrayList<>();
        ZeekLineParser parser = new ZeekLineParser();
        for (String line : lines(file)) {
            if (parser.parse(line) instanceof LineResult.Malformed m) {
                reasons.add(m.reason());
            }
        }
        assertThat(reasons).hasSize(10).endsWith(
                "orig_bytes '99999999999999999999' is not a count",
                "local_orig 'X' is not T or F",
                "ts '99999999999999.0' is out of range",
                "id.orig_h and id.resp_h are of different address families");
        assertThat(reasons.get(5)).isEqualTo("1 fields where #fields names 14"); // the binary junk
    }

    @Test
    void aBinaryLineIsQuotedEscaped() {
        ReportBuilder report = new ReportBuilder();
        byte[] junk = "#fields\tts\n\u0001\u001b[31mred\u202eevil\u0000\n".getBytes(StandardCharsets.UTF_8);
        ZeekLogReader.read(new ByteArrayInputStream(junk), "junk", c -> { }, report);

        assertThat(report.build().malformedExamples()).singleElement().asString()
                .contains("\\x01\\x1b[31mred\\u202eevil\\x00")
                .doesNotContain("\u001b", "\u0000", "\u202e");
    }

    @Test
    void aHugeLineIsCutCountedAndSkipped() throws IOException {
        Path file = tmp.resolve("conn.log");
        List<String> good = lines(resource("conn-malformed.log")).subList(0, 9);
        StringBuilder text = new StringBuilder(String.join("\n", good)).append('\n');
        text.append("1710028800.0\t").append("A".repeat(10 * 1024 * 1024)).append('\n');
        text.append(good.get(8).replace("40000", "40001")).append('\n');
        Files.writeString(file, text);

        ZeekLogs.Result r = read(file);

        assertThat(r.records()).extracting(c -> c.local().port()).containsExactly(40000, 40001);
        assertThat(r.report().malformed()).isEqualTo(1);
        assertThat(r.report().malformedExamples()).singleElement().asString()
                .startsWith(file + ":10: line longer than 65536 bytes: 1710028800.0\\x09AAAA")
                .hasSizeLessThan(400);
    }

    @Test
    void aTruncatedGzipFileIsReportedAndTheNextFileRead() throws IOException {
        List<String> header = lines(resource("conn-malformed.log")).subList(0, 8);
        String good = lines(resource("conn-malformed.log")).get(8);
        StringBuilder text = new StringBuilder(String.join("\n", header)).append('\n');
        for (int i = 0; i < 20_000; i++) {
            text.append(good.replace("Cm1", "Cx" + i)).append('\n');
        }
        byte[] gz = ZeekLogs.gzip(text.toString().getBytes(StandardCharsets.UTF_8));
        Path truncated = tmp.resolve("conn.00:00:00-01:00:00.log.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length / 2));

        ZeekLogs.Result r = read(truncated, resource("conn-basic.log"));

        assertThat(r.report().records()).isBetween(1L + 8, 20_000L + 8 - 1);
        assertThat(r.report().malformed()).isZero();
        assertThat(r.report().complete()).isFalse();
        assertThat(r.report().problems()).singleElement().asString()
                .startsWith(truncated + ": reading stopped at line ")
                .contains("truncated or corrupt");
        assertThat(r.report().files()).containsExactly(truncated, resource("conn-basic.log"));
        assertThat(r.records().getLast().firstSeen()).isEqualTo(T0.plusSeconds(7)); // the second file was read
    }

    @Test
    void aGzipFileIsDetectedByItsBytesNotItsName() throws IOException {
        Path misnamed = tmp.resolve("conn.log");
        ZeekLogs.gzip(resource("conn-basic.log"), misnamed);
        Path plainNamedGz = tmp.resolve("plain.log.gz");
        Files.copy(resource("conn-basic.json"), plainNamedGz);

        assertThat(read(misnamed).records()).isEqualTo(expectedBasic());
        assertThat(read(plainNamedGz).records()).isEqualTo(expectedBasic());
    }

    @Test
    void otherCompressionsAreReportedNotReadAsJunk() throws IOException {
        Path zst = tmp.resolve("conn.log.zst");
        Files.write(zst, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});

        ZeekLogs.Result r = read(zst);

        assertThat(r.report().malformed()).isZero();
        assertThat(r.report().problems()).singleElement().asString().contains("zstd", zst.toString());
    }

    @Test
    void aMissingInputIsAClearIOExceptionBeforeAnythingIsRead() {
        Path missing = tmp.resolve("no-such-dir/conn.log");
        List<Connection> out = new ArrayList<>();

        assertThatThrownBy(() -> ZeekConnLog.read(List.of(resource("conn-basic.log"), missing), out::add))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(missing + ": no such Zeek log file or directory");
        assertThat(out).isEmpty();
    }

    @Test
    void anExplicitNonConnLogIsSkippedLineByLine() {
        ZeekLogs.Result r = read(resource("rotated/dns-hour00.log"), resource("rotated/dns-hour01.json"));

        assertThat(r.records()).isEmpty();
        assertThat(r.report().skipped(ReadReport.SKIP_NOT_CONN_LINES)).isEqualTo(2);
    }

    // ---- several files and directories ----

    @Test
    void severalFilesAreReadInTheGivenOrder() {
        ZeekLogs.Result r = read(resource("conn-concatenated.log"), resource("conn-basic.log"));

        assertThat(r.records()).hasSize(4 + 8);
        assertThat(r.records().get(4)).isEqualTo(expectedBasic().getFirst());
    }

    @Test
    void aDirectoryOfRotatedLogsIsReadInTimeOrderSkippingOtherLogs() throws IOException {
        Path logs = tmp.resolve("logs");
        ZeekLogs.gzip(resource("rotated/conn-hour00.log"), logs.resolve("2024-03-10/conn.00:00:00-01:00:00.log.gz"));
        ZeekLogs.gzip(resource("rotated/conn-hour01.json"), logs.resolve("2024-03-10/conn.01:00:00-02:00:00.log.gz"));
        ZeekLogs.gzip(resource("rotated/dns-hour00.log"), logs.resolve("2024-03-10/dns.00:00:00-01:00:00.log.gz"));
        // Named as if it came after the others; its first ts says it comes first.
        ZeekLogs.gzip(resource("rotated/conn-previous-day.log"), logs.resolve("zz-restored/conn.23:00:00-00:00:00.log.gz"));
        Files.copy(resource("rotated/conn-current.log"), logs.resolve("conn.log"));
        Files.copy(resource("rotated/dns-hour01.json"), logs.resolve("conn.json")); // _path says dns
        Files.writeString(logs.resolve("conn-summary.log"), "Connections summary\n");
        Files.writeString(logs.resolve("stderr.log"), "listening on eth0\n");

        ZeekLogs.Result r = read(logs);

        assertThat(r.records()).extracting(Connection::firstSeen).isSorted();
        assertThat(r.records()).extracting(c -> c.local().port())
                .containsExactly(41000, 41001, 42000, 42001, 43000, 43001, 44000);
        assertThat(r.report().files()).containsExactly(
                logs.resolve("zz-restored/conn.23:00:00-00:00:00.log.gz"),
                logs.resolve("2024-03-10/conn.00:00:00-01:00:00.log.gz"),
                logs.resolve("2024-03-10/conn.01:00:00-02:00:00.log.gz"),
                logs.resolve("conn.log"));
        assertThat(r.report().skipped(ReadReport.SKIP_NOT_CONN_FILES)).isEqualTo(4);
        assertThat(r.report().malformed()).isZero();
    }

    @Test
    void aStreamCanBeRead() throws IOException {
        byte[] gz = ZeekLogs.gzip(Files.readAllBytes(resource("conn-basic.log")));
        List<Connection> out = new ArrayList<>();

        ReadReport report = ZeekConnLog.read(new ByteArrayInputStream(gz), "stdin", out::add);

        assertThat(out).isEqualTo(expectedBasic());
        assertThat(report.records()).isEqualTo(8);
    }

    // ---- helpers ----

    /** The connections of conn-basic.log, worked out by hand from the table in ConnMapper. */
    static List<Connection> expectedBasic() {
        return List.of(
                conn(Transport.TCP, ConnectionState.CLOSE, "192.168.1.10", 52311, "93.184.216.34", 443,
                        Direction.OUTBOUND, new Traffic(517, 4219, 12, 10), T0.plusNanos(123_456_000),
                        T0.plusNanos(1_623_456_000), "ssl"),
                conn(Transport.TCP, ConnectionState.ESTABLISHED, "192.168.1.20", 22, "203.0.113.7", 40001,
                        Direction.INBOUND, new Traffic(4120, 3021, 28, 30), T0.plusSeconds(1),
                        T0.plusSeconds(13).plusMillis(250), "ssh"),
                conn(Transport.UDP, ConnectionState.ESTABLISHED, "192.168.1.10", 5353, "192.168.1.30", 53,
                        Direction.INTERNAL, new Traffic(40, 120, 1, 1), T0.plusMillis(2500), T0.plusMillis(2510),
                        "dns"),
                conn(Transport.UDP, ConnectionState.UNCONN, "198.51.100.1", 123, "198.51.100.2", 123,
                        Direction.EXTERNAL, new Traffic(48, -1, 1, 0), T0.plusMillis(3250), T0.plusMillis(3250),
                        "ntp"),
                conn(Transport.ICMP, ConnectionState.ESTABLISHED, "192.168.1.10", 8, "93.184.216.34", 0,
                        Direction.UNKNOWN, new Traffic(56, 56, 1, 1), T0.plusSeconds(4), T0.plusMillis(4020), null),
                conn(Transport.ICMPV6, ConnectionState.ESTABLISHED, "2001:db8:1::10", 128, "2001:db8::53", 129,
                        Direction.OUTBOUND, new Traffic(16, 16, 1, 1), T0.plusSeconds(5), T0.plusMillis(5001), null),
                conn(Transport.TCP, ConnectionState.SYN_SENT, "192.168.1.10", 49152, "192.0.2.99", 8080,
                        Direction.OUTBOUND, new Traffic(0, 0, 2, 0), T0.plusSeconds(6), T0.plusSeconds(6), null),
                conn(Transport.TCP, ConnectionState.FIN_WAIT1, "192.168.1.10", 50000, "192.0.2.99", 80,
                        Direction.OUTBOUND, new Traffic(300, 900, 5, 4), T0.plusSeconds(7), T0.plusSeconds(10),
                        "http"));
    }

    private static Connection conn(Transport t, ConnectionState state, String localIp, int localPort, String remoteIp,
                                   int remotePort, Direction d, Traffic traffic, Instant first, Instant last,
                                   String service) {
        return new Connection(ObserverType.ZEEK, t, state, Endpoint.of(localIp, localPort),
                Endpoint.of(remoteIp, remotePort), d, traffic, first, last, null, null,
                Enrichment.NONE.withServiceName(service));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Line {@code n} (from 1) as a report quotes it. */
    private static String line(Path file, int n) {
        return Samples.line(lines(file).get(n - 1));
    }
}
