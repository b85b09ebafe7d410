package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsParserTest {
    private static final int RESPONSE = 0x8180; // QR, RD, RA, no error
    private static final int QUERY = 0x0100;    // RD

    @Test
    void aResponseWithACompressedAnswerGivesTheAddress() {
        byte[] m = HexFormat.of().parseHex(("1a2b 8180 0001 0001 0000 0000" // id, flags, 1 question, 1 answer
                + "07 6578616d706c65 03 636f6d 00 0001 0001"                  // example.com A IN
                + "c00c 0001 0001 00000e10 0004 5db8d822")                    // -> A 93.184.216.34, TTL 3600
                .replace(" ", ""));

        DnsMessage msg = DnsParser.parse(m, 0, m.length);

        assertThat(msg).isNotNull();
        assertThat(msg.id()).isEqualTo(0x1a2b);
        assertThat(msg.response()).isTrue();
        assertThat(msg.rcode()).isZero();
        assertThat(msg.queryName()).isEqualTo("example.com");
        assertThat(msg.queryType()).isEqualTo(DnsAnswer.A);
        assertThat(msg.answers()).containsExactly(
                new DnsAnswer("example.com", DnsAnswer.A, IpAddresses.parse("93.184.216.34"), null, 3600));
    }

    /** A real query from the JDK's own DNS client to a server on loopback; its answer read by both sides. */
    @Test
    void theJdkResolverAndTheParserReadTheSameMessages() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.setSoTimeout(10_000);
            CompletableFuture<byte[][]> exchange = CompletableFuture.supplyAsync(() -> serveOnce(server));

            Hashtable<String, String> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
            env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + server.getLocalPort());
            env.put("com.sun.jndi.dns.timeout.initial", "5000");
            env.put("com.sun.jndi.dns.timeout.retries", "1");
            DirContext context = new InitialDirContext(env);
            Attributes attributes = context.getAttributes("Www.Example.COM", new String[] {"A"});
            context.close();
            byte[][] both = exchange.get(10, TimeUnit.SECONDS);

            DnsMessage query = DnsParser.parse(both[0], 0, both[0].length);
            assertThat(query.response()).isFalse();
            assertThat(query.queryName()).isEqualTo("www.example.com");
            assertThat(query.queryType()).isEqualTo(DnsAnswer.A);
            assertThat(query.answers()).isEmpty();

            DnsMessage answer = DnsParser.parse(both[1], 0, both[1].length);
            List<String> jdkAddresses = new ArrayList<>();
            Attribute a = attributes.get("A");
            for (NamingEnumeration<?> e = a.getAll(); e.hasMore(); ) {
                jdkAddresses.add((String) e.next());
            }
            assertThat(answer.id()).isEqualTo(query.id());
            assertThat(answer.answers()).extracting(x -> IpAddresses.format(x.address()))
                    .containsExactlyInAnyOrderElementsOf(jdkAddresses)
                    .containsExactly("192.0.2.10", "192.0.2.11");
            assertThat(answer.answers()).extracting(DnsAnswer::name).containsOnly("www.example.com");
        }
    }

    /** Receives one query and answers it with two A records (owner names compressed); returns both. */
    private static byte[][] serveOnce(DatagramSocket server) {
        try {
            DatagramPacket in = new DatagramPacket(new byte[512], 512);
            server.receive(in);
            byte[] query = Arrays.copyOf(in.getData(), in.getLength());
            int questionEnd = DnsNames.skip(query, 12, query.length) + 4;
            DnsBytes reply = new DnsBytes().header(((query[0] & 0xff) << 8) | (query[1] & 0xff), RESPONSE, 1, 2, 0, 0)
                    .raw(Arrays.copyOfRange(query, 12, questionEnd))
                    .pointer(12).record(DnsAnswer.A, 1, 300, DnsBytes.address("192.0.2.10"))
                    .pointer(12).record(DnsAnswer.A, 1, 300, DnsBytes.address("192.0.2.11"));
            byte[] out = reply.bytes();
            server.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            return new byte[][] {query, out};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cnameChainsAndAaaaAreKeptOtherTypesSkipped() {
        byte[] m = cnameChain().bytes();
        DnsMessage msg = DnsParser.parse(m, 0, m.length);
        assertThat(DnsDescription.of(msg)).isEqualTo("id=4660 response=true rcode=0 question=www.shop.example/28"
                + " answers=[www.shop.example 5 shop.cdn.example.net 60,"
                + " shop.cdn.example.net 28 2001:db8::7 20, shop.cdn.example.net 28 2001:db8::8 20]");
    }

    /** www.shop.example AAAA: CNAME, an MX and a TXT to skip, two AAAA (compressed at several levels). */
    static DnsBytes cnameChain() {
        DnsBytes m = new DnsBytes().header(0x1234, RESPONSE, 1, 5, 0, 0);
        m.name("Www.Shop.Example").typeIn(DnsAnswer.AAAA);
        m.pointer(12);
        int target = m.size() + 10;
        m.record(DnsAnswer.CNAME, 1, 60, new DnsBytes().labels("shop.cdn").labels("example.net").u8(0).bytes());
        m.pointer(12).record(15, 1, 60, new DnsBytes().u16(10).pointer(16).bytes());
        m.pointer(12).record(16, 1, 60, new byte[] {5, 'h', 'e', 'l', 'l', 'o'});
        m.pointer(target).record(DnsAnswer.AAAA, 1, 20, DnsBytes.address("2001:db8::7"));
        m.pointer(target).record(DnsAnswer.AAAA, 1, 20, DnsBytes.address("2001:db8::8"));
        return m;
    }

    @Test
    void mdnsAnswersWithoutAQuestionAndWithTheCacheFlushBit() {
        byte[] m = mdnsAnnouncement().bytes();
        DnsMessage msg = DnsParser.parse(m, 0, m.length);
        assertThat(msg.queryName()).isNull();
        assertThat(msg.queryType()).isZero();
        assertThat(msg.response()).isTrue();
        assertThat(msg.answers()).containsExactly(
                new DnsAnswer("printer.local", DnsAnswer.A, IpAddresses.parse("192.168.1.50"), null, 120),
                new DnsAnswer("printer.local", DnsAnswer.AAAA, IpAddresses.parse("fe80::1"), null, 120));
    }

    static DnsBytes mdnsAnnouncement() {
        DnsBytes m = new DnsBytes().header(0, 0x8400, 0, 2, 0, 0);
        m.name("printer.local").record(DnsAnswer.A, 0x8001, 120, DnsBytes.address("192.168.1.50"));
        m.pointer(12).record(DnsAnswer.AAAA, 0x8001, 120, DnsBytes.address("fe80::1"));
        return m;
    }

    @Test
    void overTcpTheLengthPrefixIsReadAndACutMessageKeepsWhatCame() {
        byte[] framed = cnameChain().tcpBytes();
        DnsMessage whole = DnsParser.parseTcp(framed, 0, framed.length);
        assertThat(whole.answers()).hasSize(3);
        assertThat(DnsParser.parseTcp(framed, 0, framed.length - 1).answers()).hasSize(2);
        // A length prefix shorter than a header, and one longer than the bytes: only the bytes given count.
        framed[1] = 11;
        framed[0] = 0;
        assertThat(DnsParser.parseTcp(framed, 0, framed.length)).isNull();
        framed[0] = (byte) 0xff;
        assertThat(DnsParser.parseTcp(framed, 0, framed.length)).isEqualTo(whole);
    }

    @Test
    void aMessageCutAfterItsQuestionKeepsTheAnswersThatFit() {
        byte[] m = cnameChain().bytes();
        for (int len = 12; len < m.length; len++) {
            DnsMessage msg = DnsParser.parse(m, 0, len);
            if (len < 12 + 18 + 4) {
                assertThat(msg).as("cut at %d, inside the question", len).isNull();
            } else {
                assertThat(msg.queryName()).isEqualTo("www.shop.example");
                assertThat(msg.answers().size()).isLessThanOrEqualTo(3);
            }
        }
    }

    @Test
    void messagesAtAnOffsetInALargerArrayReadTheSame() {
        byte[] m = cnameChain().bytes();
        byte[] bigger = new byte[m.length + 40];
        Arrays.fill(bigger, (byte) 0xc0);
        System.arraycopy(m, 0, bigger, 17, m.length);
        assertThat(DnsParser.parse(bigger, 17, m.length)).isEqualTo(DnsParser.parse(m, 0, m.length));
    }

    @Test
    void compressionLoopsAndForwardPointersAreMalformed() {
        // The question's name is a pointer to itself.
        byte[] self = new DnsBytes().header(1, QUERY, 1, 0, 0, 0).pointer(12).typeIn(1).bytes();
        assertThat(DnsParser.parse(self, 0, self.length)).isNull();
        // A label, then a pointer back to that label: a loop that points backwards.
        byte[] loop = new DnsBytes().header(1, QUERY, 1, 0, 0, 0).labels("a").pointer(12).typeIn(1).bytes();
        assertThat(DnsParser.parse(loop, 0, loop.length)).isNull();
        // A pointer forward, to a name later in the message.
        byte[] forward = new DnsBytes().header(1, QUERY, 1, 0, 0, 0).pointer(18).typeIn(1).name("x").bytes();
        assertThat(DnsParser.parse(forward, 0, forward.length)).isNull();
        // A pointer past the end.
        byte[] outside = new DnsBytes().header(1, QUERY, 1, 0, 0, 0).pointer(0x3fff).typeIn(1).bytes();
        assertThat(DnsParser.parse(outside, 0, outside.length)).isNull();
    }

    @Test
    void atMostSixteenPointersAreFollowed() {
        for (int hops : new int[] {DnsNames.MAX_POINTERS, DnsNames.MAX_POINTERS + 1}) {
            // A TXT record whose data holds names "a" + pointer to the one before, the first to the question's
            // name; then an A record whose owner name points to the last of them: every pointer goes backwards.
            DnsBytes m = new DnsBytes().header(2, RESPONSE, 1, 2, 0, 0).name("end").typeIn(1);
            int data = m.size() + 2 + 10;
            int previous = 12;
            DnsBytes chain = new DnsBytes();
            for (int i = 0; i < hops - 1; i++) {
                int here = data + chain.size();
                chain.labels("a").pointer(previous);
                previous = here;
            }
            m.pointer(12).record(16, 1, 1, chain.bytes());
            m.pointer(previous).record(DnsAnswer.A, 1, 1, DnsBytes.address("10.0.0.1"));
            byte[] b = m.bytes();
            DnsMessage msg = DnsParser.parse(b, 0, b.length);
            assertThat(msg.answers()).as("%d pointers", hops).hasSize(hops <= DnsNames.MAX_POINTERS ? 1 : 0);
            if (hops <= DnsNames.MAX_POINTERS) {
                assertThat(msg.answers().get(0).name()).isEqualTo("a.".repeat(hops - 1) + "end");
            }
        }
    }

    @Test
    void namesOfMoreThan255OctetsAndExtendedLabelTypesAreMalformed() {
        String label = "x".repeat(63);
        String fits = String.join(".", label, label, label, "y".repeat(61)); // 4 * 64 - 2 + 1 = 255 octets
        byte[] ok = new DnsBytes().header(3, QUERY, 1, 0, 0, 0).name(fits).typeIn(1).bytes();
        assertThat(DnsParser.parse(ok, 0, ok.length).queryName()).isEqualTo(fits).hasSize(253);
        byte[] tooLong = new DnsBytes().header(3, QUERY, 1, 0, 0, 0).name(fits + "z").typeIn(1).bytes();
        assertThat(DnsParser.parse(tooLong, 0, tooLong.length)).isNull();
        byte[] extended = new DnsBytes().header(3, QUERY, 1, 0, 0, 0).u8(0x41).u8(0).u8(0).typeIn(1).bytes();
        assertThat(DnsParser.parse(extended, 0, extended.length)).isNull();
    }

    @Test
    void namesAreLowerCasedAndEscapedAndTheRootIsADot() {
        byte[] odd = new DnsBytes().header(4, QUERY, 1, 0, 0, 0)
                .u8(5).raw(new byte[] {'A', '.', 'b', 0, '\\'}).u8(2).raw(new byte[] {(byte) 0xc3, (byte) 0xa9})
                .u8(3).raw(new byte[] {'C', 'O', 'M'}).u8(0).typeIn(1).bytes();
        assertThat(DnsParser.parse(odd, 0, odd.length).queryName()).isEqualTo("a\\x2eb\\x00\\x5c.\\xc3\\xa9.com");
        byte[] root = new DnsBytes().header(5, QUERY, 1, 0, 0, 0).name("").typeIn(2).bytes();
        assertThat(DnsParser.parse(root, 0, root.length).queryName()).isEqualTo(".");
        // 126 labels of one control byte: 254 octets, 4 characters each on the way out, cut at 255.
        DnsBytes control = new DnsBytes().header(6, QUERY, 1, 0, 0, 0);
        for (int i = 0; i < 126; i++) {
            control.u8(1).u8(7);
        }
        byte[] c = control.u8(0).typeIn(1).bytes();
        String name = DnsParser.parse(c, 0, c.length).queryName();
        assertThat(name).hasSizeLessThanOrEqualTo(PacketText.MAX_CHARS).startsWith("\\x07.\\x07").endsWith("\\x07");
    }

    @Test
    void atMost64AnswersAreKeptAndBadRecordsLeftOut() {
        DnsBytes m = new DnsBytes().header(7, RESPONSE, 1, 103, 0, 0).name("many.example").typeIn(1);
        m.pointer(12).record(DnsAnswer.A, 1, 9, new byte[] {1, 2, 3});             // A of 3 bytes: left out
        m.pointer(12).record(DnsAnswer.A, 3, 9, DnsBytes.address("10.9.9.9"));      // class CH: left out
        m.pointer(200).record(DnsAnswer.A, 1, 9, DnsBytes.address("10.9.9.8"));     // owner name forward: left out
        for (int i = 0; i < 100; i++) {
            m.pointer(12).record(DnsAnswer.A, 1, 0xffffffffL, new byte[] {10, 0, 0, (byte) i});
        }
        byte[] b = m.bytes();
        DnsMessage msg = DnsParser.parse(b, 0, b.length);
        assertThat(msg.answers()).hasSize(DnsParser.MAX_ANSWERS);
        assertThat(msg.answers().get(0).address()).isEqualTo(IpAddresses.parse("10.0.0.0"));
        assertThat(msg.answers().get(63).address()).isEqualTo(IpAddresses.parse("10.0.0.63"));
        assertThat(msg.answers().get(0).ttl()).isEqualTo(0xffffffffL);
    }

    @Test
    void anAnswerCountLargerThanTheMessageStopsAtTheEnd() {
        byte[] b = new DnsBytes().header(8, RESPONSE, 1, 65535, 65535, 65535).name("a.example").typeIn(1)
                .pointer(12).record(DnsAnswer.A, 1, 5, DnsBytes.address("10.1.1.1")).bytes();
        assertThat(DnsParser.parse(b, 0, b.length).answers()).hasSize(1);
        byte[] manyQuestions = new DnsBytes().header(9, QUERY, 65535, 0, 0, 0).name("q.example").typeIn(1)
                .pointer(12).typeIn(28).bytes();
        DnsMessage msg = DnsParser.parse(manyQuestions, 0, manyQuestions.length);
        assertThat(msg.queryName()).isEqualTo("q.example");
        assertThat(msg.answers()).isEmpty();
    }

    @Test
    void whatIsNotDns() {
        byte[] header = new DnsBytes().header(1, QUERY, 1, 0, 0, 0).bytes();
        assertThat(DnsParser.parse(header, 0, header.length)).as("a question that is not there").isNull();
        byte[] empty = new DnsBytes().header(1, RESPONSE, 0, 0, 0, 0).bytes();
        assertThat(DnsParser.parse(empty, 0, empty.length)).as("no record at all").isNull();
        byte[] opcode3 = new DnsBytes().header(1, 3 << 11, 1, 0, 0, 0).name("a").typeIn(1).bytes();
        assertThat(DnsParser.parse(opcode3, 0, opcode3.length)).as("unassigned opcode").isNull();
        byte[] ok = new DnsBytes().header(1, 5 << 11, 1, 0, 0, 0).name("a").typeIn(6).bytes();
        assertThat(DnsParser.parse(ok, 0, ok.length)).as("an UPDATE").isNotNull();
        assertThat(DnsParser.parse(ok, 0, 11)).isNull();
        assertThat(DnsParser.parse(ok, 1, ok.length)).as("past the array").isNull();
        assertThat(DnsParser.parse(ok, -1, 12)).isNull();
        assertThat(DnsParser.parse(null, 0, 12)).isNull();
        assertThat(DnsParser.parseTcp(ok, 0, 13)).isNull();
        assertThat(DnsParser.parseTcp(ok, Integer.MAX_VALUE, 14)).isNull();
    }

    /** tshark dissects the same bytes (UDP 53, mDNS on 5353, TCP 53) and finds the same things. */
    @Test
    void tsharkReadsTheBuiltMessagesTheSameWay(@TempDir Path dir) throws Exception {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");
        PcapWriter pcap = new PcapWriter();
        Map<Integer, DnsMessage> ours = new LinkedHashMap<>();
        byte[] answer = HexFormat.of().parseHex("1a2b81800001000100000000076578616d706c6503636f6d0000010001"
                + "c00c0001000100000e1000045db8d822");
        ours.put(pcap.udp("10.0.0.1", 53, "10.0.0.2", 40000, answer), DnsParser.parse(answer, 0, answer.length));
        byte[] chain = cnameChain().bytes();
        ours.put(pcap.udp("10.0.0.1", 53, "10.0.0.2", 40001, chain), DnsParser.parse(chain, 0, chain.length));
        byte[] mdns = mdnsAnnouncement().bytes();
        ours.put(pcap.udp("10.0.0.3", 5353, "224.0.0.251", 5353, mdns), DnsParser.parse(mdns, 0, mdns.length));
        byte[] nx = new DnsBytes().header(77, 0x8183, 1, 0, 0, 0).name("No.Such.Example").typeIn(1).bytes();
        ours.put(pcap.udp("10.0.0.1", 53, "10.0.0.2", 40002, nx), DnsParser.parse(nx, 0, nx.length));
        byte[] tcp = cnameChain().tcpBytes();
        ours.put(pcap.tcpSession("10.0.0.2", 40003, "10.0.0.1", 53, tcp), DnsParser.parseTcp(tcp, 0, tcp.length));

        Map<Integer, Map<String, String>> tshark = Tshark.fields(pcap.write(dir.resolve("dns.pcap")),
                DnsDescription.FIELDS);
        for (Map.Entry<Integer, DnsMessage> e : ours.entrySet()) {
            assertThat(DnsDescription.of(e.getValue())).as("frame %d", e.getKey())
                    .isEqualTo(DnsDescription.ofTshark(tshark.get(e.getKey())));
        }
        assertThat(ours.get(4).rcode()).isEqualTo(3);
    }
}
