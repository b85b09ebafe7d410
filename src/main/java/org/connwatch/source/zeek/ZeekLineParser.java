package org.connwatch.source.zeek;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the lines of one Zeek conn.log, in order: it keeps what the header lines said, so one
 * parser serves one file (or stream). No I/O.
 *
 * <p>The ASCII (TSV) format starts with a header block, then one tab-separated line per
 * connection (tabs shown here as two spaces or more):
 * <pre>
 * #separator \x09
 * #set_separator  ,
 * #empty_field  (empty)
 * #unset_field  -
 * #path  conn
 * #open  2024-03-10-00-00-00
 * #fields  ts  uid  id.orig_h  id.orig_p  id.resp_h  id.resp_p  proto  service  duration  orig_bytes ...
 * #types  time  string  addr  port  addr  port  enum  string  interval  count ...
 * 1710028800.123456  CHhAvVGS1DHFjwGM9  192.168.1.10  52311  93.184.216.34  443  tcp  ssl  1.500000  517 ...
 * #close  2024-03-10-01-00-00
 * </pre>
 * The {@code #separator} line separates its value by a space and writes it escaped; every other
 * header line uses the separator. {@code #fields} decides which column is which: columns may come
 * in any order, unknown ones are ignored, and only ts, the 4-tuple and proto are required. A new
 * header block (concatenated logs) switches to its own columns. A field that is exactly the unset
 * text ({@code -}) is unset, one that is the empty text ({@code (empty)}) or nothing is empty (and
 * read as unset); any other field has its {@code \xHH} escapes undone. A data line must have as many
 * fields as {@code #fields} names: a shorter one is cut, a longer one is not this log's.
 *
 * <p>A line that starts with <code>{</code> is a JSON object (see {@link JsonConnLine}), whatever
 * header came before. Lines of a log whose {@code #path} (or JSON {@code _path}) is not
 * {@code conn} are skipped.
 */
final class ZeekLineParser {
    private static final int MAX_SEPARATOR_CHARS = 8;
    private final JsonConnLine json = new JsonConnLine();
    private TsvLayout layout = TsvLayout.DEFAULT;
    private String jsonPath;

    /** One line, without its line break. */
    LineResult parse(String line) {
        if (line.isEmpty()) {
            return LineResult.NOTHING;
        }
        char first = line.charAt(0);
        try {
            if (first == '#') {
                return header(line);
            }
            if (first == '{') {
                String[] values = json.values(line);
                String path = values[ConnColumn.PATH.ordinal()];
                if (path != null) {
                    jsonPath = path;
                }
                return ConnMapper.map(values);
            }
            if (line.isBlank()) {
                return LineResult.NOTHING;
            }
            return data(line);
        } catch (MalformedFieldException e) {
            return new LineResult.Malformed(e.getMessage());
        }
    }

    /** The log's name as its header or JSON {@code _path} gave it; null when none did. */
    String declaredPath() {
        return layout.path() != null ? layout.path() : jsonPath;
    }

    private LineResult header(String line) throws MalformedFieldException {
        if (line.startsWith("#separator ")) {
            String sep = ZeekEscapes.unescape(line.substring("#separator ".length()));
            if (sep.isEmpty() || sep.length() > MAX_SEPARATOR_CHARS || sep.indexOf('\n') >= 0) {
                throw new MalformedFieldException("#separator " + Samples.field(sep) + " is not a separator");
            }
            layout = layout.withSeparator(sep);
            return LineResult.NOTHING;
        }
        String sep = layout.separator();
        int at = line.indexOf(sep);
        String name = at < 0 ? line : line.substring(0, at);
        String value = at < 0 ? "" : line.substring(at + sep.length());
        switch (name) {
            case "#unset_field" -> layout = layout.withUnsetField(ZeekEscapes.unescape(value));
            case "#empty_field" -> layout = layout.withEmptyField(ZeekEscapes.unescape(value));
            case "#path" -> layout = layout.withPath(ZeekEscapes.unescape(value));
            case "#fields" -> {
                if (at < 0) {
                    throw new MalformedFieldException("#fields names no field");
                }
                layout = layout.withFields(split(value, sep));
            }
            default -> {
                // #set_separator (conn.log's read columns hold no sets), #types, #open, #close, comments
            }
        }
        return LineResult.NOTHING;
    }

    private LineResult data(String line) throws MalformedFieldException {
        TsvLayout l = layout;
        if (l.fieldCount() < 0) {
            throw new MalformedFieldException("a data line before any #fields header");
        }
        if (l.path() != null && !l.path().equals("conn")) {
            return new LineResult.Skipped(ReadReport.SKIP_NOT_CONN_LINES);
        }
        if (!l.missing().isEmpty()) {
            throw new MalformedFieldException("the #fields header lacks " + String.join(", ", l.missing()));
        }
        String sep = l.separator();
        String[] v = new String[ConnColumn.COUNT];
        int column = 0;
        int start = 0;
        while (true) {
            int end = line.indexOf(sep, start);
            if (column >= l.fieldCount()) {
                throw new MalformedFieldException("more fields than the " + l.fieldCount() + " #fields names");
            }
            int slot = l.slot(column);
            if (slot >= 0) {
                v[slot] = value(line.substring(start, end < 0 ? line.length() : end), l);
            }
            column++;
            if (end < 0) {
                break;
            }
            start = end + sep.length();
        }
        if (column != l.fieldCount()) {
            throw new MalformedFieldException(column + " fields where #fields names " + l.fieldCount());
        }
        return ConnMapper.map(v);
    }

    private static String value(String raw, TsvLayout l) {
        if (raw.isEmpty() || raw.equals(l.unsetField()) || raw.equals(l.emptyField())) {
            return null;
        }
        return ZeekEscapes.unescape(raw);
    }

    private static List<String> split(String s, String sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int end = s.indexOf(sep); end >= 0; end = s.indexOf(sep, start)) {
            parts.add(s.substring(start, end));
            start = end + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }
}
