package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** The {@code rules} array of the inspect views: the policy rules that apply, the deciding one first. */
final class RulesJson {
    private RulesJson() {
    }

    static void write(JsonGenerator g, List<RuleMatch> rules) throws IOException {
        g.writeArrayFieldStart("rules");
        for (RuleMatch r : rules) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("action", r.action());
            g.writeStringField("conditions", r.conditions());
            g.writeStringField("reason", r.reason());
            g.writeNumberField("line", r.line());
            g.writeBooleanField("deciding", r.deciding());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
