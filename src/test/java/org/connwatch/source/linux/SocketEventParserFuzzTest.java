package org.connwatch.source.linux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Transport;

/**
 * Fuzzes {@link SocketEventParser}: whatever bytes a socket-destroy announcement holds, parsing it gives
 * TCP or UDP records that keep their invariants, or a {@link MalformedSocketDataException}; never another
 * exception, and the same answer wherever the datagram sits in its buffer.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/linux/SocketEventParserFuzzTestInputs/anyDatagram/}:
 * announcements recorded on Linux 6.18 (TCP over IPv4 and IPv6 closed in order and by a reset, both ends
 * and the listener; UDP connected and not), three of them in one datagram, and any {@code crash-*} file
 * Jazzer saved there. To fuzz: {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=SocketEventParserFuzzTest}.
 */
class SocketEventParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final SocketEventParser PARSER = new SocketEventParser();

    @FuzzTest(maxDuration = "60s")
    void anyDatagram(byte[] datagram) {
        Result plain = parse(ByteBuffer.wrap(datagram));
        byte[] shifted = new byte[datagram.length + 5];
        System.arraycopy(datagram, 0, shifted, 5, datagram.length);
        Result moved = parse(ByteBuffer.wrap(shifted).order(ByteOrder.BIG_ENDIAN).position(5));
        check(moved.equals(plain), "the same datagram at another offset gave " + moved + " instead of " + plain);
    }

    private record Result(List<Connection> sockets, String ending, long skipped) {
    }

    private static Result parse(ByteBuffer buffer) {
        List<Connection> sockets = new ArrayList<>();
        SocketEventParser.Counters counters = new SocketEventParser.Counters();
        String ending;
        try {
            int n = PARSER.parse(buffer, NOW, counters, sockets::add);
            check(n == sockets.size(), "the count returned is what the sink got: " + n + " vs " + sockets.size());
            ending = "parsed";
        } catch (MalformedSocketDataException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().length() < 200,
                    "a malformed-data message must say briefly what is wrong: " + e.getMessage());
            ending = "malformed: " + e.getMessage();
        }
        check(counters.skipped() >= 0, "skipped " + counters.skipped());
        for (Connection c : sockets) {
            check(c.observer() == ObserverType.SOCKET
                    && (c.transport() == Transport.TCP || c.transport() == Transport.UDP), "TCP or UDP: " + c);
            check(c.direction() == Direction.UNKNOWN && c.process() == null && c.enrichment() == Enrichment.NONE,
                    "the parser works out no direction, process or enrichment: " + c);
            check(c.socket() != null, "socket details with the cookie: " + c);
            check(!c.lastSeen().isAfter(NOW) && !c.lastSeen().isBefore(NOW.minusSeconds(60)), "dated now: " + c);
            check(c.transport() == Transport.TCP || !c.traffic().hasBytes(), "UDP has no byte counts: " + c);
            check(!(c.transport() == Transport.TCP && c.remote().port() == 0 && c.traffic().hasBytes()),
                    "a disconnected socket's cleared counters are not taken for counts: " + c);
        }
        return new Result(sockets, ending, counters.skipped());
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
