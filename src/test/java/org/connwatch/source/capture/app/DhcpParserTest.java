package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhcpParserTest {
    private static final byte[] MAC = {0x00, 0x16, 0x3e, (byte) 0xa1, (byte) 0xb2, (byte) 0xc3};
    private static final byte[] ZERO = {0, 0, 0, 0};

    /** A BOOTP message: the fixed 236 bytes (hardware type and length as given), the cookie, the options. */
    static byte[] message(int op, int htype, int hlen, byte[] ciaddr, byte[] yiaddr, byte[] options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) op, (byte) htype, (byte) hlen, 0, 0x39, 0x03, (byte) 0xf3, 0x26, 0, 0, 0, 0});
        out.writeBytes(ciaddr);
        out.writeBytes(yiaddr);
        out.writeBytes(ZERO);
        out.writeBytes(ZERO);
        out.writeBytes(Arrays.copyOf(MAC, 16));
        out.writeBytes(new byte[64 + 128]);
        out.writeBytes(new byte[] {0x63, (byte) 0x82, 0x53, 0x63});
        out.writeBytes(options);
        return out.toByteArray();
    }

    static byte[] option(int code, byte[] data) {
        byte[] o = new byte[data.length + 2];
        o[0] = (byte) code;
        o[1] = (byte) data.length;
        System.arraycopy(data, 0, o, 2, data.length);
        return o;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final byte[] END = {(byte) 255};

    static byte[] request() {
        return message(1, 1, 6, ZERO, ZERO, concat(option(53, new byte[] {3}),
                option(50, DnsBytes.address("192.168.1.100")), option(12, text("Laptop-7")),
                option(60, text("MSFT 5.0")), option(55, new byte[] {1, 3, 6, 15}), END));
    }

    static byte[] ack() {
        return message(2, 1, 6, DnsBytes.address("192.168.1.100"), DnsBytes.address("192.168.1.100"),
                concat(option(53, new byte[] {5}), option(54, DnsBytes.address("192.168.1.1")),
                        option(51, new byte[] {0, 0, 0x0e, 0x10}), END, new byte[20]));
    }

    @Test
    void aRequestGivesTheClientAndWhatItAsksFor() {
        byte[] b = request();
        DhcpMessage m = DhcpParser.parse(b, 0, b.length);
        assertThat(m).isEqualTo(new DhcpMessage(1, 3, 0x00163ea1b2c3L, null, null,
                IpAddresses.parse("192.168.1.100"), "Laptop-7", "MSFT 5.0"));
    }

    @Test
    void anAckGivesTheAddress() {
        byte[] b = ack();
        DhcpMessage m = DhcpParser.parse(b, 0, b.length);
        assertThat(m.op()).isEqualTo(2);
        assertThat(m.messageType()).isEqualTo(5);
        assertThat(m.clientAddress()).isEqualTo(IpAddresses.parse("192.168.1.100"));
        assertThat(m.yourAddress()).isEqualTo(IpAddresses.parse("192.168.1.100"));
        assertThat(m.requestedAddress()).isNull();
        assertThat(m.hostName()).isNull();
    }

    @Test
    void padsOverloadAndAMissingEndAreTolerated() {
        byte[] b = message(1, 1, 6, ZERO, ZERO, concat(new byte[] {0, 0, 0}, option(52, new byte[] {3}),
                option(53, new byte[] {1}), new byte[] {0}, option(12, text("no-end"))));
        DhcpMessage m = DhcpParser.parse(b, 0, b.length);
        assertThat(m.messageType()).isEqualTo(1);
        assertThat(m.hostName()).isEqualTo("no-end");
        byte[] bootp = message(2, 1, 6, ZERO, DnsBytes.address("10.0.0.9"), new byte[0]);
        assertThat(DhcpParser.parse(bootp, 0, bootp.length).messageType()).as("plain BOOTP").isZero();
    }

    @Test
    void whatFollowsTheEndOptionIsNotRead() {
        byte[] b = message(1, 1, 6, ZERO, ZERO, concat(option(53, new byte[] {1}), END, new byte[] {12, (byte) 200}));
        assertThat(DhcpParser.parse(b, 0, b.length).hostName()).isNull();
    }

    @Test
    void theFirstInstanceOfAnOptionCountsAndOddLengthsAreIgnored() {
        byte[] b = message(1, 1, 6, ZERO, ZERO, concat(option(53, new byte[] {1, 1}), option(53, new byte[] {8}),
                option(53, new byte[] {3}), option(50, new byte[] {10, 0, 0}), option(12, new byte[0]),
                option(12, text("first")), option(12, text("second")), END));
        DhcpMessage m = DhcpParser.parse(b, 0, b.length);
        assertThat(m.messageType()).isEqualTo(8);
        assertThat(m.requestedAddress()).isNull();
        assertThat(m.hostName()).isEqualTo("first");
    }

    @Test
    void namesAreEscapedAndCut() {
        byte[] long255 = new byte[255];
        Arrays.fill(long255, (byte) 0x1b);
        byte[] b = message(1, 1, 6, ZERO, ZERO, concat(option(12, text("Evil\u001b[2J\\Name")), option(60, long255), END));
        DhcpMessage m = DhcpParser.parse(b, 0, b.length);
        assertThat(m.hostName()).as("case kept: a DHCP host name is shown, not matched").isEqualTo("Evil\\x1b[2J\\x5cName");
        assertThat(m.vendorClass()).hasSize(252).matches("(\\\\x1b)+");
    }

    @Test
    void aNonEthernetHardwareAddressIsNotAMac() {
        byte[] b = message(1, 6, 6, ZERO, ZERO, END);
        assertThat(DhcpParser.parse(b, 0, b.length).clientMac()).isEqualTo(DhcpMessage.NO_MAC);
        byte[] longer = message(1, 1, 16, ZERO, ZERO, END);
        assertThat(DhcpParser.parse(longer, 0, longer.length).clientMac()).isEqualTo(DhcpMessage.NO_MAC);
    }

    @Test
    void optionsRunningPastTheEndMakeTheMessageMalformed() {
        byte[] b = request();
        int hostOption = 240 + 3 + 6;
        assertThat(DhcpParser.parse(b, 0, hostOption + 1)).as("a length byte missing").isNull();
        assertThat(DhcpParser.parse(b, 0, hostOption + 5)).as("the data cut").isNull();
        assertThat(DhcpParser.parse(b, 0, hostOption)).as("cut between options").isNotNull();
    }

    @Test
    void whatIsNotDhcp() {
        byte[] b = request();
        assertThat(DhcpParser.parse(b, 0, 239)).isNull();
        byte[] op3 = b.clone();
        op3[0] = 3;
        assertThat(DhcpParser.parse(op3, 0, op3.length)).isNull();
        byte[] noCookie = b.clone();
        noCookie[239] = 0x64;
        assertThat(DhcpParser.parse(noCookie, 0, noCookie.length)).isNull();
        assertThat(DhcpParser.parse(b, 1, b.length)).isNull();
        assertThat(DhcpParser.parse(null, 0, 300)).isNull();
        byte[] shifted = concat(new byte[7], b);
        assertThat(DhcpParser.parse(shifted, 7, b.length)).isEqualTo(DhcpParser.parse(b, 0, b.length));
    }

    /** tshark reads the built messages (UDP 68 to 67 and back) the same way. */
    @Test
    void tsharkReadsTheBuiltMessagesTheSameWay(@TempDir Path dir) throws Exception {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");
        PcapWriter pcap = new PcapWriter();
        Map<Integer, byte[]> sent = new LinkedHashMap<>();
        sent.put(pcap.udp("0.0.0.0", 68, "255.255.255.255", 67, request()), request());
        sent.put(pcap.udp("192.168.1.1", 67, "192.168.1.100", 68, ack()), ack());
        byte[] overload = message(1, 1, 6, ZERO, ZERO, concat(new byte[] {0, 0}, option(52, new byte[] {3}),
                option(53, new byte[] {1}), option(60, text("android-dhcp-14")), END));
        sent.put(pcap.udp("0.0.0.0", 68, "255.255.255.255", 67, overload), overload);
        Map<Integer, Map<String, String>> tshark = Tshark.fields(pcap.write(dir.resolve("dhcp.pcap")),
                DhcpDescription.FIELDS);
        sent.forEach((frame, b) -> assertThat(DhcpDescription.of(DhcpParser.parse(b, 0, b.length)))
                .as("frame %d", frame).isEqualTo(DhcpDescription.ofTshark(tshark.get(frame))));
    }
}
