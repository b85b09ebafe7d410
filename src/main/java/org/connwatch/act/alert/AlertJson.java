package org.connwatch.act.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.store.FindingState;

/**
 * An alert as one line of JSON (ECS names). A finding has the fields of {@code connwatch scan
 * --format json}'s findings ({@code rule.id}, {@code event.severity}, {@code message}, the
 * connections' export documents ...) plus {@code finding} (id, key, status, occurrences, first and
 * last seen, new) and {@code host.name}:
 * <pre>
 * {"detector":"unusual-port","severity":"medium",...,"message":"...","connections":[{...}],
 *  "finding":{"id":7,"key":"unusual-port|...","status":"open","occurrences":1,
 *  "first_seen":"2026-11-20T03:00:00Z","last_seen":"2026-11-20T03:00:00Z","new":true},
 *  "host":{"name":"desk"},"alert":{"@timestamp":"2026-11-20T03:00:01Z"}}
 * </pre>
 * A summary has {@code rule.id} {@value HeldBackAlert#RULE_ID}, {@code message} and
 * {@code held_back} (count, worst severity, since). Not thread-safe: one caller at a time (the
 * Community ID hasher of the field context is not thread-safe).
 */
public final class AlertJson {
    private final JsonFactory factory = JsonFactory.builder().build();
    private final FindingsJson findings = new FindingsJson();
    private final FieldContext context;

    public AlertJson(FieldContext context) {
        this.context = context;
    }

    /** The alert as one line of JSON, without the line end. */
    public String render(Alert alert) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            switch (alert) {
                case FindingAlert f -> writeFinding(g, f);
                case HeldBackAlert h -> writeHeldBack(g, h);
            }
            g.writeObjectFieldStart("host");
            g.writeStringField("name", context.hostName());
            g.writeEndObject();
            g.writeObjectFieldStart("alert");
            g.writeStringField("@timestamp", alert.at().toString());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to a string", e);
        }
        return out.toString();
    }

    private void writeFinding(JsonGenerator g, FindingAlert alert) throws IOException {
        FindingState s = alert.state();
        findings.writeFindingFields(g, s.latest(), context);
        g.writeObjectFieldStart("finding");
        g.writeNumberField("id", s.id());
        g.writeStringField("key", s.key());
        g.writeStringField("status", s.status().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("occurrences", s.occurrences());
        g.writeStringField("first_seen", s.firstSeen().toString());
        g.writeStringField("last_seen", s.lastSeen().toString());
        g.writeBooleanField("new", alert.isNew());
        if (!s.note().isEmpty()) {
            g.writeStringField("note", s.note());
        }
        g.writeEndObject();
    }

    private static void writeHeldBack(JsonGenerator g, HeldBackAlert h) throws IOException {
        g.writeStringField("@timestamp", h.at().toString());
        g.writeObjectFieldStart("rule");
        g.writeStringField("id", HeldBackAlert.RULE_ID);
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "alert");
        g.writeNumberField("severity", h.worst().number());
        g.writeEndObject();
        g.writeStringField("message", h.message());
        g.writeObjectFieldStart("held_back");
        g.writeNumberField("count", h.count());
        g.writeStringField("worst_severity", h.worst().label());
        g.writeStringField("since", h.since().toString());
        g.writeEndObject();
    }
}
