package org.connwatch.source.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.source.capture.file.CaptureBytes.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's files as tshark and the reader see them: every packet with its nanosecond time,
 * lengths and bytes, one interface description per (interface, link type), the names given.
 */
class PcapngWriterTest {
    private static final long T0 = 1_712_345_678_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void tsharkReadsTheWrittenPacketsWithTheirTimesInterfacesAndNames() throws IOException {
        Path file = dir.resolve("out.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file)) {
            writer.nameInterface(1, "lab0");
            writer.nameInterface(7, "tun-test");
            write(writer, T0 + 1, 1, LinkType.ETHERNET, data(60, 1), 60);
            write(writer, T0 + 999_999_999, 7, LinkType.RAW, data(41, 2), 41);
            write(writer, T0 + 1_000_000_123, 1, LinkType.ETHERNET, data(97, 3), 1514);
            write(writer, T0 + 2_000_000_000, 1, LinkType.LINUX_SLL2, data(64, 4), 64);
            write(writer, T0 + 2_000_000_001, 7, LinkType.RAW, data(0, 0), 0);
            assertThat(writer.packets()).isEqualTo(5);
        }

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(file, got);

        assertThat(report.complete()).as(report.summary()).isTrue();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.repaired()).isEmpty();
        assertThat(report.linkTypes()).containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2);
        assertThat(got.packets).extracting(p -> List.of(p.epochNanos(), p.interfaceId(), p.linkType(),
                p.capturedLength(), p.originalLength())).containsExactly(
                List.of(T0 + 1, 0, LinkType.ETHERNET, 60, 60),
                List.of(T0 + 999_999_999, 1, LinkType.RAW, 41, 41),
                List.of(T0 + 1_000_000_123, 0, LinkType.ETHERNET, 97, 1514),
                List.of(T0 + 2_000_000_000, 2, LinkType.LINUX_SLL2, 64, 64),
                List.of(T0 + 2_000_000_001, 1, LinkType.RAW, 0, 0));
        assertThat(got.packets.get(2).data()).isEqualTo(data(97, 3));
        if (Tshark.available()) {
            assertThat(Tshark.frames(file)).isEqualTo(got.frames());
            assertThat(Tshark.field(file, "frame.interface_name"))
                    .containsExactly("lab0", "tun-test", "lab0", "lab0", "tun-test");
        }
    }

    @Test
    void aCaptureCopiedThroughTheReaderAndTheWriterIsTheSameToTshark() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.BIG_ENDIAN).pcapHeader(true, 0, LinkType.ETHERNET);
        for (int i = 0; i < 200; i++) {
            b.pcapRecord(1_700_000_000L + i / 10, i * 4_999_999L % 1_000_000_000L, data(54 + i * 7 % 1460, i),
                    54 + i * 7 % 1460 + i % 3);
        }
        Path original = b.write(dir.resolve("original.pcap"));
        Path copy = dir.resolve("copy.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(copy)) {
            CaptureFile.read(original, writer);
        }

        Collected before = new Collected();
        Collected after = new Collected();
        CaptureFile.read(original, before);
        CaptureFile.read(copy, after);

        assertThat(after.frames()).isEqualTo(before.frames()).hasSize(200);
        assertThat(after.packets).extracting(Collected.Packet::data)
                .containsExactlyElementsOf(before.packets.stream().map(Collected.Packet::data).toList());
        if (Tshark.available()) {
            assertThat(Tshark.frames(copy)).isEqualTo(Tshark.frames(original));
        }
    }

    @Test
    void aPacketLargerThanTheBufferIsWrittenWhole() throws IOException {
        byte[] jumbo = data(3 * 1024 * 1024 + 3, 9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(bytes)) {
            write(writer, T0, 0, LinkType.RAW, data(10, 1), 10);
            write(writer, T0 + 1, 0, LinkType.RAW, jumbo, jumbo.length);
            write(writer, T0 + 2, 0, LinkType.RAW, data(11, 2), 11);
        }

        Collected got = new Collected();
        CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(bytes.toByteArray()), got, n -> { });

        assertThat(report.complete()).as(report.summary()).isTrue();
        assertThat(got.packets).extracting(Collected.Packet::capturedLength).containsExactly(10, jumbo.length, 11);
        assertThat(got.packets.get(1).data()).isEqualTo(jumbo);
    }

    @Test
    void aStreamAndAFileGetTheSameBytes() throws IOException {
        Path file = dir.resolve("file.pcapng");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (PcapngWriter toFile = PcapngWriter.create(file); PcapngWriter toStream = new PcapngWriter(stream)) {
            for (PcapngWriter w : List.of(toFile, toStream)) {
                w.nameInterface(3, "eth3");
                write(w, T0, 3, LinkType.ETHERNET, data(61, 5), 61);
            }
        }
        assertThat(stream.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void timesBefore1970AreWrittenAs1970AndCounted() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(bytes)) {
            write(writer, -5, 0, LinkType.RAW, data(20, 0), 20);
            write(writer, 5, 0, LinkType.RAW, data(20, 0), 20);
            assertThat(writer.clampedTimes()).isEqualTo(1);
        }
        Collected got = new Collected();
        CaptureFile.read(MemorySegment.ofArray(bytes.toByteArray()), got, n -> { });
        assertThat(got.packets).extracting(Collected.Packet::epochNanos).containsExactly(0L, 5L);
    }

    @Test
    void misuseIsRefused() throws IOException {
        PcapngWriter writer = new PcapngWriter(new ByteArrayOutputStream());
        write(writer, T0, 2, LinkType.ETHERNET, data(20, 0), 20);
        assertThatThrownBy(() -> writer.nameInterface(2, "late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("interface 2 is already described in the file");
        assertThatThrownBy(() -> write(writer, T0, 0, 70_000, data(20, 0), 20))
                .isInstanceOf(IllegalArgumentException.class);
        writer.close();
        writer.close();
        assertThatThrownBy(() -> write(writer, T0, 0, LinkType.RAW, data(20, 0), 20))
                .isInstanceOf(IllegalStateException.class).hasMessage("the writer is closed");
    }

    private static void write(PcapngWriter writer, long nanos, int id, int linkType, byte[] data, int original) {
        // At an offset inside a larger segment, as packets come from a mapped file.
        byte[] framed = new byte[data.length + 5];
        System.arraycopy(data, 0, framed, 5, data.length);
        writer.packet(nanos, id, linkType, MemorySegment.ofArray(framed), 5, data.length, original);
    }
}
