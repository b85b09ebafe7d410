package org.connwatch.source.capture.file;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.connwatch.source.capture.LinkType;
import org.connwatch.source.capture.PacketSink;

/**
 * Fuzzes {@link CaptureFile}: whatever bytes a file holds, a read never throws, every packet it
 * delivers lies inside the file with sane lengths and a link type the report lists, the report's
 * counts add up to what the sink got, its warning is short and printable, the same bytes at
 * another offset read the same, and the packets written out again by {@link PcapngWriter} read
 * back the same.
 *
 * <p>{@link #anyPcap} reads the input as a file and after a valid pcap header (so that most
 * mutations land in packet records); {@link #anyPcapng} likewise after a section header and two
 * interface descriptions, in both byte orders.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/capture/file/CaptureFileFuzzTestInputs/<method>/}.
 * To fuzz one method (in a copy of the tree, so that Jazzer's corpus writes stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='CaptureFileFuzzTest#anyPcapng'
 * </pre>
 */
class CaptureFileFuzzTest {
    private static final Set<String> DESCRIPTIONS =
            Stream.of(Irregularity.values()).map(Irregularity::description).collect(Collectors.toSet());

    @FuzzTest(maxDuration = "60s")
    void anyPcap(byte[] input) {
        check(input);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            boolean nanos = input.length > 0 && (input[0] & 1) != 0;
            check(concat(new CaptureBytes(order).pcapHeader(nanos, 200, LinkType.ETHERNET | 0x1000_0000).bytes(),
                    input));
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyPcapng(byte[] input) {
        check(input);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            CaptureBytes b = new CaptureBytes(order);
            b.sectionHeader().interfaceBlock(LinkType.ETHERNET, 128, b.tsresol(9), b.tsoffset(-5))
                    .interfaceBlock(LinkType.RAW, 0, b.tsresol(0x80 | 30));
            check(concat(b.bytes(), input));
        }
    }

    /** What one read gave: the report and every packet as (time, interface, link, offset, lengths, bytes). */
    private record Read(CaptureReadReport report, List<List<Object>> packets) {
    }

    private static void check(byte[] file) {
        Read plain = read(MemorySegment.ofArray(file));
        byte[] shifted = new byte[file.length + 3];
        System.arraycopy(file, 0, shifted, 3, file.length);
        Read moved = read(MemorySegment.ofArray(shifted).asSlice(3));
        require(moved.equals(plain), "the same bytes at offset 3 read differently: " + moved + " / " + plain);
        rewritten(plain);
    }

    private static Read read(MemorySegment file) {
        List<List<Object>> packets = new ArrayList<>();
        long[] progress = {-1};
        PacketSink sink = (nanos, id, linkType, data, offset, captured, original) -> {
            require(data == file, "the packet is in the file's segment");
            require(offset >= 0 && captured >= 0 && offset + captured <= file.byteSize(),
                    "inside the file: " + offset + "+" + captured + " of " + file.byteSize());
            require(original >= captured, "original " + original + " >= captured " + captured);
            require(linkType >= 0 && linkType <= 0xffff && id >= 0, "a link type and an interface");
            byte[] bytes = data.asSlice(offset, captured).toArray(ValueLayout.JAVA_BYTE);
            packets.add(List.of(nanos, id, linkType, captured, original, Arrays.hashCode(bytes)));
        };
        CaptureReadReport report = CaptureFile.read(file, sink, n -> {
            require(n > progress[0] && n <= file.byteSize(), "progress grows within the file: " + n);
            progress[0] = n;
        });
        require(progress[0] == file.byteSize(), "progress ends at the file's size");
        require(report.packets() == packets.size(), "every packet counted: " + report);
        require(report.bytes() == packets.stream().mapToLong(p -> (Integer) p.get(3)).sum(), "bytes add up");
        require(report.packets() * 16 <= file.byteSize(), "a packet takes at least 16 bytes of the file");
        long counted = Stream.concat(report.skipped().values().stream(), report.repaired().values().stream())
                .mapToLong(v -> v).sum();
        require(counted <= file.byteSize() / 4 + 1, "at most one count per 4 bytes: " + report);
        require(Stream.concat(report.skipped().keySet().stream(), report.repaired().keySet().stream())
                .allMatch(DESCRIPTIONS::contains), "fixed reasons: " + report);
        require(report.skipped().values().stream().allMatch(v -> v > 0), "only reasons that occurred");
        for (List<Object> p : packets) {
            require(report.linkTypes().contains((Integer) p.get(2)), "a declared link type: " + p);
            long nanos = (Long) p.get(0);
            require(report.earliest() == null ? nanos == 0 : nanos == 0
                    || (nanos >= epochNanos(report.earliest()) && nanos <= epochNanos(report.latest())),
                    "a time within the reported span: " + p + " " + report);
        }
        String w = report.warning();
        require(w == null || (!w.isEmpty() && w.length() <= 200 && w.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
                "a short printable warning: " + w);
        require(report.complete() || report.count(Irregularity.CUT_OFF) + report.count(Irregularity.BROKEN_FRAMING)
                + report.count(Irregularity.BAD_SECTION_HEADER) + report.count(Irregularity.NOT_A_CAPTURE) == 1,
                "one reason the read stopped: " + report);
        require(report.summary().length() < 3000, "a bounded summary");
        return new Read(report, packets);
    }

    /** Writes the packets out again and reads them back: the same times, link types, lengths and bytes. */
    private static void rewritten(Read first) {
        if (first.report().format() == CaptureFormat.NOT_A_CAPTURE) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemorySegment source = MemorySegment.ofArray(new byte[0]);
        try (PcapngWriter writer = new PcapngWriter(out)) {
            // The packets' bytes are gone with the read: write lengths and times with zeroed bytes of that size.
            for (List<Object> p : first.packets()) {
                int captured = (Integer) p.get(3);
                if (source.byteSize() < captured) {
                    source = MemorySegment.ofArray(new byte[captured]);
                }
                writer.packet((Long) p.get(0), (Integer) p.get(1), (Integer) p.get(2), source, 0, captured,
                        (Integer) p.get(4));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<Object>> again = new ArrayList<>();
        CaptureReadReport report = CaptureFile.read(MemorySegment.ofArray(out.toByteArray()),
                (nanos, id, linkType, data, offset, captured, original) ->
                        again.add(List.of(nanos, linkType, captured, original)), n -> { });
        require(report.complete() && report.skipped().isEmpty() && report.repaired().isEmpty(),
                "the writer's file reads cleanly: " + report);
        require(again.equals(first.packets().stream().map(p -> List.of(Math.max(0L, (Long) p.get(0)), p.get(2),
                p.get(3), p.get(4))).toList()), "written and read back alike");
    }

    private static long epochNanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
