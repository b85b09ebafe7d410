package org.connwatch.source.capture.app;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Fuzzes the application-layer parsers with the payloads a hostile capture could hold: whatever
 * the bytes, no exception, every returned text escaped and at most {@value PacketText#MAX_CHARS}
 * characters, at most {@value DnsParser#MAX_ANSWERS} DNS answers, and the same result wherever the
 * bytes sit in a larger array (so nothing is read outside the range given).
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/capture/app/AppParsersFuzzTestInputs/<method>/}:
 * messages built by the unit tests and a ClientHello of the JDK's TLS client. To fuzz one method
 * (in a copy of the tree, so that Jazzer's corpus writes stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='AppParsersFuzzTest#dns'
 * </pre>
 */
class AppParsersFuzzTest {

    // Jazzer writes dictionary entries as UTF-8, and bytes 0x09-0x0d and 0x1c-0x1f unescaped, which
    // breaks libFuzzer's dictionary file: entries hold only the other ASCII bytes. The rest (compression
    // pointers 0xc0.., the DHCP cookie 63 82 53 63, line breaks) come from the seeds.

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\u0000\u0001\u0000\u0001", "\u0000\u0005\u0000\u0001", "\u0007example\u0003com\u0000",
            "\u003f", "\u0040", "\u0000\u0004", "\u0000\u0010"})
    void dns(byte[] input) {
        DnsMessage m = same(input, DnsParser::parse);
        if (m != null) {
            checkDns(m);
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\u0000\u0001\u0000\u0001", "\u0000\u0005\u0000\u0001", "\u0007example\u0003com\u0000",
            "\u0000\u0004", "\u0000\u0010"})
    void dnsTcp(byte[] input) {
        DnsMessage m = same(input, DnsParser::parseTcp);
        if (m != null) {
            checkDns(m);
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\u0016\u0003\u0001", "\u0016\u0003\u0003", "\u0016\u0003\u0000", "\u0001\u0000",
            "\u0000\u0000", "\u0003\u0003", "\u0000\u0033", "\u0000\u002b"})
    void tls(byte[] input) {
        String name = same(input, TlsClientHello::serverName);
        if (name != null) {
            checkText(name, true);
            require(!name.isEmpty() && (input[0] & 0xff) == 22, "a name only from a handshake record: " + name);
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"GET ", "CONNECT ", " HTTP/1.1", " HTTP/1.0", "Host: ", "hOsT:", "[::1]:80", "http://", "@",
            ":8080"})
    void http(byte[] input) {
        String host = same(input, HttpRequestHost::host);
        if (host != null) {
            checkText(host, true);
            require(!host.isEmpty() && input[0] >= 'A' && input[0] <= 'Z', "a host only from a request: " + host);
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\u0035\u0001\u0003", "\u0032\u0004", "\u003c", "\u0034\u0001\u0003", "\u0001\u0001\u0006"})
    void dhcp(byte[] input) {
        DhcpMessage m = same(input, DhcpParser::parse);
        if (m != null) {
            require(input.length >= 240, "a DHCP message has at least 240 bytes");
            if (m.hostName() != null) {
                checkText(m.hostName(), false);
            }
            if (m.vendorClass() != null) {
                checkText(m.vendorClass(), false);
            }
        }
    }

    private interface Parser<T> {
        T parse(byte[] b, int off, int len);
    }

    /**
     * Parses the input as it is, then placed at offset 5 of a larger array with bytes around it
     * that would change the result if read; both must agree.
     */
    private static <T> T same(byte[] input, Parser<T> parser) {
        T plain = parser.parse(input, 0, input.length);
        byte[] wider = new byte[input.length + 10];
        Arrays.fill(wider, (byte) 0xc0);
        System.arraycopy(input, 0, wider, 5, input.length);
        T moved = parser.parse(wider, 5, input.length);
        require(Objects.equals(plain, moved), "the same bytes elsewhere gave " + moved + " instead of " + plain);
        return plain;
    }

    private static void checkDns(DnsMessage m) {
        require(m.answers().size() <= DnsParser.MAX_ANSWERS, "at most 64 answers");
        if (m.queryName() != null) {
            checkText(m.queryName(), true);
        }
        for (DnsAnswer a : m.answers()) {
            checkText(a.name(), true);
            if (a.target() != null) {
                checkText(a.target(), true);
            }
        }
    }

    /** Printable ASCII only, a backslash only as the start of an escape; for names no upper-case letter. */
    private static void checkText(String s, boolean lowerCase) {
        require(s.length() <= PacketText.MAX_CHARS, "at most 255 characters: " + s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            require(c >= 0x20 && c <= 0x7e && !(lowerCase && c >= 'A' && c <= 'Z'), "printable ASCII: " + s);
            if (c == '\\') {
                require(i + 3 < s.length() && s.charAt(i + 1) == 'x' && hex(s.charAt(i + 2)) && hex(s.charAt(i + 3)),
                        "a whole escape: " + s);
                i += 3;
            }
        }
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
