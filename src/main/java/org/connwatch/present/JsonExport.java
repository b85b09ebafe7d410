package org.connwatch.present;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;

/**
 * Writes connections as JSON documents whose nesting follows the dotted field names of
 * {@link ExportFields} ({@code destination.port} becomes {@code {"destination":{"port":443}}}),
 * as ECS documents are. Absent values are left out, and so is an object left empty.
 *
 * <p>Documents are streamed field by field through one generator: an object opens before its
 * first present field and closes when a field outside it comes, which is why fields sharing a
 * prefix must be adjacent in the field list (checked at construction). Not thread-safe.
 */
public final class JsonExport {
    private static final int MAX_REMEMBERED_INSTANTS = 4096;

    private final JsonFactory factory = JsonFactory.builder().build();
    private final List<ExportField> fields;
    /** Each field's parent path ({@code process.parent.pid} -> [process, parent]) and leaf name. */
    private final String[][] parents;
    private final String[] leaves;
    /** The text of recently written instants: a snapshot stamps the same instant on every record. */
    private final Map<Instant, String> instantText = new HashMap<>();

    public JsonExport(List<ExportField> fields) {
        this.fields = List.copyOf(fields);
        this.parents = new String[this.fields.size()][];
        this.leaves = new String[this.fields.size()];
        for (int i = 0; i < parents.length; i++) {
            String[] path = this.fields.get(i).name().split("\\.");
            parents[i] = java.util.Arrays.copyOf(path, path.length - 1);
            leaves[i] = path[path.length - 1];
        }
        checkGrouped();
    }

    /** Writes a JSON array with one document per connection, one document a line. */
    public void writeArray(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        out.write("[");
        writeArrayPart(connections, true, context, out);
        out.write(connections.isEmpty() ? "]\n" : "\n]\n");
    }

    /**
     * Writes part of a JSON array's body: the documents of {@code part}, each preceded by the
     * separator the array needs there (none before the array's very first document). Framing the
     * array ("[", "]") is the caller's: this lets parts be rendered on several threads.
     */
    public void writeArrayPart(List<Connection> part, boolean startsArray, FieldContext context, Writer out)
            throws IOException {
        try (JsonGenerator g = generator(out)) {
            for (int i = 0; i < part.size(); i++) {
                g.writeRaw(i == 0 && startsArray ? "\n" : ",\n");
                document(g, part.get(i), context);
            }
        }
    }

    /** Writes one document per line (NDJSON). */
    public void writeLines(List<Connection> connections, FieldContext context, Writer out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            for (Connection c : connections) {
                document(g, c, context);
                g.writeRaw("\n");
            }
        }
    }

    /** Writes one connection as one JSON object, without a trailing newline. */
    public void writeDocument(Connection c, FieldContext context, Writer out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            document(g, c, context);
        }
    }

    /** Writes one connection as one JSON object into a generator the caller owns (inside a larger document). */
    public void writeDocument(JsonGenerator g, Connection c, FieldContext context) throws IOException {
        document(g, c, context);
    }

    private JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = factory.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    private void document(JsonGenerator g, Connection c, FieldContext context) throws IOException {
        g.writeStartObject();
        String[] open = new String[8];
        int depth = 0;
        for (int i = 0; i < leaves.length; i++) {
            Object v = fields.get(i).value().apply(c, context);
            if (v == null) {
                continue;
            }
            String[] parent = parents[i];
            int common = 0;
            while (common < depth && common < parent.length && open[common].equals(parent[common])) {
                common++;
            }
            for (; depth > common; depth--) {
                g.writeEndObject();
            }
            for (; depth < parent.length; depth++) {
                open[depth] = parent[depth];
                g.writeObjectFieldStart(parent[depth]);
            }
            g.writeFieldName(leaves[i]);
            writeValue(g, v);
        }
        for (; depth > 0; depth--) {
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Boolean b -> g.writeBoolean(b);
            case Instant t -> g.writeString(text(t));
            case String s -> g.writeString(s);
            default -> g.writeString(v.toString());
        }
    }

    private String text(Instant t) {
        String s = instantText.get(t);
        if (s == null) {
            if (instantText.size() >= MAX_REMEMBERED_INSTANTS) {
                instantText.clear();
            }
            s = t.toString();
            instantText.put(t, s);
        }
        return s;
    }

    /** Streaming needs each object's fields together: refuse a list where a prefix comes back. */
    private void checkGrouped() {
        java.util.Set<String> closed = new java.util.HashSet<>();
        String[] previous = new String[0];
        for (String[] parent : parents) {
            int common = 0;
            while (common < previous.length && common < parent.length && previous[common].equals(parent[common])) {
                common++;
            }
            for (int d = common; d < previous.length; d++) {
                closed.add(String.join(".", java.util.Arrays.copyOf(previous, d + 1)));
            }
            for (int d = common; d < parent.length; d++) {
                String prefix = String.join(".", java.util.Arrays.copyOf(parent, d + 1));
                if (closed.contains(prefix)) {
                    throw new IllegalArgumentException("export fields under '" + prefix + "' are not adjacent");
                }
            }
            previous = parent;
        }
    }
}
