package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsClientHelloTest {

    /**
     * A real ClientHello, written by the JDK's TLS client, for a server name in mixed case. With
     * ffdhe8192 preferred its key share alone is 1,024 bytes: the hello (about 1,400 bytes) takes
     * two TCP segments wherever the MSS is that of IPv6's minimum MTU (1,220 bytes).
     */
    static byte[] jdkClientHello(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setNamedGroups(new String[] {"ffdhe8192", "x25519", "secp256r1"});
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** The MSS when the path MTU is IPv6's minimum, 1,280 bytes. */
    private static final int SMALL_MSS = 1220;

    @Test
    void theServerNameOfARealLargeClientHello() throws Exception {
        byte[] hello = jdkClientHello("Www.Example.ORG");
        assertThat(hello.length).isGreaterThan(SMALL_MSS);
        assertThat(hello[0]).isEqualTo((byte) 22);
        assertThat(TlsClientHello.serverName(hello, 0, hello.length)).isEqualTo("www.example.org");
    }

    @Test
    void aCutHelloGivesTheNameExactlyWhenTheNameIsWithinTheBytes() throws Exception {
        byte[] hello = jdkClientHello("cut.example.net");
        int nameEnd = indexOf(hello, "cut.example.net".getBytes(StandardCharsets.US_ASCII)) + 15;
        assertThat(nameEnd).isLessThan(SMALL_MSS); // the JDK puts server_name early: it is in the first segment
        for (int len = 0; len <= hello.length; len++) {
            assertThat(TlsClientHello.serverName(hello, 0, len)).as("the first %d bytes", len)
                    .isEqualTo(len >= nameEnd ? "cut.example.net" : null);
        }
    }

    @Test
    void aHelloSplitOverTwoRecordsIsJoined() throws Exception {
        byte[] hello = jdkClientHello("split.example.com");
        byte[] handshake = Arrays.copyOfRange(hello, 5, hello.length);
        for (int first = 4; first < handshake.length; first += 7) {
            byte[] two = twoRecords(handshake, first);
            assertThat(TlsClientHello.serverName(two, 0, two.length)).as("split after %d", first)
                    .isEqualTo("split.example.com");
            // Cut inside the second record's header: what the first record holds still counts.
            int inHeader = 5 + first + 3;
            String cut = TlsClientHello.serverName(two, 0, inHeader);
            assertThat(cut).isIn(null, "split.example.com");
        }
        byte[] notHandshake = twoRecords(handshake, 100);
        notHandshake[5 + 100] = 23; // the second record is application data: the hello is broken
        assertThat(TlsClientHello.serverName(notHandshake, 0, notHandshake.length)).isNull();
    }

    /** The handshake message in two handshake records, the first holding {@code first} bytes. */
    static byte[] twoRecords(byte[] handshake, int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : List.of(Arrays.copyOfRange(handshake, 0, first),
                Arrays.copyOfRange(handshake, first, handshake.length))) {
            out.writeBytes(new byte[] {22, 3, 1, (byte) (part.length >>> 8), (byte) part.length});
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void recordVersionsFromSsl3ToTls13() {
        for (int minor = 0; minor <= 4; minor++) {
            byte[] hello = hello(0x0300 | minor, sni(0, "v" + minor + ".example"));
            assertThat(TlsClientHello.serverName(hello, 0, hello.length)).isEqualTo("v" + minor + ".example");
        }
        assertThat(TlsClientHello.serverName(hello(0x0305, sni(0, "x")), 0, 200)).isNull();
        byte[] major2 = hello(0x0203, sni(0, "x.example"));
        assertThat(TlsClientHello.serverName(major2, 0, major2.length)).isNull();
    }

    @Test
    void theFirstHostNameEntryIsTakenLowerCasedAndEscaped() {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.writeBytes(entry(1, "not-a-host"));
        list.writeBytes(entry(0, "Odd\u0001\u001b[31m.Example"));
        list.writeBytes(entry(0, "second.example"));
        byte[] hello = hello(0x0301, extension(0, withLength16(list.toByteArray())));
        assertThat(TlsClientHello.serverName(hello, 0, hello.length)).isEqualTo("odd\\x01\\x1b[31m.example");
        byte[] empty = hello(0x0301, sni(0, ""));
        assertThat(TlsClientHello.serverName(empty, 0, empty.length)).isNull();
        byte[] otherTypeOnly = hello(0x0301, sni(1, "x.example"));
        assertThat(TlsClientHello.serverName(otherTypeOnly, 0, otherTypeOnly.length)).isNull();
    }

    @Test
    void aPostQuantumKeyShareBeforeTheServerNameIsSkipped() {
        byte[] hello = postQuantumHello(true);
        assertThat(hello.length).isGreaterThan(1500);
        assertThat(TlsClientHello.serverName(hello, 0, hello.length)).isEqualTo("pq.example");
        assertThat(TlsClientHello.serverName(hello, 0, 1448)).as("the name is in the next segment").isNull();
        byte[] nameFirst = postQuantumHello(false);
        assertThat(TlsClientHello.serverName(nameFirst, 0, 1448)).isEqualTo("pq.example");
    }

    /**
     * A hello shaped like a browser's of 2025: GREASE, a key share of X25519MLKEM768 (group 0x11ec,
     * 1,216 bytes) and X25519 (32 bytes), ALPN, an encrypted-client-hello GREASE extension, and the
     * server name before or after the key share (browsers shuffle their extensions).
     */
    static byte[] postQuantumHello(boolean nameLast) {
        ByteArrayOutputStream shares = new ByteArrayOutputStream();
        shares.writeBytes(new byte[] {0x11, (byte) 0xec, 0x04, (byte) 0xc0});
        shares.writeBytes(new byte[1216]);
        shares.writeBytes(new byte[] {0x00, 0x1d, 0x00, 0x20});
        shares.writeBytes(new byte[32]);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(extension(0x0a0a, new byte[0]));
        if (!nameLast) {
            ext.writeBytes(sni(0, "pq.example"));
        }
        ext.writeBytes(extension(43, new byte[] {4, 0x03, 0x04, 0x03, 0x03}));  // supported_versions
        ext.writeBytes(extension(51, withLength16(shares.toByteArray())));     // key_share
        ext.writeBytes(extension(16, withLength16(new byte[] {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'})));
        ext.writeBytes(extension(0xfe0d, new byte[218]));                       // encrypted_client_hello
        if (nameLast) {
            ext.writeBytes(sni(0, "pq.example"));
        }
        return hello(0x0301, ext.toByteArray());
    }

    @Test
    void notAClientHello() {
        byte[] hello = hello(0x0301, sni(0, "a.example"));
        byte[] serverHello = hello.clone();
        serverHello[5] = 2;
        assertThat(TlsClientHello.serverName(serverHello, 0, serverHello.length)).isNull();
        byte[] appData = hello.clone();
        appData[0] = 23;
        assertThat(TlsClientHello.serverName(appData, 0, appData.length)).isNull();
        byte[] zeroLength = hello.clone();
        zeroLength[3] = 0;
        zeroLength[4] = 0;
        assertThat(TlsClientHello.serverName(zeroLength, 0, zeroLength.length)).isNull();
        byte[] http = "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(TlsClientHello.serverName(http, 0, http.length)).isNull();
        assertThat(TlsClientHello.serverName(null, 0, 10)).isNull();
        assertThat(TlsClientHello.serverName(hello, 5, hello.length)).isNull();
        assertThat(TlsClientHello.serverName(hello, -1, 10)).isNull();
    }

    @Test
    void malformedFieldsBeforeTheExtensionsGiveNull() {
        byte[] hello = hello(0x0301, sni(0, "a.example"));
        int sessionIdLength = 5 + 4 + 2 + 32;
        byte[] longSessionId = hello.clone();
        longSessionId[sessionIdLength] = 33;
        assertThat(TlsClientHello.serverName(longSessionId, 0, longSessionId.length)).isNull();
        int suitesLength = sessionIdLength + 1 + 32;
        byte[] oddSuites = hello.clone();
        oddSuites[suitesLength + 1] = 3;
        assertThat(TlsClientHello.serverName(oddSuites, 0, oddSuites.length)).isNull();
        byte[] noCompression = hello.clone();
        noCompression[suitesLength + 2 + 4] = 0;
        assertThat(TlsClientHello.serverName(noCompression, 0, noCompression.length)).isNull();
        byte[] handshakeTooLongForTheRecord = hello.clone();
        handshakeTooLongForTheRecord[3] = 0;
        handshakeTooLongForTheRecord[4] = 3; // the record ends inside the handshake header
        assertThat(TlsClientHello.serverName(handshakeTooLongForTheRecord, 0, hello.length)).isNull();
        byte[] nameLongerThanItsList = hello(0x0301, extension(0, withLength16(entryWithLength(0, "a.example", 40))));
        assertThat(TlsClientHello.serverName(nameLongerThanItsList, 0, nameLongerThanItsList.length)).isNull();
    }

    /** tshark reads the real hello, sent in two TCP segments, and the built ones the same way. */
    @Test
    void tsharkFindsTheSameServerNames(@TempDir Path dir) throws Exception {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");
        PcapWriter pcap = new PcapWriter();
        Map<Integer, String> ours = new LinkedHashMap<>();
        byte[] real = jdkClientHello("Segmented.Example.ORG");
        byte[] firstSegment = Arrays.copyOf(real, SMALL_MSS);
        int first = pcap.tcpSession("10.1.0.2", 50000, "10.1.0.1", 443, firstSegment,
                Arrays.copyOfRange(real, SMALL_MSS, real.length));
        ours.put(first + 1, TlsClientHello.serverName(firstSegment, 0, firstSegment.length));
        byte[] pq = postQuantumHello(false);
        first = pcap.tcpSession("10.1.0.2", 50001, "10.1.0.1", 443, Arrays.copyOf(pq, 1448),
                Arrays.copyOfRange(pq, 1448, pq.length));
        ours.put(first + 1, TlsClientHello.serverName(pq, 0, 1448));
        int port = 50002;
        for (byte[] hello : List.of(hello(0x0300, sni(0, "ssl3.example")), hello(0x0301, sni(0, "Tls10.Example")),
                hello(0x0303, sni(0, "tls12.example")), twoRecords(Arrays.copyOfRange(real, 5, real.length), 700))) {
            ours.put(pcap.tcpSession("10.1.0.2", port++, "10.1.0.1", 443, hello),
                    TlsClientHello.serverName(hello, 0, hello.length));
        }
        Map<Integer, Map<String, String>> tshark = Tshark.fields(pcap.write(dir.resolve("tls.pcap")),
                List.of("tls.handshake.extensions_server_name"), true);
        for (Map.Entry<Integer, String> e : ours.entrySet()) {
            assertThat(e.getValue()).as("frame %d", e.getKey()).isNotNull().isEqualTo(
                    tshark.get(e.getKey()).get("tls.handshake.extensions_server_name").toLowerCase());
        }
    }

    // A ClientHello built field by field: client version 3.3, zero random, 32-byte session id,
    // two cipher suites, null compression, then the extensions given.

    static byte[] hello(int recordVersion, byte[] extensions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(new byte[32]);
        body.write(32);
        body.writeBytes(new byte[32]);
        body.writeBytes(new byte[] {0, 4, 0x13, 0x01, (byte) 0xc0, 0x2f});
        body.writeBytes(new byte[] {1, 0});
        body.writeBytes(withLength16(extensions));
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int recordLength = b.length + 4;
        out.writeBytes(new byte[] {22, (byte) (recordVersion >>> 8), (byte) recordVersion, (byte) (recordLength >>> 8),
                (byte) recordLength, 1, (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] sni(int nameType, String name) {
        return extension(0, withLength16(entry(nameType, name)));
    }

    static byte[] extension(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (type >>> 8), (byte) type});
        out.writeBytes(withLength16(data));
        return out.toByteArray();
    }

    private static byte[] entry(int nameType, String name) {
        return entryWithLength(nameType, name, name.length());
    }

    private static byte[] entryWithLength(int nameType, String name, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(nameType);
        out.writeBytes(new byte[] {(byte) (length >>> 8), (byte) length});
        out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] withLength16(byte[] data) {
        byte[] out = new byte[data.length + 2];
        out[0] = (byte) (data.length >>> 8);
        out[1] = (byte) data.length;
        System.arraycopy(data, 0, out, 2, data.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
