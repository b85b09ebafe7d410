package org.connwatch.source.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.source.capture.file.CaptureBytes.data;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the real tools wrote, read and compared packet by packet (time in nanoseconds, length,
 * captured length, interface) with what tshark reads from them: tcpdump capturing loopback
 * traffic the test makes (microsecond and nanosecond pcap, Ethernet on {@code lo} and Linux
 * cooked capture on {@code any}), editcap's conversions to every format, and the third-party
 * captures in {@code ../shared/captures} (or {@code $CONNWATCH_CAPTURES}).
 */
class CaptureFileToolsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTshark() {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");
    }

    @Test
    void tcpdumpOnLoopbackReadsAsTsharkShowsItInEveryFormat() throws Exception {
        assumeTrue(canCapture(), "skipped: capturing needs root (CAP_NET_RAW) and tcpdump");
        Path micro = capture("lo", "micro", dir.resolve("lo.pcap"));
        Path nano = capture("any", "nano", dir.resolve("any.pcap"));

        CaptureReadReport lo = checkedAgainstTshark(micro);
        assertThat(lo.format()).isEqualTo(CaptureFormat.PCAP_MICROSECONDS);
        assertThat(lo.linkTypes()).containsExactly(LinkType.ETHERNET);
        assertThat(lo.packets()).as("5 datagrams and a TCP exchange").isGreaterThanOrEqualTo(12);
        CaptureReadReport any = checkedAgainstTshark(nano);
        assertThat(any.format()).isEqualTo(CaptureFormat.PCAP_NANOSECONDS);
        assertThat(any.linkTypes()).containsAnyOf(LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
        assertThat(any.packets()).isGreaterThanOrEqualTo(12);

        for (Path original : List.of(micro, nano)) {
            for (String format : List.of("pcap", "nsecpcap", "pcapng")) {
                Path converted = dir.resolve(original.getFileName() + "." + format);
                Tshark.editcap("-F", format, original.toString(), converted.toString());
                CaptureReadReport report = checkedAgainstTshark(converted);
                assertThat(report.packets()).isEqualTo(original == micro ? lo.packets() : any.packets());
            }
        }
    }

    @Test
    void editcapConversionsOfBothByteOrdersReadAlike() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            CaptureBytes b = new CaptureBytes(order).pcapHeader(true, 262144, LinkType.ETHERNET);
            for (int i = 0; i < 50; i++) {
                b.pcapRecord(1_700_000_000L + i, i * 19_999_999L, data(60 + i * 29, i), 60 + i * 31);
            }
            Path original = b.write(dir.resolve(order + ".pcap"));
            Collected first = new Collected();
            CaptureFile.read(original, first);
            assertThat(first.frames()).isEqualTo(Tshark.frames(original)).hasSize(50);

            for (String format : List.of("pcap", "nsecpcap", "pcapng")) {
                Path converted = dir.resolve(order + "-converted." + format);
                Tshark.editcap("-F", format, original.toString(), converted.toString());
                Collected got = new Collected();
                checkedAgainstTshark(converted, got);
                assertThat(got.packets).extracting(Collected.Packet::data)
                        .containsExactlyElementsOf(first.packets.stream().map(Collected.Packet::data).toList());
                if (!format.equals("pcap")) {
                    assertThat(got.frames()).isEqualTo(first.frames());
                }
            }
        }
    }

    @Test
    void everySharedThirdPartyCaptureReadsAsTsharkAndCapinfosCountIt() throws IOException {
        Path captures = Path.of(System.getenv().getOrDefault("CONNWATCH_CAPTURES", "../shared/captures"));
        assumeTrue(Files.isDirectory(captures), "skipped: " + captures.toAbsolutePath().normalize()
                + " is not there (the shared third-party captures are optional)");
        List<Path> files;
        try (Stream<Path> list = Files.list(captures)) {
            files = list.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            CaptureReadReport report = checkedAgainstTshark(file);
            assertThat(report.packets()).as(file.toString()).isEqualTo(Tshark.capinfosCount(file));
            assertThat(report.skipped()).as(file.toString()).isEmpty();
        }
    }

    private static CaptureReadReport checkedAgainstTshark(Path file) throws IOException {
        return checkedAgainstTshark(file, new Collected());
    }

    private static CaptureReadReport checkedAgainstTshark(Path file, Collected got) throws IOException {
        CaptureReadReport report = CaptureFile.read(file, got);
        assertThat(report.complete()).as(file + ": " + report.summary()).isTrue();
        assertThat(got.frames()).as(file.toString()).isEqualTo(Tshark.frames(file));
        assertThat(report.packets()).isEqualTo(got.packets.size());
        assertThat(report.bytes()).isEqualTo(got.packets.stream().mapToLong(Collected.Packet::capturedLength).sum());
        return report;
    }

    private static boolean canCapture() {
        try {
            Process p = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && "root".equals(System.getProperty("user.name"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long packetsIn(Path growing) throws IOException {
        return CaptureFile.read(growing, (t, i, l, d, o, c, n) -> { }).packets();
    }

    /** Captures UDP and TCP traffic that this test sends over loopback, with tcpdump. */
    private static Path capture(String device, String precision, Path file) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int tcpPort = server.getLocalPort();
            int udpPort = udp.getLocalPort();
            Path log = file.resolveSibling(file.getFileName() + ".log");
            String filter = "host 127.0.0.1 and (udp port " + udpPort + " or tcp port " + tcpPort + ")";
            // -B 8192 (KiB): with the default ring, "any" dropped packets in the kernel here (tcpdump said so).
            Process tcpdump = new ProcessBuilder("tcpdump", "-i", device, "-n", "-U", "--immediate-mode", "-B", "8192",
                    "--time-stamp-precision", precision, "-w", file.toString(), filter)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Files.readString(log).contains("listening on") && System.nanoTime() < deadline) {
                    assertThat(tcpdump.isAlive()).as(Files.readString(log)).isTrue();
                    Thread.sleep(20);
                }
                // "listening" comes before the filter is in place on some devices: probe until one is written.
                while ((!Files.exists(file) || Files.size(file) <= PcapReader.HEADER)
                        && System.nanoTime() < deadline) {
                    udp.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), udpPort));
                    udp.receive(new DatagramPacket(new byte[2048], 2048));
                    Thread.sleep(50);
                }
                for (int i = 0; i < 5; i++) {
                    byte[] payload = data(20 + i * 100, i);
                    udp.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), udpPort));
                    udp.receive(new DatagramPacket(new byte[2048], 2048));
                }
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tcpPort);
                     Socket accepted = server.accept();
                     OutputStream out = client.getOutputStream();
                     InputStream in = accepted.getInputStream()) {
                    out.write(data(3000, 7));
                    out.flush();
                    assertThat(in.readNBytes(3000)).isEqualTo(data(3000, 7));
                }
                // tcpdump writes each packet as it comes (-U), late on a busy machine: wait until the file holds at
                // least the 5 datagrams and the 7 segments of the TCP exchange, then until it rests.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long size = -1;
                while ((packetsIn(file) < 12 || Files.size(file) != size) && System.nanoTime() < until) {
                    size = Files.size(file);
                    Thread.sleep(500);
                }
            } finally {
                tcpdump.destroy();
                assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(packetsIn(file)).as(Files.readString(log)).isGreaterThanOrEqualTo(12);
        }
        return file;
    }
}
