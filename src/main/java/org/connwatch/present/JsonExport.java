package org.connwatch.present;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;

/**
 * Writes connections as JSON documents whose nesting follows the dotted field names of
 * {@link ExportFields} ({@code destination.port} becomes {@code {"destination":{"port":443}}}),
 * as ECS documents are. Absent values are left out.
 */
public final class JsonExport {
    private final JsonFactory factory = JsonFactory.builder().build();
    private final List<ExportField> fields;

    public JsonExport(List<ExportField> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Writes a JSON array with one document per connection, one document a line. */
    public void writeArray(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        out.write("[");
        for (int i = 0; i < connections.size(); i++) {
            out.write(i == 0 ? "\n" : ",\n");
            writeDocument(connections.get(i), context, out);
        }
        out.write(connections.isEmpty() ? "]\n" : "\n]\n");
    }

    /** Writes one document per line (NDJSON). */
    public void writeLines(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        for (Connection c : connections) {
            writeDocument(c, context, out);
            out.write("\n");
        }
    }

    /** Writes one connection as one JSON object, without a trailing newline. */
    public void writeDocument(Connection c, FieldContext context, Writer out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ExportField f : fields) {
            Object v = f.value().apply(c, context);
            if (v != null) {
                put(root, f.name(), v);
            }
        }
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(g, root);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String dotted, Object value) {
        Map<String, Object> node = root;
        int start = 0;
        for (int dot = dotted.indexOf('.', 1); dot > 0; dot = dotted.indexOf('.', start)) {
            node = (Map<String, Object>) node.computeIfAbsent(dotted.substring(start, dot),
                    k -> new LinkedHashMap<String, Object>());
            start = dot + 1;
        }
        node.put(dotted.substring(start), value);
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Map<String, Object> node) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            g.writeFieldName(e.getKey());
            switch (e.getValue()) {
                case Map<?, ?> m -> write(g, (Map<String, Object>) m);
                case Integer i -> g.writeNumber(i);
                case Long l -> g.writeNumber(l);
                case Boolean b -> g.writeBoolean(b);
                case Instant t -> g.writeString(t.toString());
                case Object o -> g.writeString(o.toString());
            }
        }
        g.writeEndObject();
    }
}
