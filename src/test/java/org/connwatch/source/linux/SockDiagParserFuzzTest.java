package org.connwatch.source.linux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Fuzzes {@link SockDiagParser}: whatever bytes a reply datagram holds, parsing it gives socket
 * records that keep their invariants, or a {@link MalformedSocketDataException} or a
 * {@link NetlinkErrorException}; never another exception, and the same answer wherever the
 * datagram sits in its buffer.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/linux/SockDiagParserFuzzTestInputs/anyDatagram/}:
 * the datagrams {@link SockDiagSampleRecorder} recorded, the messages they hold, and any
 * {@code crash-*} file Jazzer saved there. To fuzz (one fuzz test per run, for its maxDuration):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest=SockDiagParserFuzzTest
 * </pre>
 * Jazzer keeps what it generates in {@code .cifuzz-corpus/} in the project folder and writes an
 * input that breaks the target into the seed folder, where it becomes a regression test.
 */
class SockDiagParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final long U32 = 0xffffffffL;
    private static final SockDiagParser PARSER = new SockDiagParser();

    @FuzzTest(maxDuration = "60s")
    void anyDatagram(byte[] datagram) {
        for (Transport transport : List.of(Transport.TCP, Transport.UDP)) {
            Result plain = parse(ByteBuffer.wrap(datagram), transport);
            // The same bytes at offset 3 of a big-endian buffer: the parser reads from the position, in host order.
            byte[] shifted = new byte[datagram.length + 3];
            System.arraycopy(datagram, 0, shifted, 3, datagram.length);
            Result moved = parse(ByteBuffer.wrap(shifted).order(ByteOrder.BIG_ENDIAN).position(3), transport);
            check(moved.equals(plain), "the same datagram at another offset gave " + moved + " instead of " + plain);
        }
    }

    /** What one parse gave: the sockets, then the outcome or the declared exception's text. */
    private record Result(List<Connection> sockets, String ending, boolean interrupted, int skipped) {
    }

    private static Result parse(ByteBuffer buffer, Transport transport) {
        List<Connection> sockets = new ArrayList<>();
        SockDiagParser.Counters counters = new SockDiagParser.Counters();
        String ending;
        try {
            ending = Objects.requireNonNull(PARSER.parse(buffer, transport, NOW, counters, sockets::add)).name();
        } catch (MalformedSocketDataException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().length() < 200,
                    "a malformed-data message must say briefly what is wrong: " + e.getMessage());
            ending = "malformed: " + e.getMessage();
        } catch (NetlinkErrorException e) {
            check(e.errno() != 0, "an error reply with code 0 is an acknowledgement, not an error");
            ending = "error " + e.errno();
        }
        check(counters.skipped() >= 0, "skipped " + counters.skipped());
        for (Connection c : sockets) {
            invariants(c, transport);
        }
        return new Result(sockets, ending, counters.interrupted(), counters.skipped());
    }

    private static void invariants(Connection c, Transport transport) {
        check(c.observer() == ObserverType.SOCKET && c.transport() == transport, "observer and transport: " + c);
        check(c.direction() == Direction.UNKNOWN && c.process() == null && c.enrichment() == Enrichment.NONE,
                "the parser works out no direction, process or enrichment: " + c);
        check(c.firstSeen().equals(c.lastSeen()) && !c.lastSeen().isAfter(NOW)
                && (c.lastSeen().equals(NOW) || (c.state() == ConnectionState.TIME_WAIT
                        && !c.lastSeen().isBefore(NOW.minusSeconds(60)))),
                "stamped now, or for TIME_WAIT at most 60 s before: " + c);
        check(transport == Transport.TCP || c.state() == ConnectionState.ESTABLISHED
                || c.state() == ConnectionState.UNCONN || c.state() == ConnectionState.LISTEN, "a UDP state: " + c);
        SocketDetails s = c.socket();
        check(s != null, "socket details: " + c);
        check(s.inode() >= 0 && s.inode() <= U32, "inode is a u32: " + s);
        check(s.receiveQueue() <= U32 && s.sendQueue() <= U32, "queues are u32: " + s);
        TcpMetrics tcp = s.tcp();
        if (transport != Transport.TCP || c.state() == ConnectionState.LISTEN) {
            check(tcp == null && c.traffic().equals(Traffic.UNKNOWN), "no tcp_info for UDP or a listener: " + c);
        }
        if (tcp != null) {
            for (long v : new long[] {tcp.rttMicros(), tcp.rttVarMicros(), tcp.retransmits(), tcp.bytesSent(),
                    tcp.bytesRetransmitted(), tcp.bytesAcked(), tcp.bytesReceived(), tcp.segmentsOut(),
                    tcp.segmentsIn()}) {
                check(v >= -1, "a tcp_info count is -1 or a count: " + tcp);
            }
        }
        Traffic t = c.traffic();
        if (t.hasBytes()) {
            check(tcp != null && t.bytesReceived() == tcp.bytesReceived()
                    && t.bytesSent() == Math.max(0, tcp.uniqueBytesSent())
                    && t.packetsSent() == tcp.segmentsOut() && t.packetsReceived() == tcp.segmentsIn(),
                    "traffic comes from tcp_info: " + c);
        } else {
            check(t.equals(Traffic.UNKNOWN), "traffic is all known or all unknown: " + c);
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
