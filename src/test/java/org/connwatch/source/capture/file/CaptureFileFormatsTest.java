package org.connwatch.source.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.source.capture.file.CaptureBytes.data;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built by hand, byte by byte, for what the tools here do not write: both byte orders,
 * nanosecond pcap, several pcapng sections, interfaces of different link types and time
 * resolutions, Simple and obsolete Packet Blocks. Each is read, checked against what was put in,
 * and where tshark is installed, against what tshark reads from the same file.
 */
class CaptureFileFormatsTest {
    private static final long T0 = 1_710_000_000L;

    @TempDir
    Path dir;

    @Test
    void pcapInEitherByteOrderAndEitherFraction() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nanos : List.of(false, true)) {
                // FCS bits (4 bytes of FCS present) in the upper bits of the link-type field: masked off.
                Path file = new CaptureBytes(order).pcapHeader(nanos, 65535, LinkType.ETHERNET | 0x1400_0000)
                        .pcapRecord(T0, nanos ? 123_456_789 : 123_456, data(60, 1), 60)
                        .pcapRecord(T0 + 1, nanos ? 999_999_999 : 999_999, data(1514, 2), 1514)
                        .pcapRecord(T0 + 2, 0, data(96, 3), 1500)
                        .write(dir.resolve(order + "-" + nanos + ".pcap"));

                Collected got = new Collected();
                CaptureReadReport report = CaptureFile.read(file, got);

                assertThat(report.format()).isEqualTo(nanos ? CaptureFormat.PCAP_NANOSECONDS
                        : CaptureFormat.PCAP_MICROSECONDS);
                assertThat(report.complete()).as(report.summary()).isTrue();
                assertThat(report.packets()).isEqualTo(3);
                assertThat(report.bytes()).isEqualTo(60 + 1514 + 96);
                assertThat(report.linkTypes()).containsExactly(LinkType.ETHERNET);
                assertThat(report.skipped()).isEmpty();
                assertThat(got.packets).extracting(Collected.Packet::epochNanos).containsExactly(
                        T0 * 1_000_000_000L + (nanos ? 123_456_789 : 123_456_000),
                        (T0 + 1) * 1_000_000_000L + (nanos ? 999_999_999 : 999_999_000), (T0 + 2) * 1_000_000_000L);
                assertThat(got.packets.get(2).data()).isEqualTo(data(96, 3));
                assertThat(got.packets.get(2).originalLength()).isEqualTo(1500);
                assertThat(got.packets).allMatch(p -> p.linkType() == LinkType.ETHERNET && p.interfaceId() == 0);
                assertThat(report.earliest()).isEqualTo(Instant.ofEpochSecond(T0, nanos ? 123_456_789 : 123_456_000));
                assertThat(report.latest()).isEqualTo(Instant.ofEpochSecond(T0 + 2));
                sameAsTshark(file, got);
            }
        }
    }

    @Test
    void pcapngInterfacesOfDifferentLinkTypesAndTimeResolutions() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.BIG_ENDIAN);
        Path file = b.sectionHeader()
                // 0: Ethernet, milliseconds, one hour later than its stamps say.
                .interfaceBlock(LinkType.ETHERNET, 0, b.name("eth0"), b.tsresol(3), b.tsoffset(3600))
                // 1: raw IPv4, 2^-20 s (the binary resolution some hardware uses), snap length 64.
                .interfaceBlock(LinkType.IPV4, 64, b.tsresol(0x80 | 20))
                .enhancedPacket(0, T0 * 1000 + 5, data(60, 10), 60)
                .enhancedPacket(1, (T0 << 20) + (1 << 19), data(64, 20), 100)
                .obsoletePacket(1, (T0 + 1) << 20, data(40, 30), 40)
                .simplePacket(data(70, 40), 70)
                .write(dir.resolve("two-interfaces.pcapng"));

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(report.format()).isEqualTo(CaptureFormat.PCAPNG);
        assertThat(report.complete()).as(report.summary()).isTrue();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.linkTypes()).containsExactly(LinkType.ETHERNET, LinkType.IPV4);
        assertThat(got.packets).extracting(Collected.Packet::epochNanos).containsExactly(
                (T0 + 3600) * 1_000_000_000L + 5_000_000, T0 * 1_000_000_000L + 500_000_000,
                (T0 + 1) * 1_000_000_000L, (T0 + 1) * 1_000_000_000L);
        assertThat(got.packets).extracting(Collected.Packet::linkType).containsExactly(
                LinkType.ETHERNET, LinkType.IPV4, LinkType.IPV4, LinkType.ETHERNET);
        assertThat(got.packets).extracting(Collected.Packet::interfaceId).containsExactly(0, 1, 1, 0);
        assertThat(got.packets.get(1).data()).isEqualTo(data(64, 20));
        assertThat(got.packets.get(1).originalLength()).isEqualTo(100);
        assertThat(got.packets.get(3).data()).as("a simple packet block: interface 0, its length")
                .isEqualTo(data(70, 40));
        assertThat(report.earliest()).isEqualTo(Instant.ofEpochSecond(T0, 500_000_000));
        assertThat(report.latest()).isEqualTo(Instant.ofEpochSecond(T0 + 3600, 5_000_000));
        // tshark dates a simple packet block by nothing: compare the timed packets.
        assertThat(Tshark.available() ? Tshark.frames(file).subList(0, 3) : got.frames().subList(0, 3))
                .isEqualTo(got.frames().subList(0, 3));
    }

    @Test
    void sectionsEachWithTheirOwnByteOrderAndInterfaces() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        b.sectionHeader().interfaceBlock(LinkType.ETHERNET, 0, b.tsresol(9))
                .enhancedPacket(0, T0 * 1_000_000_000L + 7, data(60, 1), 60)
                .block(4, new byte[4]) // a name resolution block (empty): skipped silently
                .order(ByteOrder.BIG_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.LINUX_SLL2, 0)
                .interfaceBlock(LinkType.RAW, 0, b.tsresol(6))
                .enhancedPacket(1, (T0 + 5) * 1_000_000L + 1, data(44, 2), 44)
                .enhancedPacket(0, (T0 + 6) * 1_000_000L, data(80, 3), 80)
                .block(5, new byte[20]) // interface statistics: skipped silently
                .order(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.NULL, 0)
                .enhancedPacket(0, (T0 + 7) * 1_000_000L, data(32, 4), 32);
        Path file = b.write(dir.resolve("sections.pcapng"));

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(report.complete()).as(report.summary()).isTrue();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.packets()).isEqualTo(4);
        assertThat(report.linkTypes()).containsExactly(LinkType.NULL, LinkType.ETHERNET, LinkType.RAW,
                LinkType.LINUX_SLL2);
        assertThat(got.packets).extracting(Collected.Packet::linkType)
                .containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2, LinkType.NULL);
        assertThat(got.packets).extracting(Collected.Packet::epochNanos).containsExactly(
                T0 * 1_000_000_000L + 7, (T0 + 5) * 1_000_000_000L + 1000, (T0 + 6) * 1_000_000_000L,
                (T0 + 7) * 1_000_000_000L);
        if (Tshark.available()) {
            // tshark numbers the interfaces of all sections in one sequence: compare times and lengths.
            assertThat(Tshark.frames(file)).extracting(f -> List.of(f.epochNanos(), f.length(), f.capturedLength()))
                    .isEqualTo(got.frames().stream().map(f -> List.of(f.epochNanos(), f.length(),
                            f.capturedLength())).toList());
        }
    }

    @Test
    void theSameBytesReadInMemoryAtAnyOffsetGiveTheSamePackets() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.BIG_ENDIAN);
        byte[] file = b.sectionHeader().interfaceBlock(LinkType.ETHERNET, 0, b.tsresol(9))
                .enhancedPacket(0, 42, data(61, 1), 61).bytes();
        byte[] shifted = new byte[file.length + 3];
        System.arraycopy(file, 0, shifted, 3, file.length);

        Collected plain = new Collected();
        Collected moved = new Collected();
        CaptureFile.read(MemorySegment.ofArray(file), plain, n -> { });
        CaptureFile.read(MemorySegment.ofArray(shifted).asSlice(3), moved, n -> { });

        assertThat(moved.frames()).isEqualTo(plain.frames()).hasSize(1);
        assertThat(moved.packets.getFirst().data()).isEqualTo(data(61, 1));
    }

    private static void sameAsTshark(Path file, Collected got) throws IOException {
        if (Tshark.available()) {
            assertThat(got.frames()).as(file.getFileName().toString()).isEqualTo(Tshark.frames(file));
        }
    }

    @Test
    void tsharkIsHereWhereTheBuildRuns() {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed, so the files above were not checked "
                + "against it (apt-get install tshark)");
    }
}
