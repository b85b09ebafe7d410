package org.connwatch.source.zeek;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the conn.log values out of one line of Zeek's JSON output ({@code LogAscii::use_json=T}),
 * one object per line with the record's fields under flat dotted keys, for example:
 * <pre>
 * {"ts":1710000000.12345,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"192.168.1.10","id.orig_p":52311,
 *  "id.resp_h":"93.184.216.34","id.resp_p":443,"proto":"tcp","service":"ssl","duration":1.5,
 *  "orig_bytes":517,"resp_bytes":4219,"conn_state":"SF","local_orig":true,"local_resp":false,...}
 * </pre>
 * (shown on two lines here). Unset fields are left out; {@code ts} may also be an ISO-8601 text.
 * Nested objects, as some shippers write ({@code "id":{"orig_h":...}}), are read as dotted keys;
 * arrays (sets such as {@code tunnel_parents}) are skipped. Numbers are kept as their text, booleans
 * become T/F, null is unset.
 */
final class JsonConnLine {
    private static final int MAX_DEPTH = 4;
    private final JsonFactory json = new JsonFactory();

    /** The values indexed by {@link ConnColumn#ordinal()}, null where absent. */
    String[] values(String line) throws MalformedFieldException {
        String[] v = new String[ConnColumn.COUNT];
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFieldException("a JSON line is not an object");
            }
            readObject(p, "", 1, v);
            if (p.nextToken() != null) {
                throw new MalformedFieldException("text after the JSON object");
            }
        } catch (IOException e) { // Jackson's parse errors, including its size and nesting limits
            throw new MalformedFieldException("not JSON: " + Samples.shown(firstLine(e.getMessage()), 80));
        }
        return v;
    }

    private static void readObject(JsonParser p, String prefix, int depth, String[] v)
            throws IOException, MalformedFieldException {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                throw new MalformedFieldException("a JSON line is cut short");
            }
            String key = prefix.isEmpty() ? p.currentName() : prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (value == null) {
                throw new MalformedFieldException("a JSON line is cut short");
            }
            switch (value) {
                case START_OBJECT -> {
                    if (depth >= MAX_DEPTH) {
                        throw new MalformedFieldException("JSON objects nested deeper than " + MAX_DEPTH);
                    }
                    readObject(p, key + ".", depth + 1, v);
                }
                case START_ARRAY -> p.skipChildren();
                default -> {
                    ConnColumn c = ConnColumn.byName(key);
                    if (c != null) {
                        v[c.ordinal()] = scalar(p, value);
                    }
                }
            }
        }
    }

    private static String scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_TRUE -> "T";
            case VALUE_FALSE -> "F";
            case VALUE_NULL -> null;
            default -> p.getText(); // strings as they are, numbers as written
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
