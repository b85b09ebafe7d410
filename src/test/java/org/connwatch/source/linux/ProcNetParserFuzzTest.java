package org.connwatch.source.linux;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Fuzzes {@link ProcNetParser}: whatever text a line holds, parsing it gives a socket record that
 * keeps its invariants and whose addresses, ports, uid and inode really are in the line, or a
 * {@link MalformedSocketDataException} whose message is short and holds no control characters;
 * never another exception.
 *
 * <p>{@link #anyLine} mutates raw bytes, starting from the lines of the tables
 * {@link SockDiagSampleRecorder} recorded; {@link #anyFields} builds a line field by field, each
 * either a plausible value (hex or decimal of any width and size) or any text, which reaches the
 * edges of each field (a 19-digit inode, a non-ASCII digit) sooner.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/linux/ProcNetParserFuzzTestInputs/<method>/} and
 * any {@code crash-*} file Jazzer saved there. To fuzz one method (one per run, for its maxDuration):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='ProcNetParserFuzzTest#anyLine'
 * </pre>
 */
class ProcNetParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ProcNetParser PARSER = new ProcNetParser();

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({":", " ", "0A", "01", "07", "00000000", "0100007F", "FFFF0000", "0000000000000000",
            "00000000:00000000", "4294967295", "9223372036854775807", "\t", "\u0000"})
    void anyLine(byte[] input) {
        // ProcNetReader decodes the files as ISO-8859-1; UTF-8 brings in the rest of Unicode.
        for (String line : List.of(new String(input, StandardCharsets.ISO_8859_1),
                new String(input, StandardCharsets.UTF_8))) {
            for (Transport transport : List.of(Transport.TCP, Transport.UDP)) {
                check(line, transport);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyFields(FuzzedDataProvider data) {
        StringBuilder line = new StringBuilder();
        line.append(pick(data, () -> "  " + data.consumeInt(0, 99999) + ":"));
        line.append(' ').append(pick(data, () -> address(data)));
        line.append(' ').append(pick(data, () -> address(data)));
        line.append(' ').append(pick(data, () -> hex(data, data.consumeInt(1, 3))));
        line.append(' ').append(pick(data, () -> hex(data, data.consumeInt(1, 17)) + ":" + hex(data, data.consumeInt(1, 17))));
        line.append(' ').append(pick(data, () -> "00:00000000 00000000"));
        line.append(' ').append(pick(data, () -> decimal(data)));
        line.append(' ').append(pick(data, () -> "0"));
        line.append(' ').append(pick(data, () -> decimal(data)));
        line.append(pick(data, () -> " 1 0000000000000000 100 0 0 10 0"));
        for (Transport transport : List.of(Transport.TCP, Transport.UDP)) {
            check(line.toString(), transport);
        }
    }

    /** Mostly the plausible field, sometimes any text in its place. */
    private static String pick(FuzzedDataProvider data, Supplier<String> plausible) {
        return data.consumeInt(0, 7) > 0 ? plausible.get() : data.consumeString(40);
    }

    /** An IPv4 or IPv6 address as /proc/net prints it (hex words), with a port of 1 to 5 hex digits. */
    private static String address(FuzzedDataProvider data) {
        byte[] raw = data.consumeBytes(data.consumeBoolean() ? 16 : 4);
        byte[] full = Arrays.copyOf(raw, raw.length <= 4 ? 4 : 16);
        return procHex(full) + ":" + hex(data, data.consumeInt(1, 5));
    }

    /**
     * A hex number of exactly {@code digits} digits (leading zeros kept), upper or lower case; now
     * and then one character is any character instead (a digit of another script, say).
     */
    private static String hex(FuzzedDataProvider data, int digits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            int d = data.consumeInt(0, 16);
            sb.append(d < 16 ? Character.forDigit(d, 16) : data.consumeChar());
        }
        return data.consumeBoolean() ? sb.toString().toUpperCase(Locale.ROOT) : sb.toString();
    }

    /** A decimal number: small, any long, or any unsigned 64-bit value (up to 20 digits). */
    private static String decimal(FuzzedDataProvider data) {
        long v = data.consumeLong();
        return switch (data.consumeInt(0, 2)) {
            case 0 -> Long.toString(Math.floorMod(v, 100_000L));
            case 1 -> Long.toString(v);
            default -> Long.toUnsignedString(v);
        };
    }

    private static void check(String line, Transport transport) {
        Connection c;
        try {
            c = PARSER.parse(line, transport, NOW);
        } catch (MalformedSocketDataException e) {
            String m = e.getMessage();
            require(m != null && m.startsWith("bad /proc/net line (") && m.length() <= 400,
                    "a short message naming the problem: " + m);
            require(m.chars().noneMatch(ch -> Character.isISOControl(ch) || Character.getType(ch) == Character.FORMAT
                    || Character.getType(ch) == Character.LINE_SEPARATOR
                    || Character.getType(ch) == Character.PARAGRAPH_SEPARATOR), "an escaped message: " + m);
            return;
        }
        require(c.observer() == ObserverType.SOCKET && c.transport() == transport, "observer and transport: " + c);
        require(c.direction() == Direction.UNKNOWN && c.process() == null, "nothing worked out yet: " + c);
        require(c.traffic().equals(Traffic.UNKNOWN), "/proc/net has no byte counts: " + c);
        require(c.socket() != null && c.socket().tcp() == null, "socket details without tcp_info: " + c);
        require(c.socket().inode() >= 0 && c.socket().receiveQueue() >= 0 && c.socket().sendQueue() >= 0,
                "no negative counts: " + c);
        require(transport == Transport.TCP || c.state() == ConnectionState.ESTABLISHED
                || c.state() == ConnectionState.UNCONN || c.state() == ConnectionState.LISTEN, "a UDP state: " + c);
        String upper = asciiUpperCase(line);
        require(printedIn(upper, c.local()) && printedIn(upper, c.remote()),
                "the addresses and ports are read from ASCII hex digits in the line: " + c + " from " + line);
        // (Leading zeros are allowed, so only the significant digits are looked for.)
        require(line.contains(Integer.toUnsignedString(c.socket().uid()))
                        && line.contains(Long.toString(c.socket().inode())),
                "the uid and inode are read from ASCII decimal digits in the line: " + c + " from " + line);
    }

    /**
     * True when the line holds the endpoint as /proc/net prints it: the address in hex words, a
     * colon, and the port in 1 to 4 ASCII hex digits.
     */
    private static boolean printedIn(String upperCaseLine, Endpoint endpoint) {
        InetAddress address = endpoint.address();
        byte[] raw = address.getAddress();
        List<String> forms = List.of(procHex(raw));
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(raw, 0, mapped, 12, 4);
            forms = List.of(procHex(raw), procHex(mapped));
        }
        for (String form : forms) {
            for (int at = upperCaseLine.indexOf(form + ":"); at >= 0; at = upperCaseLine.indexOf(form + ":", at + 1)) {
                int start = at + form.length() + 1;
                int end = start;
                while (end < upperCaseLine.length() && end - start <= 4 && isAsciiHex(upperCaseLine.charAt(end))) {
                    end++;
                }
                if (end > start && end - start <= 4 && Integer.parseInt(upperCaseLine, start, end, 16) == endpoint.port()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAsciiHex(char ch) {
        return ch >= '0' && ch <= '9' || ch >= 'A' && ch <= 'F';
    }

    /** Each 32-bit word of the address in host (little-endian) order, in upper-case hex. */
    private static String procHex(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        for (int word = 0; word < raw.length; word += 4) {
            for (int b = 3; b >= 0; b--) {
                sb.append(String.format("%02X", raw[word + b] & 0xff));
            }
        }
        return sb.toString();
    }

    private static String asciiUpperCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            sb.append(ch >= 'a' && ch <= 'z' ? (char) (ch - 32) : ch);
        }
        return sb.toString();
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
