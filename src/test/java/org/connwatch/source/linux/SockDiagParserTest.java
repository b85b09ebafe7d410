package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.connwatch.source.linux.SockDiagSamples.datagrams;
import static org.connwatch.source.linux.SockDiagSamples.endpoint;
import static org.connwatch.source.linux.SockDiagSamples.number;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Endpoint;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SockDiagParser} on the datagrams the kernel sent when this machine's sockets were dumped
 * (recorded by {@link SockDiagSampleRecorder}, whose ground truth says which sockets it had open
 * and what they moved), and on crafted bytes such as a broken or hostile reply could hold.
 *
 * <p>Layout reminders for the crafted cases: a message starts with a 16-byte {@code nlmsghdr}
 * (u32 length, u16 type, u16 flags, u32 sequence, u32 port id); a socket's {@code inet_diag_msg}
 * follows at offset 16 (family at 16, state at 17, source port at 20, big-endian, source address
 * at 24) and its attributes start at offset 88.
 */
class SockDiagParserTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final int HEADER = 16;
    private static final int FAMILY = 16;
    private static final int STATE = 17;
    private static final int SOURCE_PORT = 20;
    private static final int SOURCE_ADDRESS = 24;
    private static final int ATTRIBUTES = 88;
    private static final int NLMSG_NOOP = 1;
    private static final int NLMSG_OVERRUN = 4;
    private static final int NLM_F_MULTI = 0x2;
    private static final int AF_UNIX = 1;
    private static final int ENOENT = 2;

    private final SockDiagParser parser = new SockDiagParser();

    @BeforeAll
    static void theSamplesAreInThisMachinesByteOrder() {
        // Netlink speaks the host's byte order, and the samples were recorded on x86-64.
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the recorded samples are little-endian");
    }

    // ---- the recorded dumps ----

    @Test
    void eachRecordedDumpEndsWithDoneAfterItsLastDatagramAndSkipsNothing() throws IOException {
        for (String dump : List.of("tcp4", "tcp6", "udp4", "udp6")) {
            Dump d = dump(dump);

            assertThat(d.outcomes()).as(dump).last().isEqualTo(SockDiagParser.Outcome.DONE);
            assertThat(d.outcomes().subList(0, d.outcomes().size() - 1)).as(dump)
                    .containsOnly(SockDiagParser.Outcome.MORE);
            assertThat(d.counters().skipped()).as(dump).isZero();
            assertThat(d.counters().interrupted()).as(dump).isFalse();
            assertThat(d.sockets()).as(dump).isNotEmpty().allSatisfy(c -> {
                assertThat(c.observer()).isEqualTo(ObserverType.SOCKET);
                assertThat(c.transport()).isEqualTo(dump.startsWith("tcp") ? Transport.TCP : Transport.UDP);
                if (c.state() == ConnectionState.TIME_WAIT) {
                    // Dated by its timer: when the connection closed, within TIME_WAIT's 60 s before the dump.
                    assertThat(c.firstSeen()).isBetween(NOW.minusSeconds(60), NOW).isEqualTo(c.lastSeen());
                } else {
                    assertThat(c.firstSeen()).isEqualTo(NOW);
                }
                assertThat(c.socket().uid()).as("recorded as root").isEqualTo((int) number("uid")).isZero();
            });
        }
    }

    @Test
    void theIpv4ListenerListensOnItsPortWithAWildcardPeer() throws IOException {
        Connection listener = dump("tcp4").listener(endpoint("tcp4.listener"));

        assertThat(listener.state()).isEqualTo(ConnectionState.LISTEN);
        assertThat(listener.remote().isWildcard()).isTrue();
        assertThat(listener.remote().address()).isInstanceOf(Inet4Address.class);
        assertThat(listener.socket().inode()).isPositive();
        assertThat(listener.socket().tcp()).as("a listener moves no data itself").isNull();
        assertThat(listener.traffic()).isEqualTo(Traffic.UNKNOWN);
    }

    @Test
    void bothEndsOfTheIpv4PairCountWhatTheySentAndReceived() throws IOException {
        Dump tcp4 = dump("tcp4");
        Connection client = tcp4.connection(endpoint("tcp4.client"), endpoint("tcp4.listener"));
        Connection server = tcp4.connection(endpoint("tcp4.server"), endpoint("tcp4.client"));

        assertThat(client.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(client.traffic().bytesSent()).isEqualTo(number("tcp4.client.sent")).isEqualTo(1000);
        assertThat(client.traffic().bytesReceived()).isEqualTo(number("tcp4.client.received")).isEqualTo(2500);
        assertThat(server.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(server.traffic().bytesSent()).isEqualTo(2500);
        assertThat(server.traffic().bytesReceived()).isEqualTo(1000);
        for (Connection end : List.of(client, server)) {
            assertThat(end.traffic().packetsSent()).isPositive();
            assertThat(end.traffic().packetsReceived()).isPositive();
            assertThat(end.socket().inode()).isPositive();
            assertThat(end.socket().receiveQueue()).as("everything was read").isZero();
            assertThat(end.socket().sendQueue()).as("everything was acknowledged").isZero();
        }
        assertThat(client.socket().inode()).isNotEqualTo(server.socket().inode());
    }

    @Test
    void tcpInfoCountsPayloadBytesButTheOpenersAckedCountAlsoHoldsItsSyn() throws IOException {
        // What the kernel reported, field by field: tcpi_bytes_sent and tcpi_bytes_received count
        // payload only; tcpi_bytes_acked on the side that opened the connection also counts the
        // sequence number its SYN took, the accepting side's does not. connwatch's "sent" is
        // bytes_sent - bytes_retrans, which is exact.
        Dump tcp4 = dump("tcp4");
        TcpMetrics client = tcp4.connection(endpoint("tcp4.client"), endpoint("tcp4.listener")).socket().tcp();
        TcpMetrics server = tcp4.connection(endpoint("tcp4.server"), endpoint("tcp4.client")).socket().tcp();

        assertThat(client.bytesSent()).isEqualTo(1000);
        assertThat(client.bytesRetransmitted()).isZero();
        assertThat(client.bytesAcked()).isEqualTo(1001);
        assertThat(client.bytesReceived()).isEqualTo(2500);
        assertThat(client.retransmits()).isZero();
        assertThat(client.rttMicros()).isPositive();
        assertThat(server.bytesSent()).isEqualTo(2500);
        assertThat(server.bytesAcked()).isEqualTo(2500);
        assertThat(server.bytesReceived()).isEqualTo(1000);
        assertThat(server.segmentsOut()).isPositive();
    }

    @Test
    void theIpv6PairOnLoopbackKeepsItsIpv6Addresses() throws IOException {
        Dump tcp6 = dump("tcp6");
        Connection listener = tcp6.listener(endpoint("tcp6.listener"));
        Connection client = tcp6.connection(endpoint("tcp6.client"), endpoint("tcp6.listener"));
        Connection server = tcp6.connection(endpoint("tcp6.server"), endpoint("tcp6.client"));

        assertThat(listener.local().address()).isInstanceOf(Inet6Address.class).isEqualTo(IpAddresses.parse("::1"));
        assertThat(listener.remote().toString()).isEqualTo("*:*");
        assertThat(client.local().address()).isInstanceOf(Inet6Address.class);
        assertThat(client.remote().address()).isInstanceOf(Inet6Address.class);
        assertThat(client.traffic().bytesSent()).isEqualTo(number("tcp6.client.sent"));
        assertThat(client.traffic().bytesReceived()).isEqualTo(number("tcp6.client.received"));
        assertThat(server.traffic().bytesSent()).isEqualTo(number("tcp6.client.received"));
        assertThat(server.traffic().bytesReceived()).isEqualTo(number("tcp6.client.sent"));
        assertThat(List.of(listener, client, server)).allSatisfy(c -> assertThat(c.socket().inode()).isPositive());
    }

    @Test
    void dualStackSocketsOnAnIpv4AddressComeOutAsIpv4() throws IOException {
        // The kernel reports these as AF_INET6 sockets on ::ffff:127.0.0.1, and only in the AF_INET6 dump.
        Endpoint client = endpoint("tcpMapped.client");
        byte[] raw = socketMessage("tcp6", client.port());
        assertThat(raw[FAMILY]).isEqualTo((byte) Libc.AF_INET6);
        assertThat(Arrays.copyOfRange(raw, SOURCE_ADDRESS, SOURCE_ADDRESS + 16))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);

        Dump tcp6 = dump("tcp6");
        Connection c = tcp6.connection(client, endpoint("tcpMapped.listener"));
        Connection listener = tcp6.listener(endpoint("tcpMapped.listener"));

        assertThat(c.local().address()).isInstanceOf(Inet4Address.class);
        assertThat(c.local().toString()).isEqualTo(client.toString()).startsWith("127.0.0.1:");
        assertThat(c.remote().address()).isInstanceOf(Inet4Address.class);
        assertThat(c.traffic().bytesSent()).isEqualTo(number("tcpMapped.client.sent")).isEqualTo(300);
        assertThat(c.traffic().bytesReceived()).isEqualTo(number("tcpMapped.client.received")).isEqualTo(700);
        assertThat(listener.local().address()).isInstanceOf(Inet4Address.class);
        assertThat(listener.remote().address()).as("the unmapped wildcard ::").isInstanceOf(Inet6Address.class);
        assertThat(dump("tcp4").sockets()).noneMatch(s -> s.local().equals(client));
    }

    @Test
    void udpSocketsHaveAStateButNoByteCounts() throws IOException {
        Connection bound = dump("udp4").listener(endpoint("udp4.bound"));
        Dump udp6 = dump("udp6");
        Connection connected = udp6.connection(endpoint("udp6.connected"), endpoint("udp6.peer"));
        Connection peer = udp6.listener(endpoint("udp6.peer"));

        assertThat(bound.state()).isEqualTo(ConnectionState.UNCONN);
        assertThat(bound.remote().isWildcard()).isTrue();
        assertThat(connected.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(peer.state()).isEqualTo(ConnectionState.UNCONN);
        assertThat(List.of(bound, connected, peer)).allSatisfy(c -> {
            assertThat(c.transport()).isEqualTo(Transport.UDP);
            assertThat(c.traffic()).isEqualTo(Traffic.UNKNOWN);
            assertThat(c.socket().tcp()).isNull();
            assertThat(c.socket().inode()).isPositive();
        });
    }

    @Test
    void aClosedConnectionsTimeWaitEndHasNoInodeAndNoCounts() throws IOException {
        Connection timeWait = dump("tcp4").connection(endpoint("tcp4.timewait"), endpoint("tcp4.timewait.peer"));

        assertThat(timeWait.state()).isEqualTo(ConnectionState.TIME_WAIT);
        assertThat(timeWait.socket().inode()).as("no process holds it").isZero();
        assertThat(timeWait.socket().tcp()).as("the kernel sends no tcp_info for it").isNull();
        assertThat(timeWait.traffic()).isEqualTo(Traffic.UNKNOWN);
    }

    @Test
    void onlySocketsNoProcessHoldsAnyMoreHaveNoInode() throws IOException {
        // Other programs' TIME_WAIT sockets may be in the samples too: all have inode 0, all others not.
        List<Connection> tcp = new ArrayList<>(dump("tcp4").sockets());
        tcp.addAll(dump("tcp6").sockets());

        assertThat(tcp).anyMatch(c -> c.state() == ConnectionState.TIME_WAIT);
        assertThat(tcp).allSatisfy(c -> assertThat(c.socket().inode() == 0)
                .as("%s %s", c.state(), c.local()).isEqualTo(c.state() == ConnectionState.TIME_WAIT));
        assertThat(tcp).filteredOn(c -> c.state() == ConnectionState.TIME_WAIT)
                .allSatisfy(c -> assertThat(c.traffic()).isEqualTo(Traffic.UNKNOWN));
    }

    @Test
    void theDatagramIsReadFromItsPositionInTheHostsByteOrderWhateverTheBufferSays() throws IOException {
        byte[] datagram = datagrams("tcp4").getFirst();
        byte[] padded = new byte[datagram.length + 7];
        System.arraycopy(datagram, 0, padded, 7, datagram.length);
        ByteBuffer bigEndianAtSeven = ByteBuffer.wrap(padded).order(ByteOrder.BIG_ENDIAN).position(7);

        assertThat(parse(bigEndianAtSeven, Transport.TCP).sockets()).isEqualTo(parse(datagram, Transport.TCP).sockets());
    }

    // ---- crafted bytes ----

    @Test
    void everyPrefixOfARealDumpIsWholeMessagesOrMalformedNeverAnythingElse() throws IOException {
        // The first TCP datagram with the dump's NLMSG_DONE appended, as the kernel may also send it.
        byte[] whole = concat(datagrams("tcp4").getFirst(), done());
        List<Integer> starts = messageStarts(whole);
        int sockets = starts.size() - 1;

        for (int n = 0; n <= whole.length; n++) {
            int length = n;
            int complete = (int) starts.stream().filter(s -> s <= length).count() - 1;
            int beyond = n - starts.get(complete);
            List<Connection> seen = new ArrayList<>();
            Throwable thrown;
            SockDiagParser.Outcome outcome = null;
            try {
                outcome = parser.parse(ByteBuffer.wrap(whole, 0, n).slice(), Transport.TCP, NOW,
                        new SockDiagParser.Counters(), seen::add);
                thrown = null;
            } catch (Throwable t) {
                thrown = t;
            }

            if (n == whole.length) {
                assertThat(outcome).as("the whole dump").isEqualTo(SockDiagParser.Outcome.DONE);
                assertThat(seen).hasSize(sockets);
            } else if (beyond < 4) {
                assertThat(thrown).as("a prefix of %d bytes", n).isNull();
                assertThat(outcome).as("a prefix of %d bytes", n).isEqualTo(SockDiagParser.Outcome.MORE);
                assertThat(seen).as("a prefix of %d bytes", n).hasSize(complete);
            } else {
                assertThat(thrown).as("a prefix of %d bytes", n).isInstanceOf(MalformedSocketDataException.class);
            }
        }
    }

    @Test
    void aMessageClaimingMoreBytesThanTheDatagramHoldsIsMalformed() {
        byte[] claimsTooMuch = message(SockDiagParser.SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, new byte[84]);
        putInt(claimsTooMuch, 0, 1000);

        assertThatThrownBy(() -> parse(claimsTooMuch, Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessage("netlink message at offset 0 claims 1000 bytes but 100 remain");
    }

    @ParameterizedTest(name = "nlmsg_len {0}")
    @ValueSource(ints = {0, 4, 15, -1})
    @Timeout(5) // a length of 0 that was taken at its word would never move on
    void aMessageShorterThanItsOwnHeaderIsMalformed(int length) {
        byte[] datagram = concat(message(NLMSG_NOOP, 0, new byte[16]), done());
        putInt(datagram, 0, length);

        assertThatThrownBy(() -> parse(datagram, Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessageContaining("claims " + Integer.toUnsignedString(length) + " bytes");
    }

    @Test
    void anAttributeOfLengthZeroIsMalformed() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());
        putShort(client, ATTRIBUTES, 0);

        assertThatThrownBy(() -> parse(client, Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessage("attribute at offset 88 claims 0 bytes but " + (client.length - ATTRIBUTES)
                        + " remain in its message");
    }

    @Test
    void anAttributeRunningPastTheEndOfItsMessageIsMalformed() throws IOException {
        // The message is followed by NLMSG_DONE: the attribute would reach into it.
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());
        int info = attribute(client, SockDiagParser.INET_DIAG_INFO);
        putShort(client, info, client.length - info + 8);

        assertThatThrownBy(() -> parse(concat(client, done()), Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessageContaining("attribute at offset " + info + " claims " + (client.length - info + 8));
    }

    @Test
    void anErrorReplyCarriesTheKernelsErrno() {
        // What a kernel without the udp_diag module answers a UDP dump with.
        NetlinkErrorException e = (NetlinkErrorException) catchThrowable(() -> parse(error(-ENOENT), Transport.UDP));

        assertThat(e).isInstanceOf(NetlinkErrorException.class).hasMessageStartingWith("netlink error 2");
        assertThat(e.errno()).isEqualTo(ENOENT);
    }

    @Test
    void aDumpThatFailedPartWayEndsWithItsErrnoInDone() {
        // The kernel puts the dump's result in NLMSG_DONE: -EINTR (4) here, as ss would report it.
        byte[] failed = message(SockDiagParser.NLMSG_DONE, NLM_F_MULTI,
                java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(-4).array());

        NetlinkErrorException e = (NetlinkErrorException) catchThrowable(() -> parse(failed, Transport.TCP));

        assertThat(e).isNotNull();
        assertThat(e.errno()).isEqualTo(4);
    }

    @Test
    void anAcknowledgementIsAnErrorReplyWithCodeZeroAndNoError() throws IOException {
        assertThat(parse(concat(error(0), done()), Transport.TCP).outcomes()).containsExactly(SockDiagParser.Outcome.DONE);
    }

    @Test
    void anErrorReplyTooShortToHoldItsCodeIsMalformed() {
        assertThatThrownBy(() -> parse(message(SockDiagParser.NLMSG_ERROR, 0, new byte[0]), Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessageContaining("too short (16 bytes)");
    }

    @Test
    void aSocketOfAnUnknownFamilyIsSkippedAndCounted() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());
        client[FAMILY] = AF_UNIX;

        Dump d = parse(concat(client, done()), Transport.TCP);

        assertThat(d.sockets()).isEmpty();
        assertThat(d.counters().skipped()).isEqualTo(1);
        assertThat(d.outcomes()).containsExactly(SockDiagParser.Outcome.DONE);
    }

    @Test
    void aSocketInAStateUnknownToItsTransportIsSkippedAndCounted() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());
        byte[] unknownTcpState = client.clone();
        unknownTcpState[STATE] = 13;
        byte[] synSentUdp = client.clone();
        synSentUdp[STATE] = 2; // TCP_SYN_SENT: no UDP socket is ever in it

        Dump tcp = parse(concat(client, unknownTcpState, done()), Transport.TCP);
        Dump udp = parse(concat(synSentUdp, done()), Transport.UDP);

        assertThat(tcp.sockets()).hasSize(1);
        assertThat(tcp.counters().skipped()).isEqualTo(1);
        assertThat(udp.sockets()).isEmpty();
        assertThat(udp.counters().skipped()).isEqualTo(1);
    }

    @Test
    void aSocketMessageTooShortForInetDiagMsgIsMalformed() {
        byte[] stub = message(SockDiagParser.SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, new byte[40]);

        assertThatThrownBy(() -> parse(stub, Transport.TCP))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessage("inet_diag message at offset 0 is 56 bytes, shorter than the 88 it must have");
    }

    @Test
    void everyShorterTcpInfoKeepsExactlyTheFieldsThatFitAndMarksTheRestUnknown() throws IOException {
        // Older kernels send a shorter struct tcp_info (232 bytes on 5.x, 104 on 3.x; 280 here).
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());
        TcpMetrics full = parse(client, Transport.TCP).sockets().getFirst().socket().tcp();
        int recorded = Short.toUnsignedInt(le(client).getShort(attribute(client, SockDiagParser.INET_DIAG_INFO))) - 4;

        for (int size = 0; size < recorded; size++) {
            TcpMetrics cut = parse(withTcpInfo(client, size), Transport.TCP).sockets().getFirst().socket().tcp();

            assertThat(cut.rttMicros()).as("size %d", size).isEqualTo(size >= 72 ? full.rttMicros() : -1);
            assertThat(cut.rttVarMicros()).as("size %d", size).isEqualTo(size >= 76 ? full.rttVarMicros() : -1);
            assertThat(cut.retransmits()).as("size %d", size).isEqualTo(size >= 104 ? full.retransmits() : -1);
            assertThat(cut.bytesAcked()).as("size %d", size).isEqualTo(size >= 128 ? full.bytesAcked() : -1);
            assertThat(cut.bytesReceived()).as("size %d", size).isEqualTo(size >= 136 ? full.bytesReceived() : -1);
            assertThat(cut.segmentsOut()).as("size %d", size).isEqualTo(size >= 140 ? full.segmentsOut() : -1);
            assertThat(cut.segmentsIn()).as("size %d", size).isEqualTo(size >= 144 ? full.segmentsIn() : -1);
            assertThat(cut.bytesSent()).as("size %d", size).isEqualTo(size >= 208 ? full.bytesSent() : -1);
            assertThat(cut.bytesRetransmitted()).as("size %d", size)
                    .isEqualTo(size >= 216 ? full.bytesRetransmitted() : -1);
        }
    }

    @Test
    void withATcpInfoOf232BytesTheTrafficIsExact() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());

        Connection c = parse(withTcpInfo(client, 232), Transport.TCP).sockets().getFirst();

        assertThat(c.traffic()).isEqualTo(parse(client, Transport.TCP).sockets().getFirst().traffic());
        assertThat(c.traffic().bytesSent()).isEqualTo(1000);
    }

    @Test
    void withoutTcpiBytesSentTheSentCountFallsBackToTheAckedCount() throws IOException {
        // Kernels before 4.19 end tcp_info before tcpi_bytes_sent (offset 200). The acked count
        // then stands in, and on the side that opened the connection it includes the SYN: one more
        // than the 1000 payload bytes sent.
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());

        Connection c = parse(withTcpInfo(client, 192), Transport.TCP).sockets().getFirst();

        assertThat(c.socket().tcp().bytesSent()).isEqualTo(-1);
        assertThat(c.traffic().bytesSent()).isEqualTo(1001);
        assertThat(c.traffic().bytesReceived()).isEqualTo(2500);
    }

    @Test
    void withoutByteCountsInTcpInfoTheTrafficIsUnknown() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());

        Connection oldKernel = parse(withTcpInfo(client, 104), Transport.TCP).sockets().getFirst();
        Connection empty = parse(withTcpInfo(client, 0), Transport.TCP).sockets().getFirst();

        assertThat(oldKernel.traffic()).isEqualTo(Traffic.UNKNOWN);
        assertThat(oldKernel.socket().tcp().rttMicros()).isPositive();
        assertThat(empty.traffic()).isEqualTo(Traffic.UNKNOWN);
        assertThat(empty.socket().tcp()).isEqualTo(new TcpMetrics(-1, -1, -1, -1, -1, -1, -1, -1, -1));
    }

    @Test
    void aDumpInterruptedFlagIsReportedAndTheSocketsAreKept() throws IOException {
        byte[] datagram = datagrams("tcp4").getFirst().clone();
        putShort(datagram, 6, le(datagram).getShort(6) | SockDiagParser.NLM_F_DUMP_INTR);

        Dump d = parse(datagram, Transport.TCP);

        assertThat(d.counters().interrupted()).isTrue();
        assertThat(d.sockets()).hasSize(messageStarts(datagram).size());
    }

    @Test
    void nothingAfterDoneIsRead() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());

        Dump d = parse(concat(done(), client), Transport.TCP);

        assertThat(d.outcomes()).containsExactly(SockDiagParser.Outcome.DONE);
        assertThat(d.sockets()).isEmpty();
    }

    @Test
    void messagesOfOtherTypesAreSteppedOver() throws IOException {
        byte[] client = socketMessage("tcp4", endpoint("tcp4.client").port());

        Dump d = parse(concat(message(NLMSG_NOOP, 0, new byte[0]), message(NLMSG_OVERRUN, 0, new byte[8]), client),
                Transport.TCP);

        assertThat(d.sockets()).singleElement()
                .satisfies(c -> assertThat(c.local()).isEqualTo(endpoint("tcp4.client")));
    }

    @Test
    void leftoverBytesTooFewForAHeader() throws IOException {
        byte[] datagram = datagrams("tcp4").getFirst();

        for (int extra = 1; extra < HEADER; extra++) {
            byte[] withExtra = Arrays.copyOf(datagram, datagram.length + extra);
            if (extra < 4) {
                assertThat(parse(withExtra, Transport.TCP).outcomes()).as("%d extra bytes", extra)
                        .containsExactly(SockDiagParser.Outcome.MORE);
            } else {
                assertThatThrownBy(() -> parse(withExtra, Transport.TCP)).as("%d extra bytes", extra)
                        .isInstanceOf(MalformedSocketDataException.class)
                        .hasMessageContaining(extra + " bytes that are not a whole message header");
            }
        }
    }

    // ---- helpers ----

    /** What parsing the datagrams of one dump in order gave. */
    private record Dump(List<Connection> sockets, List<SockDiagParser.Outcome> outcomes,
                        SockDiagParser.Counters counters) {

        /** The one connected socket from {@code local} to {@code remote}. */
        Connection connection(Endpoint local, Endpoint remote) {
            return only(sockets.stream().filter(c -> c.local().equals(local) && c.remote().equals(remote)).toList(),
                    local + " -> " + remote);
        }

        /** The one listening (TCP) or unconnected (UDP) socket on {@code local}. */
        Connection listener(Endpoint local) {
            return only(sockets.stream().filter(c -> c.local().equals(local) && c.state().isListening()).toList(),
                    "listener " + local);
        }

        private Connection only(List<Connection> found, String what) {
            assertThat(found).as(what + " among " + sockets).hasSize(1);
            return found.getFirst();
        }
    }

    private Dump dump(String name) throws IOException {
        Transport transport = name.startsWith("tcp") ? Transport.TCP : Transport.UDP;
        Dump d = new Dump(new ArrayList<>(), new ArrayList<>(), new SockDiagParser.Counters());
        for (byte[] datagram : datagrams(name)) {
            d.outcomes().add(parser.parse(ByteBuffer.wrap(datagram), transport, NOW, d.counters(), d.sockets()::add));
        }
        return d;
    }

    private Dump parse(byte[] datagram, Transport transport) throws IOException {
        return parse(ByteBuffer.wrap(datagram), transport);
    }

    private Dump parse(ByteBuffer datagram, Transport transport) throws IOException {
        Dump d = new Dump(new ArrayList<>(), new ArrayList<>(), new SockDiagParser.Counters());
        d.outcomes().add(parser.parse(datagram, transport, NOW, d.counters(), d.sockets()::add));
        return d;
    }

    /** Where each message of a datagram starts, by the lengths the kernel wrote (padded to 4). */
    private static List<Integer> messageStarts(byte[] datagram) {
        List<Integer> starts = new ArrayList<>();
        for (int pos = 0; pos + HEADER <= datagram.length; pos += (le(datagram).getInt(pos) + 3) & ~3) {
            starts.add(pos);
        }
        return starts;
    }

    /** A copy of the recorded socket message (nlmsghdr and all) whose source port is {@code port}. */
    private static byte[] socketMessage(String dump, int port) {
        for (byte[] datagram : datagrams(dump)) {
            for (int start : messageStarts(datagram)) {
                ByteBuffer b = le(datagram);
                if (b.getShort(start + 4) == SockDiagParser.SOCK_DIAG_BY_FAMILY
                        && Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(start + SOURCE_PORT)) == port) {
                    return Arrays.copyOfRange(datagram, start, start + le(datagram).getInt(start));
                }
            }
        }
        throw new AssertionError("no socket on port " + port + " in the " + dump + " sample");
    }

    /** The offset of the first attribute of {@code type} in a socket message. */
    private static int attribute(byte[] message, int type) {
        ByteBuffer b = le(message);
        for (int at = ATTRIBUTES; at + 4 <= message.length; at += (Short.toUnsignedInt(b.getShort(at)) + 3) & ~3) {
            if (b.getShort(at + 2) == type) {
                return at;
            }
        }
        throw new AssertionError("no attribute " + type);
    }

    /** The socket message with its tcp_info cut to {@code size} bytes, as an older kernel would send it. */
    private static byte[] withTcpInfo(byte[] message, int size) {
        int info = attribute(message, SockDiagParser.INET_DIAG_INFO);
        int infoLength = Short.toUnsignedInt(le(message).getShort(info));
        int next = info + ((infoLength + 3) & ~3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message, 0, info);
        out.write(message, next, message.length - next);
        ByteBuffer attribute = ByteBuffer.allocate((4 + size + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN);
        attribute.putShort((short) (4 + size)).putShort((short) SockDiagParser.INET_DIAG_INFO).put(message, info + 4, size);
        out.write(attribute.array(), 0, attribute.capacity());
        byte[] result = out.toByteArray();
        putInt(result, 0, result.length);
        return result;
    }

    /** A netlink message: the 16-byte header (length, type, flags, sequence 1, port id 0), then {@code body}. */
    private static byte[] message(int type, int flags, byte[] body) {
        return ByteBuffer.allocate(HEADER + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(HEADER + body.length).putShort((short) type).putShort((short) flags).putInt(1).putInt(0)
                .put(body).array();
    }

    /** NLMSG_DONE as a dump ends, its payload the dump's result (0). */
    private static byte[] done() {
        return message(SockDiagParser.NLMSG_DONE, NLM_F_MULTI, new byte[4]);
    }

    /** NLMSG_ERROR: the (negative) error code, then the header of the request it answers. */
    private static byte[] error(int code) {
        byte[] request = message(SockDiagParser.SOCK_DIAG_BY_FAMILY, 0x301, new byte[0]);
        return message(SockDiagParser.NLMSG_ERROR, 0, ByteBuffer.allocate(4 + HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(code).put(request).array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putInt(byte[] bytes, int at, int value) {
        le(bytes).putInt(at, value);
    }

    private static void putShort(byte[] bytes, int at, int value) {
        le(bytes).putShort(at, (short) value);
    }
}
