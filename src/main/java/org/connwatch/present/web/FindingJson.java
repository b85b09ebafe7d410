package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.connwatch.detect.Finding;
import org.connwatch.records.Connection;
import org.connwatch.store.FindingState;

/**
 * A finding as the API gives it: its state with the user and its latest occurrence, with the ECS
 * names of {@code scan --format json} beside ours ({@code rule.id}, {@code event.severity},
 * {@code event.risk_score}, {@code message}). At most {@value #MAX_CONNECTIONS} connections each.
 */
final class FindingJson {
    static final int MAX_CONNECTIONS = 20;

    private FindingJson() {
    }

    static void write(JsonGenerator g, FindingState s, ConnectionJson connections) throws IOException {
        Finding f = s.latest();
        g.writeStartObject();
        g.writeNumberField("id", s.id());
        g.writeStringField("key", s.key());
        g.writeStringField("detector", f.detector());
        g.writeStringField("severity", f.severity().label());
        g.writeNumberField("score", Math.round(f.score() * 10) / 10.0);
        g.writeStringField("reason", f.reason());
        g.writeStringField("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("note", s.note());
        g.writeStringField("first_seen", s.firstSeen().toString());
        g.writeStringField("last_seen", s.lastSeen().toString());
        g.writeNumberField("occurrences", s.occurrences());
        g.writeObjectFieldStart("rule");
        g.writeStringField("id", f.detector());
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "alert");
        g.writeNumberField("severity", f.severity().number());
        g.writeNumberField("risk_score", Math.round(f.score() * 10) / 10.0);
        g.writeEndObject();
        g.writeStringField("message", f.reason());
        g.writeArrayFieldStart("connection_ids");
        for (long id : s.connectionIds()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("connections");
        int n = 0;
        for (Connection c : f.connections()) {
            if (n++ == MAX_CONNECTIONS) {
                break;
            }
            connections.write(g, c);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
