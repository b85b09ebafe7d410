package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

/** The announcements of freed sockets, as recorded on Linux 6.18 (the fuzz target's seeds). */
class SocketEventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    private static List<Connection> parse(String seed) throws IOException {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the recorded announcements are little-endian");
        byte[] bytes;
        try (InputStream in = SocketEventParserTest.class.getResourceAsStream(
                "SocketEventParserFuzzTestInputs/anyDatagram/" + seed)) {
            bytes = in.readAllBytes();
        }
        List<Connection> out = new ArrayList<>();
        new SocketEventParser().parse(ByteBuffer.wrap(bytes), NOW, new SocketEventParser.Counters(), out::add);
        return out;
    }

    @Test
    void aTcpConnectionClosedInOrderComesWithItsCookieAndFinalCounts() throws IOException {
        assertThat(parse("tcp4-client-closed")).singleElement().satisfies(c -> {
            assertThat(c.transport()).isEqualTo(Transport.TCP);
            assertThat(c.state()).isEqualTo(ConnectionState.CLOSE);
            assertThat(c.local().port()).isEqualTo(41320);
            assertThat(c.remote().port()).isEqualTo(35933);
            // 1,000 bytes sent; 300 received and the peer's FIN, which tcp_info counts as one more.
            assertThat(c.traffic().bytesSent()).isEqualTo(1000);
            assertThat(c.traffic().bytesReceived()).isEqualTo(301);
            assertThat(c.socket().cookie()).isPositive();
            assertThat(c.socket().inode()).as("a freed socket belongs to no file").isZero();
            assertThat(c.lastSeen()).isEqualTo(NOW);
        });
    }

    @Test
    void aResetSocketLosesItsLocalAddressRemotePortAndCounts() throws IOException {
        assertThat(parse("tcp4-client-reset")).singleElement().satisfies(c -> {
            assertThat(c.local().address().isAnyLocalAddress()).isTrue();
            assertThat(c.local().port()).isEqualTo(57710);
            assertThat(c.remote().port()).isZero();
            assertThat(c.traffic()).isEqualTo(Traffic.UNKNOWN);
        });
        assertThat(parse("tcp4-server-after-reset")).singleElement()
                .satisfies(c -> assertThat(c.remote().port()).isEqualTo(57710));
    }

    @Test
    void udpAndIpv6AndSeveralInOneDatagram() throws IOException {
        assertThat(parse("udp4-connected-closed")).singleElement().satisfies(c -> {
            assertThat(c.transport()).isEqualTo(Transport.UDP);
            assertThat(c.remote().port()).isEqualTo(9);
            assertThat(c.traffic().hasBytes()).isFalse();
        });
        assertThat(parse("tcp6-client-closed")).singleElement()
                .satisfies(c -> assertThat(c.traffic().bytesSent()).isEqualTo(4096));
        assertThat(parse("three-in-one-datagram")).hasSize(3);
    }

    @Test
    void aLengthPointingOutsideTheDatagramIsMalformed() throws IOException {
        byte[] cut;
        try (InputStream in = getClass().getResourceAsStream("SocketEventParserFuzzTestInputs/anyDatagram/tcp4-client-closed")) {
            cut = Arrays.copyOf(in.readAllBytes(), 200);
        }
        assertThatThrownBy(() -> new SocketEventParser().parse(ByteBuffer.wrap(cut), NOW,
                new SocketEventParser.Counters(), c -> { })).isInstanceOf(MalformedSocketDataException.class)
                .hasMessageContaining("claims 380 bytes but 200 remain");
    }
}
