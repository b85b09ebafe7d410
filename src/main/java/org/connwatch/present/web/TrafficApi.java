package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.History;
import org.connwatch.store.TrafficBucket;
import org.connwatch.store.Usage;
import org.connwatch.store.UsageGroup;

/**
 * The traffic chart ({@code GET /api/traffic}: bytes sent and received per step, peaks marked as
 * {@link TrafficPeaks} chooses them) and bandwidth per program or remote host ({@code GET /api/usage}).
 */
final class TrafficApi {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** The chart zooms out to this. */
    static final Duration LONGEST_CHART = Duration.ofDays(31);
    static final int TARGET_BUCKETS = 240;
    static final int MAX_BUCKETS = 2000;
    static final int DEFAULT_USAGE = 50;
    static final int MAX_USAGE = 1000;
    /** The steps an automatic step is chosen from: the smallest giving at most {@value #TARGET_BUCKETS} buckets. */
    static final List<Duration> NICE_STEPS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    private static final Set<String> TRAFFIC_PARAMS = Set.of("from", "to", "step", "program", "host", "remote");
    private static final Set<String> USAGE_PARAMS = Set.of("from", "to", "by", "limit");

    private final WebBackend backend;

    TrafficApi(WebBackend backend) {
        this.backend = backend;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/traffic", this::traffic), ApiRoute.get("/api/usage", this::usage));
    }

    private void traffic(Context ctx) {
        Params p = new Params(ctx, TRAFFIC_PARAMS);
        Params.Window w = p.window(backend.clock().instant(), DEFAULT_WINDOW, LONGEST_CHART);
        Duration step = step(p.duration("step"), w);
        String program = p.text("program");
        String host = p.text("host");
        String remote = p.text("remote");
        ConnectionQuery filter = program == null && host == null && remote == null ? null
                : new ConnectionQuery(w.from(), w.to(), program, host, remote, null, false, 1);
        List<TrafficBucket> buckets = backend.history().traffic(w.from(), w.to(), step, filter);
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("from", w.from().toString());
            g.writeStringField("to", w.to().toString());
            g.writeNumberField("step_seconds", step.toSeconds());
            writeBuckets(g, buckets);
            g.writeEndObject();
        });
    }

    /** {@code buckets} (start, sent, received, peak) and {@code peaks} (their indexes) and the totals. */
    static void writeBuckets(JsonGenerator g, List<TrafficBucket> buckets) throws IOException {
        Set<Integer> peaks = new HashSet<>(TrafficPeaks.find(buckets));
        long sent = 0;
        long received = 0;
        g.writeArrayFieldStart("buckets");
        for (int i = 0; i < buckets.size(); i++) {
            TrafficBucket b = buckets.get(i);
            sent += b.bytesSent();
            received += b.bytesReceived();
            g.writeStartObject();
            g.writeStringField("start", b.start().toString());
            g.writeNumberField("sent", b.bytesSent());
            g.writeNumberField("received", b.bytesReceived());
            if (peaks.contains(i)) {
                g.writeBooleanField("peak", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("peaks");
        for (int i : TrafficPeaks.find(buckets)) {
            g.writeNumber(i);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("total");
        g.writeNumberField("sent", sent);
        g.writeNumberField("received", received);
        g.writeEndObject();
    }

    /** The step asked for (at most {@value #MAX_BUCKETS} buckets), else a nice one for about 240 buckets. */
    static Duration step(Duration asked, Params.Window w) {
        long seconds = Math.max(1, w.length().toSeconds());
        if (asked != null) {
            if (asked.toSeconds() < 1) {
                throw ApiException.badRequest("parameter 'step' must be at least 1s");
            }
            if (seconds / asked.toSeconds() > MAX_BUCKETS) {
                throw ApiException.badRequest("parameter 'step' gives more than " + MAX_BUCKETS
                        + " buckets for this window; choose a larger step");
            }
            return Duration.ofSeconds(asked.toSeconds());
        }
        for (Duration d : NICE_STEPS) {
            if (seconds / d.toSeconds() <= TARGET_BUCKETS) {
                return d;
            }
        }
        return NICE_STEPS.getLast();
    }

    private void usage(Context ctx) {
        Params p = new Params(ctx, USAGE_PARAMS);
        Params.Window w = p.window(backend.clock().instant(), DEFAULT_WINDOW, HistoryApi.LONGEST_WINDOW);
        String by = p.text("by");
        UsageGroup group = switch (by == null ? "program" : by.toLowerCase(Locale.ROOT)) {
            case "program" -> UsageGroup.PROGRAM;
            case "remote" -> UsageGroup.REMOTE;
            default -> throw ApiException.badRequest("parameter 'by' takes program or remote: " + Params.cut(by));
        };
        int limit = p.integer("limit", DEFAULT_USAGE, 1, MAX_USAGE);
        History h = backend.history();
        List<Usage> rows = h.usage(w.from(), w.to(), group, limit);
        Instant from = w.from();
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("from", from.toString());
            g.writeStringField("to", w.to().toString());
            g.writeStringField("by", group.name().toLowerCase(Locale.ROOT));
            g.writeNumberField("seconds", w.length().toSeconds());
            g.writeArrayFieldStart("rows");
            for (Usage u : rows) {
                g.writeStartObject();
                g.writeStringField("key", u.key());
                g.writeStringField("label", u.label() == null ? "" : u.label());
                g.writeNumberField("sent", u.bytesSent());
                g.writeNumberField("received", u.bytesReceived());
                g.writeNumberField("connections", u.connections());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
