package org.connwatch.source.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.source.capture.file.CaptureBytes.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.connwatch.source.capture.LinkType;
import org.connwatch.source.capture.PacketSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files: what can be skipped is counted and skipped, what breaks the framing
 * stops the read with the packets so far and a warning naming the byte offset, and nothing in a
 * file makes a read throw. Where tshark is installed, it reads the same packets before the damage.
 */
class CaptureFileDamageTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    @Test
    void aPcapCutInTheMiddleOfAPacketGivesThePacketsBeforeTheCutAndSaysWhere() throws IOException {
        byte[] whole = fivePackets(ByteOrder.LITTLE_ENDIAN);
        long fourth = 24 + 3 * (16 + 100);
        Path file = write("cut.pcap", Arrays.copyOf(whole, (int) fourth + 16 + 40));

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(got.packets).hasSize(3);
        assertThat(report.packets()).isEqualTo(3);
        assertThat(report.complete()).isFalse();
        assertThat(report.warning()).isEqualTo("the file is cut off at byte " + fourth
                + ": the packet record there needs 100 bytes, 40 remain");
        assertThat(report.count(Irregularity.CUT_OFF)).isEqualTo(1);
        if (Tshark.available()) {
            assertThat(got.frames()).isEqualTo(Tshark.frames(file));
        }
    }

    @Test
    void aPcapngCutInsideABlockGivesThePacketsBeforeIt() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.BIG_ENDIAN).sectionHeader().interfaceBlock(LinkType.ETHERNET, 0);
        int before = b.bytes().length;
        b.enhancedPacket(0, T0 * 1_000_000, data(100, 1), 100);
        int second = b.bytes().length;
        b.enhancedPacket(0, T0 * 1_000_000 + 1, data(100, 2), 100);
        Path file = write("cut.pcapng", Arrays.copyOf(b.bytes(), second + 50));

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(before).isEqualTo(28 + 20);
        assertThat(got.packets).hasSize(1);
        assertThat(report.warning()).isEqualTo("the file is cut off at byte " + second
                + ": the block there needs 132 bytes, 50 remain");
        if (Tshark.available()) {
            assertThat(got.frames()).isEqualTo(Tshark.frames(file));
        }
    }

    @Test
    void garbageAfterTheLastPacketIsCountedAndTheRestKept() throws IOException {
        byte[] garbage = new byte[1000];
        new Random(7).nextBytes(garbage);
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] pcap = concat(fivePackets(order), garbage);
            CaptureBytes ng = new CaptureBytes(order).sectionHeader().interfaceBlock(LinkType.ETHERNET, 0);
            for (int i = 0; i < 5; i++) {
                ng.enhancedPacket(0, T0 * 1_000_000 + i, data(100, i), 100);
            }
            for (byte[] file : List.of(pcap, concat(ng.bytes(), garbage))) {
                Collected got = new Collected();
                CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(file), got, n -> { });
                assertThat(got.packets).hasSize(5);
                assertThat(report.complete()).isFalse();
                assertThat(report.count(Irregularity.CUT_OFF) + report.count(Irregularity.BROKEN_FRAMING))
                        .isEqualTo(1);
                assertThat(report.warning()).contains("at byte " + (file.length - garbage.length) + ":");
            }
        }
    }

    @Test
    void badPacketsInSoundBlocksAreCountedAndSkipped() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
        b.sectionHeader()
                .simplePacket(data(10, 0), 10)                          // no interface yet
                .interfaceBlock(LinkType.ETHERNET, 64, b.tsresol(9))
                .enhancedPacket(3, T0, data(60, 1), 60)                 // interface 3 was never described
                .enhancedPacket(0, T0, 400, 400, data(60, 2))           // captured length past the block
                .enhancedPacket(0, -1L, data(60, 3), 60)                // 2^64-1 ns: past the year 2262
                .enhancedPacket(0, T0, data(100, 4), 100)               // over the snap length 64: cut to it
                .enhancedPacket(0, T0 + 1, data(60, 5), 20)             // original shorter than captured
                .block(0x0000_0777, new byte[8])                        // a type nobody defined
                .block(1, new byte[4])                                  // an interface block too short: id 1
                .enhancedPacket(1, T0, data(60, 6), 60)                 // on that unusable interface
                .interfaceBlock(LinkType.RAW, 0, b.tsresol(100))        // 10^-100 s: microseconds assumed
                .enhancedPacket(2, 5, data(20, 7), 20)
                .interfaceBlock(LinkType.RAW, 0, b.option(2, new byte[4]), b.tsoffset(1L << 62)) // offset too big
                .enhancedPacket(3, 6, data(20, 8), 20);
        Path file = b.write(dir.resolve("bad-packets.pcapng"));

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(report.complete()).as(report.summary()).isTrue();
        assertThat(report.count(Irregularity.NO_INTERFACE)).isEqualTo(3);
        assertThat(report.count(Irregularity.PACKET_PAST_BLOCK)).isEqualTo(1);
        assertThat(report.count(Irregularity.TIME_OUT_OF_RANGE)).isEqualTo(1);
        assertThat(report.count(Irregularity.UNKNOWN_BLOCK)).isEqualTo(1);
        assertThat(report.count(Irregularity.SHORT_BLOCK)).isEqualTo(1);
        assertThat(report.count(Irregularity.OVER_SNAP_LENGTH)).isEqualTo(1);
        assertThat(report.count(Irregularity.ORIGINAL_TOO_SHORT)).isEqualTo(1);
        assertThat(report.count(Irregularity.BAD_TIME_RESOLUTION)).isEqualTo(1);
        assertThat(report.count(Irregularity.BAD_TIME_OFFSET)).isEqualTo(1);
        assertThat(report.skipped()).containsEntry("packets on an interface with no usable interface description", 3L);
        assertThat(got.packets).extracting(p -> List.of(p.epochNanos(), p.capturedLength(), p.originalLength()))
                .containsExactly(List.of(T0, 64, 100), List.of(T0 + 1, 60, 60), List.of(5_000L, 20, 20),
                        List.of(6_000L, 20, 20));
        assertThat(report.summary()).startsWith("pcapng: 4 packet(s), 164 byte(s), ethernet, raw-ip; skipped ")
                .contains("1 blocks of a type this reader does not know")
                .contains("repaired 1 interfaces with an impossible time offset (ignored)");
    }

    @Test
    void interfaceDescriptionsPastTheLimitAreCountedAndTheirPacketsSkipped() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader();
        for (int i = 0; i <= PcapngInterfaces.MAX; i++) {
            b.interfaceBlock(LinkType.ETHERNET, 0);
        }
        b.enhancedPacket(PcapngInterfaces.MAX - 1, 1, data(20, 0), 20)
                .enhancedPacket(PcapngInterfaces.MAX, 2, data(20, 0), 20);

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(b.bytes()), got, n -> { });

        assertThat(got.packets).extracting(Collected.Packet::interfaceId).containsExactly(PcapngInterfaces.MAX - 1);
        assertThat(report.count(Irregularity.TOO_MANY_INTERFACES)).isEqualTo(1);
        assertThat(report.count(Irregularity.NO_INTERFACE)).isEqualTo(1);
    }

    @Test
    void brokenBlockFramingStopsTheReadAtThatBlock() throws IOException {
        CaptureBytes start = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
                .interfaceBlock(LinkType.ETHERNET, 0).enhancedPacket(0, T0, data(60, 1), 60);
        int at = start.bytes().length;
        record Case(byte[] tail, String warning) {
        }
        List<Case> cases = List.of(
                new Case(le(6, 14, 0, 0), "a block of length 14, not a multiple of 4"),
                new Case(le(6, 8, 8), "a block of length 8, under the 12 bytes of a block's frame"),
                new Case(le(6, 16, 0, 20), "a block whose length is 16 at its start and 20 at its end"),
                new Case(le(0x0a0d0d0a, 28, 0x11223344, 0, 0, 0, 28), "a section header with the byte-order mark"
                        + " 44332211, not 1a2b3c4d either way"),
                new Case(le(0x0a0d0d0a, 28, 0x1a2b3c4d, 2, 0, 0, 28), "a section header of pcapng version 2.0,"
                        + " not 1.x"),
                new Case(le(0x0a0d0d0a, 16, 0x1a2b3c4d, 16), "a section header of 16 bytes, shorter than its fixed"
                        + " fields"));
        for (Case c : cases) {
            Collected got = new Collected();
            CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(concat(start.bytes(), c.tail)), got,
                    n -> { });
            assertThat(got.packets).hasSize(1);
            assertThat(report.warning()).isEqualTo("reading stopped at byte " + at + ": " + c.warning);
        }
    }

    @Test
    void aPcapRecordLongerThanAnySnapLengthIsGarbageAndOneOverTheSnapLengthIsCut() throws IOException {
        byte[] file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 100, LinkType.ETHERNET)
                .pcapRecord(T0, 0, data(150, 1), 150)
                .pcapRecord((int) T0, 0, 300_000, 300_000, data(40, 2))
                .bytes();
        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(file), got, n -> { });

        assertThat(got.packets).extracting(Collected.Packet::capturedLength).containsExactly(100);
        assertThat(got.packets.getFirst().originalLength()).isEqualTo(150);
        assertThat(report.count(Irregularity.OVER_SNAP_LENGTH)).isEqualTo(1);
        assertThat(report.warning()).isEqualTo("reading stopped at byte 190: the packet record there claims"
                + " 300000 captured bytes, more than the snap length 100");
    }

    @Test
    void aFileThatIsNotACaptureIsNamedByItsFirstBytes() throws IOException {
        Path gz = dir.resolve("capture.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(fivePackets(ByteOrder.LITTLE_ENDIAN));
        }
        assertThat(notACapture(gz)).startsWith("not a pcap or pcapng file: it begins with 1f 8b 08 00")
                .endsWith("(gzip-compressed data; unpack it first)");
        assertThat(notACapture(write("notes.txt", "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("not a pcap or pcapng file: it begins with 47 45 54 20 2f 20 48 54 (text)");
        assertThat(notACapture(write("empty.pcap", new byte[0]))).isEqualTo("not a pcap or pcapng file: it is empty");
        assertThat(notACapture(write("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3})))
                .isEqualTo("not a pcap or pcapng file: it is only 2 byte(s) long, begins with d4 c3");
        assertThat(notACapture(write("kuznetzov.pcap", le(0xa1b2cd34, 0))))
                .contains("modified (Kuznetzov) pcap file, not supported");
    }

    @Test
    void aMissingFileOrADirectoryIsAnIoErrorWithAClearMessage() {
        assertThatThrownBy(() -> CaptureFile.read(dir.resolve("nope.pcap"), new Collected()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.pcap: no such capture file");
        assertThatThrownBy(() -> CaptureFile.read(dir, new Collected()))
                .isInstanceOf(IOException.class).hasMessageEndingWith("is a directory, not a capture file");
    }

    @Test
    void aFileCutWhileItIsBeingReadIsAnIoError() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 0, LinkType.RAW);
        for (int i = 0; i < 2_000; i++) {
            b.pcapRecord(T0, i, data(1400, i), 1400);
        }
        Path file = b.write(dir.resolve("shrinking.pcap"));
        PacketSink cutter = (t, i, l, d, o, c, n) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(100); // as a capture rotated away under the reader would be
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertThatThrownBy(() -> CaptureFile.read(file, cutter)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("shrinking.pcap: the file shrank while it was being read, or a read failed");
    }

    @Test
    void progressIsReportedEveryFewMegabytesAndAtTheEnd() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(true, 0, LinkType.RAW);
        byte[] payload = data(1400, 0);
        for (int i = 0; i < 10_000; i++) {
            b.pcapRecord(T0, i, payload, payload.length);
        }
        Path file = b.write(dir.resolve("big.pcap"));
        List<Long> seen = new ArrayList<>();

        CaptureReadReport report = CaptureFile.read(file, (t, i, l, d, o, c, n) -> { }, seen::add);

        assertThat(report.packets()).isEqualTo(10_000);
        long size = Files.size(file);
        assertThat(seen).hasSize((int) (size / CaptureFile.PROGRESS_STEP) + 1).isSorted();
        assertThat(seen.getFirst()).isBetween(CaptureFile.PROGRESS_STEP, CaptureFile.PROGRESS_STEP + 1416);
        assertThat(seen.getLast()).isEqualTo(size);
    }

    private String notACapture(Path file) throws IOException {
        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);
        assertThat(report.format()).isEqualTo(CaptureFormat.NOT_A_CAPTURE);
        assertThat(report.packets()).isZero();
        assertThat(report.count(Irregularity.NOT_A_CAPTURE)).isEqualTo(1);
        return report.warning();
    }

    private static byte[] fivePackets(ByteOrder order) {
        CaptureBytes b = new CaptureBytes(order).pcapHeader(false, 65535, LinkType.ETHERNET);
        for (int i = 0; i < 5; i++) {
            b.pcapRecord(T0 + i, i, data(100, i), 100);
        }
        return b.bytes();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** 32-bit little-endian words. */
    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
