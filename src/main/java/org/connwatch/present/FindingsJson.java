package org.connwatch.present;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * The findings as one JSON document (docs/SCHEMA.md): the host, the time, counts by severity, and
 * each finding with {@code detector}, {@code severity}, {@code score}, {@code reason}, their ECS
 * names ({@code rule.id}, {@code event.severity}, {@code event.risk_score}, {@code message}) and the
 * full export documents of the connections it is about. Not thread-safe.
 */
public final class FindingsJson {
    private final JsonFactory factory = JsonFactory.builder().build();
    private final JsonExport connections = new JsonExport(ExportFields.ALL);

    public void write(List<Finding> findings, Instant at, FieldContext context, Writer out) throws IOException {
        write(findings, at, context, null, out);
    }

    /**
     * The findings, and after them, when {@code flows} is not null, a {@code flows} array with the
     * export document of every flow analyzed (what {@code analyze FILE.pcap --format json} prints).
     */
    public void write(List<Finding> findings, Instant at, FieldContext context, List<Connection> flows, Writer out)
            throws IOException {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("@timestamp", at.toString());
            g.writeObjectFieldStart("host");
            g.writeStringField("name", context.hostName());
            g.writeEndObject();
            Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
            findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
            g.writeObjectFieldStart("summary");
            g.writeNumberField("findings", findings.size());
            for (Severity s : Severity.values()) {
                g.writeNumberField(s.label(), counts.getOrDefault(s, 0));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : findings) {
                g.writeRaw("\n");
                writeFinding(g, f, context);
            }
            g.writeEndArray();
            if (flows != null) {
                g.writeArrayFieldStart("flows");
                for (Connection c : flows) {
                    g.writeRaw("\n");
                    connections.writeDocument(g, c, context);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeRaw("\n");
        }
    }

    /**
     * One finding as a single line of JSON, with the same fields as in the document (for a stream of
     * findings, such as {@code capture --format ndjson}).
     */
    public void writeLine(Finding f, FieldContext context, Writer out) throws IOException {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeFinding(g, f, context);
        }
        out.write("\n");
    }

    private void writeFinding(JsonGenerator g, Finding f, FieldContext context) throws IOException {
        g.writeStartObject();
        writeFindingFields(g, f, context);
        g.writeEndObject();
    }

    /**
     * The fields of one finding, as in {@link #writeLine}, written into an object the caller has
     * opened and will close (for documents that add fields of their own, such as the alerts of
     * {@code connwatch serve}).
     */
    public void writeFindingFields(JsonGenerator g, Finding f, FieldContext context) throws IOException {
        g.writeStringField("detector", f.detector());
        g.writeStringField("severity", f.severity().label());
        g.writeNumberField("score", Math.round(f.score() * 10) / 10.0);
        g.writeStringField("reason", f.reason());
        g.writeStringField("@timestamp", f.at().toString());
        g.writeObjectFieldStart("rule");
        g.writeStringField("id", f.detector());
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "alert");
        g.writeNumberField("severity", f.severity().number());
        g.writeNumberField("risk_score", Math.round(f.score() * 10) / 10.0);
        g.writeEndObject();
        g.writeStringField("message", f.reason());
        g.writeArrayFieldStart("connections");
        for (Connection c : f.connections()) {
            connections.writeDocument(g, c, context);
        }
        g.writeEndArray();
    }
}
