package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.connwatch.detect.Finding;
import org.connwatch.records.Connection;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficBucket;

/**
 * {@code GET /api/inspect/{kind}?key=...}: everything about one program ({@code program}: its name or
 * executable), one local host ({@code local}: address, device name or MAC) or one remote host
 * ({@code remote}: address or name) over a window: its connections (the timeline), bytes over time,
 * the names and ports it used, its findings and the policy rules that apply. One connection is
 * {@code GET /api/connections/{id}}.
 */
final class InspectApi {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 2000;
    /** The most distinct names, ports, programs and rules listed. */
    static final int MAX_DISTINCT = 100;
    /** Connections whose rules are looked up (the first, newest). */
    static final int MAX_RULE_LOOKUPS = 200;
    static final int MAX_FINDINGS_SCANNED = 2000;
    static final int MAX_FINDINGS = 100;
    private static final Set<String> PARAMS = Set.of("key", "from", "to", "limit");

    private final WebBackend backend;

    InspectApi(WebBackend backend) {
        this.backend = backend;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/inspect/{kind}", this::inspect));
    }

    private void inspect(Context ctx) {
        Params p = new Params(ctx, PARAMS);
        String kind = ctx.pathParam("kind").toLowerCase(Locale.ROOT);
        String key = p.text("key");
        if (key == null) {
            throw ApiException.badRequest("parameter 'key' is needed: the program, host or address to inspect");
        }
        Params.Window w = p.window(backend.clock().instant(), DEFAULT_WINDOW, HistoryApi.LONGEST_WINDOW);
        int limit = p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        ConnectionQuery q = switch (kind) {
            case "program" -> new ConnectionQuery(w.from(), w.to(), key, null, null, null, false, limit);
            case "local" -> new ConnectionQuery(w.from(), w.to(), null, key, null, null, false, limit);
            case "remote" -> new ConnectionQuery(w.from(), w.to(), null, null, key, null, false, limit);
            default -> throw ApiException.notFound("no inspect view '" + Params.cut(kind)
                    + "'; there are program, local and remote");
        };
        List<TrackedConnection> found = backend.history().connections(q);
        Duration step = TrafficApi.step(null, w);
        List<TrafficBucket> traffic = backend.history().traffic(w.from(), w.to(), step, q);
        Set<Long> ids = new HashSet<>();
        found.forEach(t -> ids.add(t.id()));
        List<FindingState> findings = findings(w, ids, kind, key);
        Map<String, RuleCount> rules = rules(found);
        ConnectionJson json = new ConnectionJson(backend.hostName());
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("kind", kind);
            g.writeStringField("key", key);
            g.writeStringField("from", w.from().toString());
            g.writeStringField("to", w.to().toString());
            g.writeNumberField("step_seconds", step.toSeconds());
            g.writeNumberField("count", found.size());
            g.writeBooleanField("truncated", found.size() >= limit);
            TrafficApi.writeBuckets(g, traffic);
            counts(g, "names", names(found));
            counts(g, "ports", ports(found));
            counts(g, "programs", programs(found));
            counts(g, "remotes", remotes(found));
            g.writeArrayFieldStart("findings");
            for (FindingState f : findings) {
                FindingJson.write(g, f, json);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rules");
            for (RuleCount r : rules.values()) {
                g.writeStartObject();
                g.writeStringField("id", r.rule.id());
                g.writeStringField("action", r.rule.action());
                g.writeStringField("conditions", r.rule.conditions());
                g.writeStringField("reason", r.rule.reason());
                g.writeNumberField("line", r.rule.line());
                g.writeNumberField("deciding", r.deciding);
                g.writeNumberField("matching", r.matching);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("connections");
            for (TrackedConnection t : found) {
                json.write(g, t, null);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Findings of the window about these connections, or whose latest connections match the key. */
    private List<FindingState> findings(Params.Window w, Set<Long> ids, String kind, String key) {
        String needle = key.toLowerCase(Locale.ROOT);
        return backend.history().findings(new FindingQuery(w.from(), w.to(), null, Set.of(), MAX_FINDINGS_SCANNED))
                .stream()
                .filter(f -> f.connectionIds().stream().anyMatch(ids::contains) || mentions(f.latest(), kind, needle))
                .limit(MAX_FINDINGS)
                .toList();
    }

    private static boolean mentions(Finding f, String kind, String needle) {
        for (Connection c : f.connections()) {
            String hay = switch (kind) {
                case "program" -> c.process() == null ? "" : c.process().name() + " "
                        + (c.process().executable() == null ? "" : c.process().executable());
                case "local" -> c.local().ip() + " " + (c.flow() == null ? "" : String.valueOf(c.flow().local().label()));
                default -> c.remote().ip() + " " + (c.enrichment().remoteDomain() == null ? ""
                        : c.enrichment().remoteDomain());
            };
            if (hay.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** A rule with how many of the connections it matched and decided. */
    private static final class RuleCount {
        final RuleMatch rule;
        int matching;
        int deciding;

        RuleCount(RuleMatch rule) {
            this.rule = rule;
        }
    }

    private Map<String, RuleCount> rules(List<TrackedConnection> found) {
        Map<String, RuleCount> out = new LinkedHashMap<>();
        for (TrackedConnection t : found.subList(0, Math.min(found.size(), MAX_RULE_LOOKUPS))) {
            for (RuleMatch r : backend.rules().rulesFor(t.connection())) {
                RuleCount rc = out.get(r.id());
                if (rc == null) {
                    if (out.size() >= MAX_DISTINCT) {
                        continue;
                    }
                    rc = new RuleCount(r);
                    out.put(r.id(), rc);
                }
                rc.matching++;
                if (r.deciding()) {
                    rc.deciding++;
                }
            }
        }
        return out;
    }

    /** DNS, TLS and HTTP names and the remote's name from enrichment, each with how many connections used it. */
    private static Map<String, Integer> names(List<TrackedConnection> found) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (TrackedConnection t : found) {
            Connection c = t.connection();
            Set<String> mine = new HashSet<>();
            if (c.enrichment().remoteDomain() != null) {
                mine.add(c.enrichment().remoteDomain());
            }
            if (c.flow() != null) {
                for (String n : new String[] {c.flow().dnsName(), c.flow().tlsServerName(), c.flow().httpHost()}) {
                    if (n != null) {
                        mine.add(n);
                    }
                }
            }
            mine.forEach(n -> add(out, n));
        }
        return out;
    }

    /** The ports used: the remote port of connections this end made, the local port of those it accepted. */
    private static Map<String, Integer> ports(List<TrackedConnection> found) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (TrackedConnection t : found) {
            Connection c = t.connection();
            String service = c.enrichment().serviceName() == null ? "" : " (" + c.enrichment().serviceName() + ")";
            String port = switch (c.direction()) {
                case LISTENING, INBOUND -> c.local().port() + "/" + c.transport().label() + " in" + service;
                default -> c.remote().port() + "/" + c.transport().label() + " out" + service;
            };
            add(out, port);
        }
        return out;
    }

    private static Map<String, Integer> programs(List<TrackedConnection> found) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (TrackedConnection t : found) {
            Connection c = t.connection();
            add(out, c.process() == null ? "-" : c.process().name());
        }
        return out;
    }

    private static Map<String, Integer> remotes(List<TrackedConnection> found) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (TrackedConnection t : found) {
            Connection c = t.connection();
            if (!c.remote().isWildcard()) {
                add(out, c.remote().ip());
            }
        }
        return out;
    }

    private static void add(Map<String, Integer> counts, String value) {
        if (counts.containsKey(value) || counts.size() < MAX_DISTINCT) {
            counts.merge(value, 1, Integer::sum);
        }
    }

    /** An array of {@code {"value": ..., "count": n}}, most used first. */
    private static void counts(JsonGenerator g, String name, Map<String, Integer> counts) throws IOException {
        g.writeArrayFieldStart(name);
        List<Map.Entry<String, Integer>> sorted = new java.util.ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> e : sorted) {
            g.writeStartObject();
            g.writeStringField("value", e.getKey());
            g.writeNumberField("count", e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
