package org.connwatch.act.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.Severity;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.records.CommunityId;
import org.connwatch.store.FindingState;
import org.junit.jupiter.api.Test;

class JsonLinesSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void eachAlertIsOneJsonLineWithTheFieldsOfScanPlusTheFindingsHistory() throws Exception {
        StringWriter out = new StringWriter();
        ManualClock clock = new ManualClock(T0.plusSeconds(1));
        FieldContext context = new FieldContext("desk", new CommunityId(0));
        FindingState f = Findings.open(5, Severity.HIGH, Findings.HOSTILE, "reason with\nnewline "
                + Findings.HOSTILE, T0);
        try (AlertDispatcher d = AlertDispatcher.open(AlertSettings.of(List.of(new AlertTarget.Stdout()))
                        .withLimits(new AlertLimits(Duration.ofMinutes(5), 1, Duration.ofMinutes(1))), context,
                new PrintWriter(out), Map.of(), clock, s -> { })) {
            d.changed(f, true);
            d.changed(Findings.open(6, T0), true); // held back
            clock.advance(Duration.ofMinutes(1));
            d.tick();
        }
        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();

        JsonNode alert = mapper.readTree(lines[0]);
        StringWriter scan = new StringWriter();
        new FindingsJson().writeLine(f.latest(), new FieldContext("desk", new CommunityId(0)), scan);
        JsonNode asScan = mapper.readTree(scan.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = asScan.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            assertThat(alert.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
        }
        assertThat(alert.path("message").asText()).isEqualTo("reason with\nnewline " + Findings.HOSTILE);
        assertThat(alert.path("connections").get(0).path("process").path("name").asText())
                .isEqualTo(Findings.HOSTILE);
        JsonNode finding = alert.path("finding");
        assertThat(finding.path("id").asLong()).isEqualTo(5);
        assertThat(finding.path("status").asText()).isEqualTo("open");
        assertThat(finding.path("occurrences").asLong()).isEqualTo(1);
        assertThat(finding.path("first_seen").asText()).isEqualTo("2026-11-20T03:00:00Z");
        assertThat(finding.path("last_seen").asText()).isEqualTo("2026-11-20T03:00:00Z");
        assertThat(finding.path("new").asBoolean()).isTrue();
        assertThat(alert.path("host").path("name").asText()).isEqualTo("desk");
        assertThat(alert.path("alert").path("@timestamp").asText()).isEqualTo("2026-11-20T03:00:01Z");

        JsonNode summary = mapper.readTree(lines[1]);
        assertThat(summary.path("rule").path("id").asText()).isEqualTo("alert-rate-limit");
        assertThat(summary.path("event").path("severity").asInt()).isEqualTo(3);
        assertThat(summary.path("held_back").path("count").asLong()).isEqualTo(1);
        assertThat(summary.path("held_back").path("since").asText()).isEqualTo("2026-11-20T03:00:01Z");
        List<String> names = new ArrayList<>();
        summary.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("@timestamp", "rule", "event", "message", "held_back", "host", "alert");
    }

    @Test
    void aClosedOutputIsCountedAsFailed() {
        PrintWriter closed = new PrintWriter(new StringWriter());
        closed.close();
        List<String> notices = new ArrayList<>();
        JsonLinesSink sink = new JsonLinesSink(closed, new AlertJson(new FieldContext("d", new CommunityId(0))),
                notices::add);
        sink.deliver(new FindingAlert(Findings.open(1, T0), true, T0));
        assertThat(sink.counts()).isEqualTo(new SinkCounts("stdout", 0, 0, 0, 1, 0));
        assertThat(notices).singleElement().asString().contains("stdout");
    }
}
