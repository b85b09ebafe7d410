package org.connwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's DNS server, run as its own program on loopback (no namespace, no root): names of its
 * table resolve, others are NXDOMAIN, and what is not a query is counted without stopping it.
 */
class DnsServerTest {
    private static LabProcess server;
    private static String address;

    @BeforeAll
    static void startServer() throws IOException {
        server = LabProcess.start("loopback/DnsServer",
                Lab.javaCommand(DnsServer.class, "--port", "0", "--bind", "127.0.0.1",
                        "updates.example.test=198.51.100.80", "intranet.example.test=10.77.0.30"),
                Path.of("target", "lab-logs", "dns-server-test.err"), true)
                .awaitReady(Duration.ofSeconds(30));
        assertThat(server.firstLine()).startsWith("listening ").endsWith(" udp names=2");
        address = "127.0.0.1:" + server.field("port");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void namesOfTheTableResolveToTheirAddressWhateverTheirCase() throws IOException {
        assertThat(DnsClient.resolve(address, "updates.example.test").getHostAddress()).isEqualTo("198.51.100.80");
        assertThat(DnsClient.resolve(address, "Intranet.Example.TEST").getHostAddress()).isEqualTo("10.77.0.30");
        assertThat(server.awaitLine(l -> l.contains(" name=intranet.example.test "), Duration.ofSeconds(5)))
                .endsWith(" type=1 rcode=0 answer=10.77.0.30");
    }

    @Test
    void otherNamesAreNxdomain() {
        assertThatThrownBy(() -> DnsClient.resolve(address, "nowhere.example.test"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("nowhere.example.test: NXDOMAIN");
    }

    @Test
    void otherTypesOfATableNameGetAnEmptyAuthoritativeAnswer() throws IOException {
        byte[] reply = exchange(DnsMessage.query(0x1234, "updates.example.test", DnsMessage.TYPE_AAAA));
        DnsMessage.Reply r = DnsMessage.readReply(reply, reply.length);
        assertThat(r.id()).isEqualTo(0x1234);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.name()).isEqualTo("updates.example.test");
        assertThat(r.addresses()).isEmpty();
        assertThat(reply[2] & 0x84).as("QR and AA set").isEqualTo(0x84);
    }

    @Test
    void junkIsCountedAnsweredFormerrWhenItHasAHeaderAndTheServerGoesOn() throws IOException {
        // a header saying one question, then a label running past the end
        byte[] cut = {0x77, 0x01, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 20, 'a', 'b'};
        byte[] reply = exchange(cut);
        assertThat(reply).hasSize(DnsMessage.HEADER);
        assertThat(((reply[0] & 0xFF) << 8) | (reply[1] & 0xFF)).isEqualTo(0x7701);
        assertThat(reply[3] & 0x0F).isEqualTo(DnsMessage.FORMERR);
        // a name whose compression pointer points at itself
        byte[] loop = {0, 2, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
        assertThat(exchange(loop)[3] & 0x0F).isEqualTo(DnsMessage.FORMERR);
        // too short for a header, and a reply: no answer at all
        assertThat(exchangeOrNull(new byte[] {1, 2, 3})).isNull();
        byte[] aReply = DnsMessage.error(5, 0, DnsMessage.NOERROR);
        assertThat(exchangeOrNull(aReply)).isNull();
        assertThat(server.awaitLine(l -> l.startsWith("junk ") && l.contains(" bytes=3 "), Duration.ofSeconds(5)))
                .contains("reason=shorter_than_a_DNS_header");
        assertThat(server.awaitLine(l -> l.startsWith("junk ") && l.contains("reason=a_reply"), Duration.ofSeconds(5)))
                .isNotNull();
        assertThat(DnsClient.resolve(address, "updates.example.test").getHostAddress()).isEqualTo("198.51.100.80");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void aReplysNamesAndAnswersAreReadWithBoundsChecked() {
        byte[] query = DnsMessage.query(9, "cdn-check.example.test", DnsMessage.TYPE_A);
        DnsMessage.Question q = DnsMessage.question(query, query.length);
        byte[] reply = DnsMessage.reply(query, q, DnsMessage.NOERROR, new byte[] {(byte) 198, 51, 100, 80});
        DnsMessage.Reply r = DnsMessage.readReply(reply, reply.length);
        assertThat(r.addresses()).extracting(InetAddress::getHostAddress).containsExactly("198.51.100.80");
        assertThat(r.name()).isEqualTo("cdn-check.example.test");
        for (int len = 0; len < reply.length; len++) {
            int cut = len;
            assertThatThrownBy(() -> DnsMessage.readReply(reply, cut)).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] odd = DnsMessage.query(9, "x.test", DnsMessage.TYPE_A);
        odd[DnsMessage.HEADER + 1] = (byte) 0xFF; // the label's one byte, not a host name's: shown escaped
        assertThat(DnsMessage.question(odd, odd.length).name()).isEqualTo("\\xff.test");
    }

    private static byte[] exchange(byte[] message) throws IOException {
        byte[] reply = exchangeOrNull(message);
        assertThat(reply).as("a reply from the server").isNotNull();
        return reply;
    }

    private static byte[] exchangeOrNull(byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), Integer.parseInt(server.field("port"))));
            socket.setSoTimeout(700);
            socket.send(new DatagramPacket(message, message.length));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return java.util.Arrays.copyOf(buf, p.getLength());
        }
    }
}
