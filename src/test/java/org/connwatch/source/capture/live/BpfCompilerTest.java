package org.connwatch.source.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filter expressions compiled through FFM give exactly the program tcpdump compiles for a capture
 * file of the same link type ({@code tcpdump -r empty.pcap -ddd EXPR}), and libpcap's own error
 * text for a bad one.
 */
class BpfCompilerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsLibpcap() {
        assumeTrue(BpfCompiler.isAvailable(), () -> "libpcap missing: " + BpfCompiler.unavailabilityCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp port 9999", "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0 and host 10.1.2.3",
            "ip6 and icmp6", "net 192.0.2.0/24 and not port 22", "udp and greater 200", "portrange 1000-2000"})
    void compilesWhatTcpdumpCompiles(String expression) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")), "needs tcpdump to compare with");
        for (int linkType : new int[] {LinkType.ETHERNET, LinkType.RAW}) {
            BpfProgram ours = BpfCompiler.compile(expression, linkType, LiveCaptureOptions.MAX_SNAP_LENGTH);
            assertThat(ours.toString()).as("%s for %s", expression, LinkType.name(linkType))
                    .isEqualTo(tcpdump(linkType, expression).stdout.strip());
        }
    }

    @Test
    void aBadExpressionGivesLibpcapsWordsOnOneLine() throws Exception {
        assertThatThrownBy(() -> BpfCompiler.compile("udp prot 9999", LinkType.ETHERNET, 65535))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessage("capture filter \"udp prot 9999\": can't parse filter expression: syntax error")
                .satisfies(e -> assertThat(((FilterSyntaxException) e).expression()).isEqualTo("udp prot 9999"));
        if (Files.isExecutable(Path.of("/usr/bin/tcpdump"))) {
            assertThat(tcpdump(LinkType.ETHERNET, "udp prot 9999").stderr)
                    .contains("can't parse filter expression: syntax error");
        }
        assertThatThrownBy(() -> BpfCompiler.compile("udp and\nport", LinkType.ETHERNET, 65535))
                .isInstanceOf(FilterSyntaxException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> BpfCompiler.compile("udp\0port 1", LinkType.ETHERNET, 65535))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> BpfCompiler.compile("ip broadcast", LinkType.ETHERNET, 65535))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("netmask");
    }

    @Test
    void theSnapLengthIsWhatTheProgramAccepts() throws Exception {
        List<BpfInstruction> program = BpfCompiler.compile("udp", LinkType.ETHERNET, 96).instructions();
        assertThat(program).filteredOn(i -> i.code() == BpfInstruction.RET_K).extracting(BpfInstruction::k)
                .containsExactlyInAnyOrder(96, 0);
    }

    @Test
    void everyInterfaceGetsOneProgramThatPicksByHardwareType() throws Exception {
        BpfProgram ethernet = BpfCompiler.compile("udp port 53", LinkType.ETHERNET, 262144);
        BpfProgram raw = BpfCompiler.compile("udp port 53", LinkType.RAW, 262144);
        BpfProgram both = BpfCompiler.compileForAllInterfaces("udp port 53", 262144);
        int tests = HardwareType.ETHERNET_TYPES.length + HardwareType.RAW_IP_TYPES.length;
        List<BpfInstruction> in = both.instructions();
        assertThat(in.getFirst()).isEqualTo(new BpfInstruction(0x20, 0, 0, 0xFFFFF000 + 28));
        assertThat(in.get(1 + tests)).as("other hardware types: dropped").isEqualTo(new BpfInstruction(6, 0, 0, 0));
        assertThat(in.subList(4 + tests, 4 + tests + ethernet.length())).isEqualTo(ethernet.instructions());
        assertThat(in.subList(4 + tests + ethernet.length(), in.size())).isEqualTo(raw.instructions());
        // Every jump of the dispatch lands on the start of the right program.
        for (int i = 0; i < tests; i++) {
            BpfInstruction test = in.get(1 + i);
            int target = 2 + i + test.jt();
            BpfInstruction ja = in.get(target);
            int start = target + 1 + ja.k();
            boolean isEthernet = i < HardwareType.ETHERNET_TYPES.length;
            assertThat(start).as("hardware type %d", test.k())
                    .isEqualTo(isEthernet ? 4 + tests : 4 + tests + ethernet.length());
        }
        // An Ethernet-only expression matches nothing on raw-IP interfaces.
        BpfProgram arp = BpfCompiler.compileForAllInterfaces("arp", 262144);
        assertThat(arp.instructions().getLast()).isEqualTo(new BpfInstruction(6, 0, 0, 0));
        assertThatThrownBy(() -> BpfCompiler.compileForAllInterfaces("udp prot 1", 262144))
                .isInstanceOf(FilterSyntaxException.class);
    }

    @Test
    void reportsItsLibpcap() throws Exception {
        assertThat(BpfCompiler.libraryVersion()).startsWith("libpcap version");
        assertThat(Libpcap.libraryName()).isIn(Libpcap.NAMES);
    }

    /** What {@code tcpdump -r FILE -ddd EXPR} prints for an empty capture file of that link type. */
    private Output tcpdump(int linkType, String expression) throws IOException, InterruptedException {
        Path file = dir.resolve("empty-" + linkType + ".pcap");
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(LiveCaptureOptions.MAX_SNAP_LENGTH).putInt(linkType);
        Files.write(file, header.array());
        Process p = new ProcessBuilder("/usr/bin/tcpdump", "-r", file.toString(), "-ddd", expression).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Output(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private record Output(String stdout, String stderr) {
    }
}
