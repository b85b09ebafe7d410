package org.connwatch.act.alert;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of one RFC 5424 message (section 6's ABNF), written from the RFC for the tests:
 * it throws on anything the grammar does not allow, such as an unescaped {@code ]} in a parameter
 * value, a header field outside printable US-ASCII, or MSG text that is not UTF-8.
 */
record Rfc5424(int pri, String timestamp, String hostName, String appName, String procId, String msgId,
               String sdId, Map<String, String> params, boolean bom, String msg) {

    static Rfc5424 parse(byte[] bytes) {
        Reader r = new Reader(bytes);
        r.expect('<');
        int pri = Integer.parseInt(r.until('>', 3, "0123456789"));
        if (pri > 191) {
            throw new IllegalArgumentException("PRI out of range: " + pri);
        }
        r.expect('>');
        r.expect('1');
        r.expect(' ');
        String timestamp = r.headerField(64);
        if (!timestamp.equals("-")) {
            OffsetDateTime.parse(timestamp); // RFC 3339
            int dot = timestamp.indexOf('.');
            if (dot >= 0 && timestamp.length() - dot - 2 > 6) {
                throw new IllegalArgumentException("TIME-SECFRAC has more than 6 digits: " + timestamp);
            }
        }
        r.expect(' ');
        String host = r.headerField(255);
        r.expect(' ');
        String app = r.headerField(48);
        r.expect(' ');
        String proc = r.headerField(128);
        r.expect(' ');
        String msgId = r.headerField(32);
        r.expect(' ');
        Map<String, String> params = new LinkedHashMap<>();
        String sdId = null;
        if (r.peek() == '-') {
            r.expect('-');
        } else {
            r.expect('[');
            sdId = r.sdName();
            while (r.peek() == ' ') {
                r.expect(' ');
                String name = r.sdName();
                r.expect('=');
                r.expect('"');
                if (params.put(name, r.paramValue()) != null) {
                    throw new IllegalArgumentException("parameter twice: " + name);
                }
            }
            r.expect(']');
            if (r.more() && r.peek() == '[') {
                throw new IllegalArgumentException("one SD element expected");
            }
        }
        boolean bom = false;
        String msg = null;
        if (r.more()) {
            r.expect(' ');
            byte[] rest = r.rest();
            int from = 0;
            if (rest.length >= 3 && (rest[0] & 0xff) == 0xEF && (rest[1] & 0xff) == 0xBB && (rest[2] & 0xff) == 0xBF) {
                bom = true;
                from = 3;
            }
            msg = utf8(rest, from);
        }
        return new Rfc5424(pri, timestamp, host, app, proc, msgId, sdId, params, bom, msg);
    }

    private static String utf8(byte[] bytes, int from) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, bytes.length - from)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** A cursor over the message bytes. */
    private static final class Reader {
        private final byte[] b;
        private int at;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return at < b.length;
        }

        int peek() {
            if (!more()) {
                throw new IllegalArgumentException("message ends early at " + at);
            }
            return b[at] & 0xff;
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + ", found " + (char) peek());
            }
            at++;
        }

        String until(char end, int max, String allowed) {
            StringBuilder sb = new StringBuilder();
            while (peek() != end) {
                char c = (char) peek();
                if (allowed.indexOf(c) < 0 || sb.length() >= max) {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + at);
                }
                sb.append(c);
                at++;
            }
            return sb.toString();
        }

        String headerField(int max) {
            StringBuilder sb = new StringBuilder();
            while (more() && peek() != ' ') {
                int c = peek();
                if (c < 33 || c > 126 || sb.length() >= max) {
                    throw new IllegalArgumentException("header field not PRINTUSASCII or too long at " + at);
                }
                sb.append((char) c);
                at++;
            }
            if (sb.isEmpty()) {
                throw new IllegalArgumentException("empty header field at " + at);
            }
            return sb.toString();
        }

        String sdName() {
            StringBuilder sb = new StringBuilder();
            while (peek() != '=' && peek() != ' ' && peek() != ']') {
                int c = peek();
                if (c < 33 || c > 126 || c == '"' || sb.length() >= 32 + 1 + 10) {
                    throw new IllegalArgumentException("bad SD-NAME character at " + at);
                }
                sb.append((char) c);
                at++;
            }
            return sb.toString();
        }

        String paramValue() {
            int start = at;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                int c = peek();
                at++;
                if (c == '"') {
                    break;
                }
                if (c == ']') {
                    throw new IllegalArgumentException("unescaped ']' in a PARAM-VALUE starting at " + start);
                }
                if (c == '\\' && (peek() == '"' || peek() == '\\' || peek() == ']')) {
                    c = peek();
                    at++;
                }
                out.write(c);
            }
            return utf8(out.toByteArray(), 0);
        }

        byte[] rest() {
            byte[] r = java.util.Arrays.copyOfRange(b, at, b.length);
            at = b.length;
            return r;
        }
    }
}
