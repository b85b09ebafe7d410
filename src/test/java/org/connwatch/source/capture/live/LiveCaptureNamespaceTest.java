package org.connwatch.source.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.connwatch.lab.Lab;
import org.connwatch.lab.LabHost;
import org.connwatch.lab.LabProcess;
import org.connwatch.lab.LabRole;
import org.connwatch.lab.Sink;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture in network namespaces made for the test (two hosts on a bridge, see {@link Lab}),
 * the capture running in a child JVM inside a host: known UDP datagrams and a TCP exchange arrive
 * whole, with plausible times, exactly as tcpdump sees them on the same interface; a filter passes
 * only what it matches; VLAN tags come back as on the wire; a tun device gives raw IP; a capture on
 * every interface filters Ethernet, loopback and tun packets alike; a slow sink on a tiny ring
 * drops, and the counters say so. Needs root and {@code ip}; skipped otherwise. The lab's
 * namespaces are removed after the tests, also on failure.
 */
class LiveCaptureNamespaceTest {
    private static final String A = "10.91.0.1";
    private static final String B = "10.91.0.2";
    private static final int[] SIZES = {0, 1, 18, 100, 512, 1000, 1472};
    private static final Duration EXIT = Duration.ofSeconds(60);

    private static Lab lab;
    private static LabHost a;
    private static LabHost b;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildLab() throws IOException {
        Lab.assumeAvailable();
        assumeTrue(BpfCompiler.isAvailable(), () -> "libpcap missing: " + BpfCompiler.unavailabilityCause());
        lab = Lab.start();
        a = lab.addHost("cap-a", LabRole.WORKSTATION, A + "/24");
        b = lab.addHost("cap-b", LabRole.SERVER, B + "/24");
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void udpAndTcpArriveWholeAndExactlyAsTcpdumpSeesThem() throws Exception {
        assumeTrue(Tcpdump.installed(), "needs tcpdump to compare with");
        List<Captured> ours;
        PcapFile theirs;
        long before;
        long trafficDone;
        try (Tcpdump tcpdump = Tcpdump.start(b.namespace(), "eth0", dir.resolve("b.pcap"));
             LabProcess sink = b.java(Sink.class, "7000");
             LabProcess probe = b.java(CaptureProbe.class, "--interface", "eth0")) {
            assertThat(probe.firstLine()).startsWith("ready linktype=" + LinkType.ETHERNET);
            before = System.currentTimeMillis() * 1_000_000L;
            run(a, "udp", B, "9999", sizes(SIZES));
            run(a, "tcp", B, "7000", "20000");
            trafficDone = System.currentTimeMillis() * 1_000_000L;
            ours = stop(probe);
            theirs = tcpdump.stop();
        }
        long after = System.currentTimeMillis() * 1_000_000L;

        assertThat(theirs.linkType()).isEqualTo(LinkType.ETHERNET);
        // Up to the end of the traffic: a late packet (the sink's last ACK under load) may reach
        // tcpdump, which stops after our probe.
        assertSame(ours, theirs, before, trafficDone);
        List<Captured> udp = ours.stream().filter(udpTo(9999)).toList();
        assertThat(udp).extracting(Captured::original)
                .containsExactlyElementsOf(IntStream.of(SIZES).map(s -> 14 + 20 + 8 + s).boxed().toList());
        for (int i = 0; i < SIZES.length; i++) {
            Captured c = udp.get(i);
            assertThat(c.bytes()).hasSize(c.original());
            assertThat(Arrays.copyOfRange(c.bytes(), 42, c.bytes().length))
                    .isEqualTo(LiveCaptureLoopbackTest.payload(SIZES[i]));
            assertThat(c.epochNanos()).isBetween(before, after);
        }
        List<Captured> tcp = ours.stream().filter(c -> isIpv4(c) && c.bytes()[14 + 9] == 6).toList();
        assertThat(tcp).anyMatch(c -> (c.bytes()[14 + 20 + 13] & 0x12) == 0x02); // the SYN
        int sent = tcp.stream().filter(c -> u16(c.bytes(), 14 + 20 + 2) == 7000)
                .mapToInt(c -> u16(c.bytes(), 14 + 2) - 20 - ((c.bytes()[14 + 20 + 12] & 0xF0) >> 2)).sum();
        assertThat(sent).as("TCP payload bytes towards the sink").isEqualTo(20000);
    }

    @Test
    void aFilterPassesOnlyWhatItMatches() throws Exception {
        List<Captured> ours;
        try (LabProcess sink = b.java(Sink.class, "7001");
             LabProcess probe = b.java(CaptureProbe.class, "--interface", "eth0", "--filter", "udp port 9999")) {
            run(a, "udp", B, "9998", sizes(SIZES));
            run(a, "udp", B, "9999", sizes(SIZES));
            run(a, "tcp", B, "7001", "3000");
            ours = stop(probe);
        }
        assertThat(ours).hasSize(SIZES.length).allMatch(udpTo(9999));
        assertThat(ours).extracting(Captured::original)
                .containsExactlyElementsOf(IntStream.of(SIZES).map(s -> 42 + s).boxed().toList());
    }

    @Test
    void vlanTagsTheKernelTookOffComeBackAsOnTheWire() throws Exception {
        assumeTrue(Tcpdump.installed(), "needs tcpdump to compare with");
        int frames = 6;
        List<Captured> ours;
        PcapFile theirs;
        long before;
        try (Tcpdump tcpdump = Tcpdump.start(b.namespace(), "eth0", dir.resolve("vlan.pcap"),
                "ether src 02:00:00:00:00:01");
             LabProcess probe = b.java(CaptureProbe.class, "--interface", "eth0", "--filter",
                     "ether src 02:00:00:00:00:01")) {
            before = System.currentTimeMillis() * 1_000_000L;
            run(a, FrameSender.class, "eth0", Integer.toString(frames));
            ours = stop(probe);
            theirs = tcpdump.stop();
            assertThat(stats(probe)).containsEntry("vlan", (long) frames);
        }
        assertThat(ours).extracting(c -> HexFormat.of().formatHex(c.bytes()))
                .containsExactlyElementsOf(IntStream.range(0, frames)
                        .mapToObj(i -> HexFormat.of().formatHex(FrameSender.frame(i))).toList());
        assertSame(ours, theirs, before);
    }

    @Test
    void aTunDeviceGivesRawIpPackets() throws Exception {
        assumeTrue(Tcpdump.installed(), "needs tcpdump to compare with");
        List<Captured> ours;
        PcapFile theirs;
        long before;
        try (LabProcess tun = tun(a, "cwtun0", "10.92.0.1/24");
             Tcpdump tcpdump = Tcpdump.start(a.namespace(), "cwtun0", dir.resolve("tun.pcap"));
             LabProcess probe = a.java(CaptureProbe.class, "--interface", "cwtun0")) {
            assertThat(probe.firstLine()).startsWith("ready linktype=" + LinkType.RAW).contains("none/tun_(65534)");
            before = System.currentTimeMillis() * 1_000_000L;
            run(a, "udp", "10.92.0.2", "9999", sizes(SIZES));
            ours = stop(probe);
            theirs = tcpdump.stop();
        }
        assertThat(theirs.linkType()).as("what libpcap makes of a tun device").isEqualTo(LinkType.RAW);
        assertSame(ours, theirs, before);
        List<Captured> udp = ours.stream().filter(c -> c.bytes()[0] == 0x45 && c.bytes()[9] == 17).toList();
        assertThat(udp).extracting(Captured::original)
                .containsExactlyElementsOf(IntStream.of(SIZES).map(s -> 20 + 8 + s).boxed().toList());
        assertThat(udp).allMatch(c -> c.linkType() == LinkType.RAW && u16(c.bytes(), 22) == 9999);
    }

    @Test
    void everyInterfaceWithAFilterMatchesEthernetLoopbackAndTunPackets() throws Exception {
        List<Captured> ours;
        int[] sizes = {10, 300};
        int tun1;
        try (LabProcess tun = tun(a, "cwtun1", "10.93.0.1/24");
             LabProcess probe = a.java(CaptureProbe.class, "--interface", "any", "--filter", "udp port 9999")) {
            assertThat(probe.firstLine()).startsWith("ready linktype=per-packet");
            run(a, "udp", B, "9999", sizes(sizes));
            run(a, "udp", "10.93.0.2", "9999", sizes(sizes));
            run(a, "udp", "127.0.0.1", "9999", sizes(sizes));
            run(a, "udp", B, "9998", sizes(sizes));
            ours = stop(probe);
            tun1 = ifindex(a, "cwtun1");
        }
        int eth0 = ifindex(a, "eth0");
        int lo = ifindex(a, "lo");
        assertThat(ours).filteredOn(c -> c.interfaceId() == eth0).extracting(Captured::linkType, Captured::original)
                .containsExactly(pair(LinkType.ETHERNET, 42 + 10), pair(LinkType.ETHERNET, 42 + 300));
        assertThat(ours).filteredOn(c -> c.interfaceId() == tun1).extracting(Captured::linkType, Captured::original)
                .containsExactly(pair(LinkType.RAW, 28 + 10), pair(LinkType.RAW, 28 + 300));
        assertThat(ours).filteredOn(c -> c.interfaceId() == lo).extracting(Captured::linkType, Captured::original)
                .as("loopback: each datagram once").containsExactly(pair(LinkType.ETHERNET, 42 + 10),
                        pair(LinkType.ETHERNET, 42 + 300));
        assertThat(ours).hasSize(6);
    }

    @Test
    void promiscuousModeIsOnWhileCapturingOnly() throws Exception {
        int promiscuous = 0x100;
        try (LabProcess probe = b.java(CaptureProbe.class, "--interface", "eth0", "--promiscuous",
                "--filter", "udp port 1")) {
            assertThat(flags(b, "eth0") & promiscuous).isNotZero();
            stop(probe);
        }
        assertThat(flags(b, "eth0") & promiscuous).isZero();
    }

    @Test
    void aSlowSinkOnATinyRingDropsAndTheCountersSaySo() throws Exception {
        Map<String, Long> stats;
        try (LabProcess probe = b.java(CaptureProbe.class, "--interface", "eth0", "--filter", "udp port 9999",
                "--block-size", "4096", "--block-count", "2", "--slow-micros", "2000", "--quiet")) {
            run(a, "flood", B, "9999", "1", "64");
            stop(probe);
            stats = stats(probe);
        }
        assertThat(stats.get("dropped")).isPositive();
        assertThat(stats.get("freezes")).isPositive();
        assertThat(stats.get("delivered")).isPositive();
        assertThat(stats.get("delivered") + stats.get("dropped")).isLessThanOrEqualTo(stats.get("received"));
        assertThat(stats.get("malformed")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Our packets and tcpdump's from {@code since} on (when both were listening): the same number,
     * and each the same length and bytes, and the same time within a millisecond (the kernel stamps
     * a packet once for every socket when it carries a receive time, else each socket reads the
     * clock as it copies the packet: UDP here matches to the nanosecond, TCP within microseconds).
     */
    private static void assertSame(List<Captured> ours, PcapFile theirs, long since) {
        assertSame(ours, theirs, since, Long.MAX_VALUE);
    }

    /** As {@link #assertSame(List, PcapFile, long)}, for the packets from {@code since} to {@code until}. */
    private static void assertSame(List<Captured> ours, PcapFile theirs, long since, long until) {
        List<Captured> o = ours.stream().filter(c -> c.epochNanos() >= since && c.epochNanos() <= until).toList();
        List<PcapFile.Packet> t = theirs.packets().stream()
                .filter(p -> p.epochNanos() >= since && p.epochNanos() <= until).toList();
        assertThat(o).as("packets: ours %s vs tcpdump's %s", o, t).hasSameSizeAs(t).isNotEmpty();
        for (int i = 0; i < o.size(); i++) {
            assertThat(o.get(i).original()).as("packet %d: length on the wire", i).isEqualTo(t.get(i).originalLength());
            assertThat(HexFormat.of().formatHex(o.get(i).bytes())).as("packet %d: bytes", i)
                    .isEqualTo(HexFormat.of().formatHex(t.get(i).bytes()));
            assertThat(o.get(i).epochNanos()).as("packet %d: time", i)
                    .isCloseTo(t.get(i).epochNanos(), org.assertj.core.data.Offset.offset(1_000_000L));
        }
    }

    private static LabProcess tun(LabHost host, String name, String cidr) throws IOException {
        LabProcess holder = host.java(TunHolder.class, name);
        host.exec("ip", "link", "set", name, "addrgenmode", "none").orThrow();
        host.exec("ip", "addr", "add", cidr, "dev", name).orThrow();
        host.exec("ip", "link", "set", name, "up").orThrow();
        return holder;
    }

    private static void run(LabHost host, String... args) throws IOException {
        run(host, TrafficSender.class, args);
    }

    private static void run(LabHost host, Class<?> program, String... args) throws IOException {
        try (LabProcess p = host.java(program, args)) {
            assertThat(p.firstLine()).startsWith("done");
            assertThat(p.awaitExit(EXIT)).isZero();
        }
    }

    /** Stops the probe and returns its packets. */
    private static List<Captured> stop(LabProcess probe) throws IOException {
        probe.send("stop");
        assertThat(probe.awaitExit(EXIT)).as(probe.errorTail()).isZero();
        List<Captured> out = new ArrayList<>();
        for (String line : probe.lines("pkt")) {
            String[] w = line.split(" ");
            out.add(new Captured(Long.parseLong(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    Integer.parseInt(w[4]), w.length > 5 ? HexFormat.of().parseHex(w[5]) : new byte[0]));
        }
        return out;
    }

    private static Map<String, Long> stats(LabProcess probe) {
        List<String> lines = probe.lines("stats");
        assertThat(lines).hasSize(1);
        return LabProcess.fields(lines.getFirst()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Long.parseLong(e.getValue())));
    }

    private static int ifindex(LabHost host, String name) throws IOException {
        return Integer.parseInt(host.exec("cat", "/sys/class/net/" + name + "/ifindex").orThrow().stdout().strip());
    }

    private static int flags(LabHost host, String name) throws IOException {
        return Integer.decode(host.exec("cat", "/sys/class/net/" + name + "/flags").orThrow().stdout().strip());
    }

    private static String sizes(int[] sizes) {
        return String.join(",", IntStream.of(sizes).mapToObj(Integer::toString).toList());
    }

    private static org.assertj.core.groups.Tuple pair(int linkType, int length) {
        return org.assertj.core.groups.Tuple.tuple(linkType, length);
    }

    private static Predicate<Captured> udpTo(int port) {
        return c -> isIpv4(c) && c.bytes()[14 + 9] == 17 && u16(c.bytes(), 14 + 20 + 2) == port;
    }

    private static boolean isIpv4(Captured c) {
        return c.linkType() == LinkType.ETHERNET && c.bytes().length >= 14 + 20 + 8 && u16(c.bytes(), 12) == 0x0800;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /** One packet as the probe printed it. */
    record Captured(long epochNanos, int interfaceId, int linkType, int original, byte[] bytes) {
    }
}
