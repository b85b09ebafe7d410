package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.connwatch.present.Column;
import org.connwatch.present.ExportFields;
import org.connwatch.present.FieldContext;
import org.connwatch.present.JsonExport;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.store.TrackedConnection;

/**
 * A connection as the API gives it: the monitor's id, whether it is open, the cells of
 * {@code connwatch ls}'s table ({@code cells}, keyed by lower-case column name) and the full ECS
 * document of {@code ls --format json} ({@code ecs}). Not thread-safe: one per request.
 */
final class ConnectionJson {
    private final JsonExport export = new JsonExport(ExportFields.ALL);
    private final FieldContext context;

    ConnectionJson(String hostName) {
        this.context = new FieldContext(hostName, new CommunityId(0));
    }

    /** A tracked connection: {@code id}, {@code open}, {@code closed_at}, {@code cells}, {@code ecs}. */
    void write(JsonGenerator g, TrackedConnection t, List<String> flags) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", t.id());
        g.writeBooleanField("open", t.open());
        JsonOut.optional(g, "closed_at", t.closedAt());
        if (flags != null && !flags.isEmpty()) {
            g.writeArrayFieldStart("flags");
            for (String f : flags) {
                g.writeString(f);
            }
            g.writeEndArray();
        }
        body(g, t.connection());
        g.writeEndObject();
    }

    /** A connection without an id (the latest occurrence of a finding): {@code cells} and {@code ecs}. */
    void write(JsonGenerator g, Connection c) throws IOException {
        g.writeStartObject();
        body(g, c);
        g.writeEndObject();
    }

    private void body(JsonGenerator g, Connection c) throws IOException {
        g.writeObjectFieldStart("cells");
        for (Column col : Column.values()) {
            g.writeStringField(col.name().toLowerCase(Locale.ROOT), col.text(c));
        }
        g.writeEndObject();
        g.writeFieldName("ecs");
        export.writeDocument(g, c, context);
    }
}
