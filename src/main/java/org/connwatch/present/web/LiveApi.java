package org.connwatch.present.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.connwatch.act.alert.SinkCounts;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.monitor.MonitorStatus;
import org.connwatch.present.Column;
import org.connwatch.present.ConnectionFilter;
import org.connwatch.present.ConnectionSort;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.StoreStats;
import org.connwatch.store.TrackedConnection;

/**
 * {@code GET /api/live} (the open connections with the filters, sort and columns of
 * {@code connwatch ls}) and {@code GET /api/status} (the monitor and the store).
 */
final class LiveApi {
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;
    /** How far back the live table looks for findings to flag its rows with. */
    static final Duration FLAG_WINDOW = Duration.ofDays(1);
    static final int MAX_FLAGGING_FINDINGS = 1000;

    private static final Set<String> LIVE_PARAMS = Set.of("transport", "listening", "established", "process", "port",
            "remote", "public", "sort", "reverse", "limit");

    private final WebBackend backend;
    private final ServiceRegistry services = ServiceRegistry.bundled();

    LiveApi(WebBackend backend) {
        this.backend = backend;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/live", this::live), ApiRoute.get("/api/status", this::status));
    }

    private void live(Context ctx) {
        Params p = new Params(ctx, LIVE_PARAMS);
        ConnectionFilter filter = filter(p);
        ConnectionSort sort = sort(p);
        int limit = p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<TrackedConnection> open = backend.live().open();
        Map<Connection, TrackedConnection> byRecord = new IdentityHashMap<>();
        List<Connection> matched = new ArrayList<>();
        for (TrackedConnection t : open) {
            if (filter.test(t.connection())) {
                matched.add(t.connection());
                byRecord.put(t.connection(), t);
            }
        }
        List<Connection> sorted = sort.sort(matched);
        Map<Long, List<String>> flags = flags();
        ConnectionJson json = new ConnectionJson(backend.hostName());
        Instant now = backend.clock().instant();
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("at", now.toString());
            g.writeNumberField("open", open.size());
            g.writeNumberField("matched", sorted.size());
            g.writeNumberField("shown", Math.min(limit, sorted.size()));
            g.writeArrayFieldStart("columns");
            for (Column c : Column.socketColumns()) {
                g.writeString(c.name().toLowerCase(Locale.ROOT));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("connections");
            for (int i = 0; i < sorted.size() && i < limit; i++) {
                TrackedConnection t = byRecord.get(sorted.get(i));
                json.write(g, t, flags.get(t.id()));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The detectors of the open and acknowledged findings of the last day, per connection id. */
    private Map<Long, List<String>> flags() {
        Instant now = backend.clock().instant();
        List<FindingState> findings = backend.history().findings(new FindingQuery(now.minus(FLAG_WINDOW),
                now.plusSeconds(1), null, EnumSet.of(FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED),
                MAX_FLAGGING_FINDINGS));
        Map<Long, List<String>> out = new HashMap<>();
        for (FindingState f : findings) { // worst first, so each list is too
            for (long id : f.connectionIds()) {
                List<String> l = out.computeIfAbsent(id, k -> new ArrayList<>());
                if (!l.contains(f.latest().detector()) && l.size() < 8) {
                    l.add(f.latest().detector());
                }
            }
        }
        return out;
    }

    private ConnectionFilter filter(Params p) {
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        for (String t : p.list("transport")) {
            switch (t.toLowerCase(Locale.ROOT)) {
                case "tcp" -> transports.add(Transport.TCP);
                case "udp" -> transports.add(Transport.UDP);
                default -> throw ApiException.badRequest("parameter 'transport' takes tcp and udp: "
                        + Params.cut(t));
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String port : p.list("port")) {
            ports.add(port(port));
        }
        List<Cidr> remotes = new ArrayList<>();
        for (String r : p.list("remote")) {
            try {
                remotes.add(Cidr.parse(r));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("parameter 'remote' takes address blocks such as 10.0.0.0/8: "
                        + Params.cut(r));
            }
        }
        return new ConnectionFilter(transports, p.bool("listening", false), p.bool("established", false),
                p.text("process"), ports, remotes, p.bool("public", false));
    }

    private int port(String text) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(text);
            if (n <= 65535) {
                return n;
            }
        }
        return services.port(text, Transport.TCP).or(() -> services.port(text, Transport.UDP))
                .orElseThrow(() -> ApiException.badRequest("parameter 'port': '" + Params.cut(text)
                        + "' is neither a port number nor a known service name"));
    }

    private static ConnectionSort sort(Params p) {
        Set<Column> keys = new LinkedHashSet<>();
        List<String> names = p.list("sort");
        for (String name : names.isEmpty() ? List.of("proto", "dir", "local") : names) {
            try {
                keys.add(Column.parse(name));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("parameter 'sort': " + e.getMessage());
            }
        }
        keys.addAll(List.of(Column.values())); // ties broken as ls breaks them
        return new ConnectionSort(List.copyOf(keys), p.bool("reverse", false));
    }

    private void status(Context ctx) {
        new Params(ctx, Set.of());
        MonitorStatus m = backend.live().status();
        StoreStats s = backend.history().stats();
        List<SinkCounts> alerts = backend.alerts().get();
        Instant now = backend.clock().instant();
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("host", backend.hostName());
            g.writeStringField("now", now.toString());
            g.writeObjectFieldStart("monitor");
            JsonOut.optional(g, "started_at", m.startedAt());
            JsonOut.optional(g, "last_poll", m.lastPoll());
            g.writeNumberField("poll_interval_ms", m.pollInterval() == null ? 0 : m.pollInterval().toMillis());
            g.writeNumberField("last_poll_took_ms", m.lastPollTook() == null ? 0 : m.lastPollTook().toMillis());
            g.writeNumberField("polls", m.polls());
            g.writeNumberField("records_seen", m.recordsSeen());
            g.writeNumberField("open_connections", m.openConnections());
            g.writeNumberField("connections_seen", m.connectionsSeen());
            g.writeNumberField("short_lived", m.shortLived());
            g.writeNumberField("findings_raised", m.findingsRaised());
            g.writeNumberField("alerts_suppressed", m.alertsSuppressed());
            strings(g, "sources", m.sources());
            strings(g, "notices", m.notices());
            g.writeEndObject();
            g.writeObjectFieldStart("store");
            g.writeNumberField("connections", s.connections());
            g.writeNumberField("findings", s.findings());
            g.writeNumberField("bytes_on_disk", s.bytesOnDisk());
            JsonOut.optional(g, "oldest", s.oldest());
            g.writeEndObject();
            g.writeArrayFieldStart("alerts");
            for (SinkCounts a : alerts) {
                g.writeStartObject();
                g.writeStringField("sink", a.sink());
                g.writeNumberField("sent", a.sent());
                g.writeNumberField("suppressed", a.suppressed());
                g.writeNumberField("held_back", a.heldBack());
                g.writeNumberField("failed", a.failed());
                g.writeNumberField("dropped", a.dropped());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void strings(com.fasterxml.jackson.core.JsonGenerator g, String name, List<String> values)
            throws java.io.IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
