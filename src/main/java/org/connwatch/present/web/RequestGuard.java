package org.connwatch.present.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Runs before every request: the security of the daemon's web side. Stateless and thread-safe.
 *
 * <ol>
 *   <li><b>Host</b> (DNS rebinding): on loopback without a token, the {@code Host} header must name
 *       loopback ({@code localhost}, {@code 127.0.0.1}, {@code [::1]} or the listen address) with the
 *       server's port; otherwise 403. A page of another site that got its name pointed at 127.0.0.1
 *       sends its own name and is refused. (With a token the Host may be any name of the machine:
 *       the token, not the name, is the proof.)
 *   <li><b>Token</b> (when required): {@code Authorization: Bearer TOKEN}, or the cookie
 *       {@value #COOKIE} that visiting {@code /?token=TOKEN} once sets (HttpOnly, SameSite=Strict)
 *       before redirecting to {@code /} (so the token leaves the address bar). Without it: 401 and a
 *       one-line message, nothing else, for every path (pages, API, /metrics).
 *   <li><b>Cross-site requests</b>: only GET, HEAD and POST are served, and GET never changes
 *       anything. A POST must carry the header {@value #CSRF_HEADER}{@code : 1} (a cross-site form
 *       cannot set a header, and a cross-site script needs a CORS preflight that is never granted),
 *       a JSON content type when it has a body, an {@code Origin} (when sent) equal to
 *       {@code http://} + the Host header, and no {@code Sec-Fetch-Site} other than same-origin;
 *       otherwise 403.
 * </ol>
 */
final class RequestGuard {
    static final String COOKIE = "connwatch_token";
    static final String CSRF_HEADER = "X-Connwatch-Request";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final WebSettings settings;
    private final AccessToken token;

    /** {@code token} is null when none is required. */
    RequestGuard(WebSettings settings, AccessToken token) {
        this.settings = settings;
        this.token = token;
    }

    void check(Context ctx) {
        SecurityHeaders.apply(ctx);
        HandlerType method = ctx.method();
        if (method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.POST) {
            throw new ApiException(405, "only GET and POST are served");
        }
        if (token == null) {
            checkHost(ctx);
        } else {
            checkToken(ctx);
        }
        if (method == HandlerType.POST) {
            checkSameSite(ctx);
        }
    }

    private void checkHost(Context ctx) {
        String host = ctx.header("Host");
        int port = ctx.req().getLocalPort();
        if (!namesThisServer(host, settings.host(), port)) {
            throw new ApiException(403, "refused: the Host header names another site (" + Params.cut(String.valueOf(host))
                    + "); open the dashboard as http://localhost:" + port + "/");
        }
    }

    /**
     * True when a Host header ({@code localhost:7878}, {@code [::1]:7878}) names loopback or the listen
     * address, with the server's port (none means 80).
     */
    static boolean namesThisServer(String host, String listenHost, int port) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        String portText = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            portText = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String listen = listenHost.toLowerCase(Locale.ROOT);
        boolean knownName = LOOPBACK_NAMES.contains(name)
                || name.equals(listen.contains(":") ? "[" + listen + "]" : listen);
        boolean rightPort = portText == null ? port == 80 : portText.equals(Integer.toString(port));
        return knownName && rightPort;
    }

    private void checkToken(Context ctx) {
        String offered = ctx.queryParam("token");
        if (offered != null && ctx.path().equals("/") && ctx.method() == HandlerType.GET) {
            if (!token.matches(offered)) {
                throw new ApiException(401, "wrong token");
            }
            // HttpOnly: scripts never see it; SameSite=Strict: other sites' requests never carry it.
            ctx.header("Set-Cookie", COOKIE + "=" + URLEncoder.encode(token.value(), StandardCharsets.US_ASCII)
                    + "; Path=/; HttpOnly; SameSite=Strict");
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(auth.substring(7).strip())) {
            return;
        }
        if (token.matches(ctx.cookie(COOKIE))) {
            return;
        }
        throw new ApiException(401, "this dashboard needs its token: open the URL 'connwatch serve' printed, or send "
                + "'Authorization: Bearer' with the token from " + AccessToken.FILE_NAME + " in the state directory");
    }

    private static void checkSameSite(Context ctx) {
        if (!"1".equals(ctx.header(CSRF_HEADER))) {
            throw new ApiException(403, "refused: a state-changing request needs the header " + CSRF_HEADER + ": 1");
        }
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            throw new ApiException(403, "refused: a cross-site request (Sec-Fetch-Site: " + Params.cut(fetchSite) + ")");
        }
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            throw new ApiException(403, "refused: a cross-site request (Origin " + Params.cut(origin) + ")");
        }
        if (ctx.bodyAsBytes().length > 0) {
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new ApiException(415, "the request body must be application/json");
            }
        }
    }
}
