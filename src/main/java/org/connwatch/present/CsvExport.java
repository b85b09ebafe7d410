package org.connwatch.present;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.connwatch.records.Connection;

/**
 * Writes connections as RFC 4180 CSV: a header row of the dotted field names of
 * {@link ExportFields}, then one row per connection; cells holding a comma, quote, or line break
 * are quoted, and absent values are empty.
 */
public final class CsvExport {
    private final List<ExportField> fields;

    public CsvExport(List<ExportField> fields) {
        this.fields = List.copyOf(fields);
    }

    public void write(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        writeHeader(out);
        writeRows(connections, context, out);
    }

    /** The header row of dotted field names. */
    public void writeHeader(Writer out) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(fields.get(i).name()));
        }
        out.write("\r\n");
    }

    /** One row per connection, without the header: rows can be rendered in parts on several threads. */
    public void writeRows(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        for (Connection c : connections) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object v = fields.get(i).value().apply(c, context);
                if (v != null) {
                    out.write(cell(v.toString()));
                }
            }
            out.write("\r\n");
        }
    }

    static String cell(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
