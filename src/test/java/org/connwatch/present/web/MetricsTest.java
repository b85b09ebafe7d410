package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.connwatch.act.alert.SinkCounts;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, parsed as Prometheus parses its text format. */
class MetricsTest {
    /** {@code name{labels} value}: the sample lines of the text format 0.0.4. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    @TempDir
    Path state;

    @Test
    void theMonitorsAndTheStoresFiguresAreThere() throws Exception {
        List<SinkCounts> sinks = List.of(new SinkCounts("stdout", 4, 0, 1, 0, 0),
                new SinkCounts("webhook http://127.0.0.1:9/x", 1, 0, 0, 3, 2));
        try (WebFixture web = WebFixture.fixed(Instant.parse("2025-06-01T12:00:00Z"), state, new MemoryHistory(),
                () -> sinks)) {
            RawHttp.get(web.port(), "/metrics"); // a first scrape before any finding: the counters start at 0
            web.server.findingListener().changed(web.history.finding(SampleData.BEACON_FINDING).orElseThrow(), true);
            web.server.findingListener().changed(web.history.finding(SampleData.PEAK_FINDING).orElseThrow(), true);
            web.server.findingListener().changed(web.history.finding(SampleData.PEAK_FINDING).orElseThrow(), false);
            web.server.findingListener().changed(web.history.finding(SampleData.IRC_FINDING).orElseThrow(), true);
            RawHttp.Response r = RawHttp.get(web.port(), "/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
            Map<String, Double> m = parse(r.body());
            assertThat(m).containsEntry("connwatch_records_seen_total", 2_500_000.0)
                    .containsEntry("connwatch_polls_total", 10_800.0)
                    .containsEntry("connwatch_poll_duration_seconds", 0.012)
                    .containsEntry("connwatch_poll_lag_seconds", 0.4)
                    .containsEntry("connwatch_poll_interval_seconds", 1.0)
                    .containsEntry("connwatch_open_connections", 6.0)
                    .containsEntry("connwatch_connections_seen_total", 13.0)
                    .containsEntry("connwatch_short_lived_connections_total", 17.0)
                    .containsEntry("connwatch_findings_total", 5.0)
                    .containsEntry("connwatch_alerts_suppressed_total", 2.0)
                    .containsEntry("connwatch_store_connections", 13.0)
                    .containsEntry("connwatch_store_findings", 5.0)
                    .containsEntry("connwatch_findings_raised_total{detector=\"beacon\",severity=\"high\"}", 1.0)
                    .containsEntry("connwatch_findings_raised_total{detector=\"traffic-peak\",severity=\"high\"}", 1.0)
                    .containsEntry("connwatch_findings_raised_total{detector=\"unusual-port\",severity=\"medium\"}", 1.0);
            assertThat(m.get("connwatch_store_size_bytes")).isPositive();
            assertThat(m).containsEntry("connwatch_alert_sink_sent_total{sink=\"stdout\"}", 4.0)
                    .containsEntry("connwatch_alert_sink_held_back_total{sink=\"stdout\"}", 1.0)
                    .containsEntry("connwatch_alert_sink_dropped_total{sink=\"webhook http://127.0.0.1:9/x\"}", 2.0);
            assertThat(m.get("connwatch_store_oldest_timestamp_seconds"))
                    .isEqualTo(Instant.parse("2025-06-01T10:00:00Z").getEpochSecond());
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
            assertThat(r.body()).contains("# TYPE connwatch_records_seen_total counter")
                    .contains("# TYPE connwatch_open_connections gauge")
                    .contains("# HELP connwatch_poll_lag_seconds");
        }
    }

    /** Every sample line by its name and labels; fails on a line that is neither a sample nor a comment. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher mm = SAMPLE.matcher(line);
            assertThat(mm.matches()).as(line).isTrue();
            String labels = mm.group(3) == null || mm.group(3).isEmpty() ? "" : "{" + mm.group(3).replace(",}", "}") + "}";
            out.put(mm.group(1) + labels.replace(",}", "}"), Double.parseDouble(mm.group(4)));
        }
        return out;
    }
}
