package org.connwatch.present.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

/**
 * {@code GET /api/connections} (the history, as {@code connwatch history} queries it) and
 * {@code GET /api/connections/{id}} (one connection with its bytes timeline, findings and rules).
 */
final class HistoryApi {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** The longest window any call reads: the default retention and a little. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(400);
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 5000;
    static final int MAX_TIMELINE = 5000;
    /** Findings looked through for those about one connection. */
    static final int MAX_FINDINGS_SCANNED = 2000;

    private static final Set<String> LIST_PARAMS = Set.of("from", "to", "program", "host", "remote", "finding",
            "open", "limit");

    private final WebBackend backend;

    HistoryApi(WebBackend backend) {
        this.backend = backend;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/connections", this::list),
                ApiRoute.get("/api/connections/{id}", this::one));
    }

    private void list(Context ctx) {
        Params p = new Params(ctx, LIST_PARAMS);
        Params.Window w = p.window(backend.clock().instant(), DEFAULT_WINDOW, LONGEST_WINDOW);
        ConnectionQuery q = new ConnectionQuery(w.from(), w.to(), p.text("program"), p.text("host"), p.text("remote"),
                p.text("finding"), p.bool("open", false), p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
        List<TrackedConnection> found = backend.history().connections(q);
        ConnectionJson json = new ConnectionJson(backend.hostName());
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("from", w.from().toString());
            g.writeStringField("to", w.to().toString());
            g.writeNumberField("count", found.size());
            g.writeBooleanField("truncated", found.size() >= q.limit());
            g.writeArrayFieldStart("connections");
            for (TrackedConnection t : found) {
                json.write(g, t, null);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void one(Context ctx) {
        Params p = new Params(ctx, Set.of());
        long id = p.id("id");
        TrackedConnection t = backend.history().connection(id)
                .orElseThrow(() -> ApiException.notFound("no connection " + id + " in the history"));
        List<TrafficDelta> timeline = backend.history().trafficOf(id, MAX_TIMELINE);
        List<FindingState> findings = findingsAbout(t);
        List<RuleMatch> rules = backend.rules().rulesFor(t.connection());
        ConnectionJson json = new ConnectionJson(backend.hostName());
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeFieldName("connection");
            json.write(g, t, null);
            g.writeArrayFieldStart("traffic");
            for (TrafficDelta d : timeline) {
                g.writeStartObject();
                g.writeStringField("at", d.at().toString());
                g.writeNumberField("sent", d.bytesSent());
                g.writeNumberField("received", d.bytesReceived());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (FindingState f : findings) {
                FindingJson.write(g, f, json);
            }
            g.writeEndArray();
            RulesJson.write(g, rules);
            g.writeEndObject();
        });
    }

    /** The findings that name this connection, over its life, worst first. */
    private List<FindingState> findingsAbout(TrackedConnection t) {
        Instant from = t.connection().firstSeen().minus(Duration.ofMinutes(1));
        Instant to = (t.closedAt() != null ? t.closedAt() : backend.clock().instant()).plus(Duration.ofDays(1));
        if (!to.isAfter(from)) {
            to = from.plusSeconds(1);
        }
        List<FindingState> out = new ArrayList<>();
        for (FindingState f : backend.history().findings(new FindingQuery(from, to, null, Set.of(),
                MAX_FINDINGS_SCANNED))) {
            if (f.connectionIds().contains(t.id())) {
                out.add(f);
            }
        }
        return out;
    }
}
