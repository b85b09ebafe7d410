package org.connwatch.present.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.connwatch.policy.PolicyException;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;

/**
 * The findings, worst first ({@code GET /api/findings}, {@code GET /api/findings/{id}}), and what the
 * user can do about one: {@code POST /api/findings/{id}/acknowledge} and {@code .../allow}.
 */
final class FindingsApi {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 2000;
    private static final Set<String> LIST_PARAMS = Set.of("from", "to", "detector", "status", "limit");

    private final WebBackend backend;

    FindingsApi(WebBackend backend) {
        this.backend = backend;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/findings", this::list),
                ApiRoute.get("/api/findings/{id}", this::one),
                ApiRoute.post("/api/findings/{id}/acknowledge", this::acknowledge),
                ApiRoute.post("/api/findings/{id}/allow", this::allow));
    }

    private void list(Context ctx) {
        Params p = new Params(ctx, LIST_PARAMS);
        Params.Window w = p.window(backend.clock().instant(), DEFAULT_WINDOW, HistoryApi.LONGEST_WINDOW);
        Set<FindingStatus> statuses = EnumSet.noneOf(FindingStatus.class);
        for (String s : p.list("status")) {
            try {
                statuses.add(FindingStatus.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("parameter 'status' takes open, acknowledged and allowed: "
                        + Params.cut(s));
            }
        }
        String detector = p.text("detector");
        if (detector != null && !detector.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw ApiException.badRequest("parameter 'detector' must be a detector id such as unusual-port");
        }
        int limit = p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<FindingState> found = backend.history().findings(new FindingQuery(w.from(), w.to(), detector, statuses,
                limit));
        ConnectionJson json = new ConnectionJson(backend.hostName());
        JsonOut.ok(ctx, g -> {
            g.writeStartObject();
            g.writeStringField("from", w.from().toString());
            g.writeStringField("to", w.to().toString());
            g.writeNumberField("count", found.size());
            g.writeBooleanField("truncated", found.size() >= limit);
            g.writeArrayFieldStart("findings");
            for (FindingState f : found) {
                FindingJson.write(g, f, json);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void one(Context ctx) {
        long id = new Params(ctx, Set.of()).id("id");
        send(ctx, backend.history().finding(id), id);
    }

    private void acknowledge(Context ctx) {
        long id = new Params(ctx, Set.of()).id("id");
        Map<String, String> body = JsonBody.read(ctx, Set.of("note"));
        send(ctx, backend.actions().acknowledge(id, body.getOrDefault("note", "")), id);
    }

    private void allow(Context ctx) {
        long id = new Params(ctx, Set.of()).id("id");
        Map<String, String> body = JsonBody.read(ctx, Set.of("reason"));
        try {
            send(ctx, backend.actions().allow(id, body.getOrDefault("reason", "")), id);
        } catch (PolicyException e) {
            throw new ApiException(409, "the policy would not load with the allow rule, nothing was written: "
                    + firstLine(e.getMessage()));
        }
    }

    private void send(Context ctx, Optional<FindingState> state, long id) {
        FindingState f = state.orElseThrow(() -> ApiException.notFound("no finding " + id));
        ConnectionJson json = new ConnectionJson(backend.hostName());
        JsonOut.ok(ctx, g -> FindingJson.write(g, f, json));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
