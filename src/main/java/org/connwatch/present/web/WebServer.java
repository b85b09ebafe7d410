package org.connwatch.present.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.connwatch.monitor.FindingListener;
import org.connwatch.records.IpAddresses;

/**
 * The dashboard, its REST API and /metrics, served by Javalin (Jetty) on virtual threads.
 *
 * <pre>
 * WebServer web = WebServer.start(settings, new WebBackend(history, monitor, monitor, rules, host, clock));
 * monitor.addListener(web.findingListener());     // findings by detector in /metrics
 * System.err.println("dashboard: " + web.openUrl());
 * ...
 * web.stop();
 * </pre>
 *
 * {@link #start} and {@link #stop} from one thread (the serve command's); requests are served on
 * Jetty's virtual threads and only read the backend, except the finding actions.
 */
public final class WebServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebServer.class.getName());

    private final Javalin app;
    private final WebSettings settings;
    private final AccessToken token;
    private final WebMetrics metrics;
    private final List<ApiRoute> routes;

    private WebServer(Javalin app, WebSettings settings, AccessToken token, WebMetrics metrics, List<ApiRoute> routes) {
        this.app = app;
        this.settings = settings;
        this.token = token;
        this.metrics = metrics;
        this.routes = routes;
    }

    /**
     * Starts serving. On any address but loopback (or when the settings ask), the access token is read
     * from the state directory, or created there on first start.
     *
     * @throws WebStartException with a one-line message: the token file is unsafe or unreadable, or the
     *                           address cannot be bound
     */
    public static WebServer start(WebSettings settings, WebBackend backend) throws WebStartException {
        AccessToken token = settings.tokenRequired() ? AccessToken.loadOrCreate(settings.stateDir()) : null;
        WebMetrics metrics = new WebMetrics(backend.live(), backend.history(), backend.clock(), backend.alerts());
        List<ApiRoute> api = apiRoutes(backend, metrics);
        List<ApiRoute> all = new ArrayList<>(api);
        all.addAll(new DashboardFiles().routes());
        RequestGuard guard = new RequestGuard(settings, token);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = 64 * 1024;
            config.routes.before(guard::check);
            for (ApiRoute r : all) {
                config.routes.addHttpHandler(r.method(), r.path(), r.handler());
            }
            config.routes.exception(ApiException.class, (e, ctx) -> JsonOut.error(ctx, e.status(), e.getMessage()));
            config.routes.exception(Exception.class, WebServer::internalError);
            // Javalin's own refusals (no such path, a body too large) as the API's one-line JSON errors.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> JsonOut.error(ctx, e.getStatus(),
                    e.getStatus() == 404 ? "not found: " + Params.cut(ctx.path()) : e.getMessage()));
        });
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new WebStartException("cannot listen on " + hostPort(settings.host(), settings.port()) + ": "
                    + root.getMessage(), e);
        }
        return new WebServer(app, settings, token, metrics, api);
    }

    /** The API's routes (and /metrics, /api/openapi.json), in the order they are documented. */
    static List<ApiRoute> apiRoutes(WebBackend backend, WebMetrics metrics) {
        List<ApiRoute> out = new ArrayList<>();
        out.addAll(new LiveApi(backend).routes());
        out.addAll(new HistoryApi(backend).routes());
        out.addAll(new FindingsApi(backend).routes());
        out.addAll(new TrafficApi(backend).routes());
        out.addAll(new InspectApi(backend).routes());
        byte[] spec = openApiSpec();
        out.add(ApiRoute.get("/api/openapi.json", ctx -> ctx.contentType("application/json; charset=utf-8")
                .result(spec)));
        out.add(ApiRoute.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape())));
        return List.copyOf(out);
    }

    /** The OpenAPI 3 description of the API, from the jar. */
    static byte[] openApiSpec() {
        try (InputStream in = WebServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void internalError(Exception e, Context ctx) {
        LOG.log(System.Logger.Level.ERROR, "dashboard: " + ctx.method() + " " + ctx.path() + " failed", e);
        JsonOut.error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); the daemon's log has more");
    }

    /** The port it listens on (the one chosen when the settings said 0). */
    public int port() {
        return app.port();
    }

    /** The dashboard's address, {@code http://127.0.0.1:7878/}. */
    public URI url() {
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "localhost" : settings.host();
        return URI.create("http://" + hostPort(host, port()) + "/");
    }

    /** The address to open in a browser: with {@code ?token=...} when the token is needed. */
    public URI openUrl() {
        return token == null ? url() : URI.create(url() + "?token=" + token.value());
    }

    /** The access token, when one is required. */
    public Optional<AccessToken> token() {
        return Optional.ofNullable(token);
    }

    /** Counts findings for /metrics: register it with the monitor. */
    public FindingListener findingListener() {
        return metrics;
    }

    /** The API routes served (for the OpenAPI check). */
    List<ApiRoute> routes() {
        return routes;
    }

    /** Stops serving; idempotent. */
    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private static String hostPort(String host, int port) {
        boolean v6 = host.contains(":");
        return (v6 ? "[" + IpAddresses.format(IpAddresses.parse(host)) + "]" : host) + ":" + port;
    }
}
