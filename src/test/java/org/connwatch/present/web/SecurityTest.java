package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's own security: the token, cross-site requests, DNS rebinding, and the headers. */
class SecurityTest {
    @TempDir
    Path state;

    /** Every path that serves something: pages, scripts, the API, the spec and /metrics. */
    static final List<String> EVERYTHING = List.of("/", "/connections", "/inspect", "/usage", "/static/overview.js",
            DashboardFiles.CHART_PATH, "/api/live", "/api/status", "/api/connections", "/api/connections/1",
            "/api/findings", "/api/findings/1", "/api/traffic", "/api/usage", "/api/inspect/program?key=curl",
            "/api/openapi.json", "/metrics", "/api/nothing");

    @Test
    void withATokenNothingIsServedWithoutIt() throws Exception {
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, true), ApplicableRules.NONE)) {
            for (String path : EVERYTHING) {
                RawHttp.Response r = RawHttp.get(web.port(), path);
                assertThat(r.status()).as(path).isEqualTo(401);
                // Nothing but the one-line message: no data, no page, no hint of what is behind.
                assertThat(r.json().size()).as(path).isEqualTo(1);
                assertThat(r.json().get("error").asText()).startsWith("this dashboard needs its token");
                assertThat(r.body()).doesNotContain("firefox").doesNotContain("10.0.0.5").doesNotContain("<html");
            }
            RawHttp.Response wrong = RawHttp.get(web.port(), "/api/live", "Authorization: Bearer " + "A".repeat(43));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(RawHttp.get(web.port(), "/api/live", "Cookie: connwatch_token=nope").status()).isEqualTo(401);
            assertThat(RawHttp.post(web.port(), "/api/findings/1/acknowledge", "{}", "X-Connwatch-Request: 1",
                    "Content-Type: application/json").status()).isEqualTo(401);
            assertThat(web.history.finding(1).orElseThrow().status().name()).isEqualTo("OPEN");
        }
    }

    @Test
    void theTokenOpensEverythingByBearerOrByTheCookieOfTheLoginUrl() throws Exception {
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, true), ApplicableRules.NONE)) {
            String token = Files.readString(state.resolve(AccessToken.FILE_NAME)).strip();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(web.server.openUrl().toString()).endsWith("/?token=" + token);
            for (String path : EVERYTHING.subList(0, EVERYTHING.size() - 1)) {
                assertThat(RawHttp.get(web.port(), path, "Authorization: Bearer " + token).status()).as(path)
                        .isEqualTo(200);
            }
            RawHttp.Response login = RawHttp.get(web.port(), "/?token=" + token);
            assertThat(login.status()).isEqualTo(303);
            assertThat(login.header("location")).endsWith("/");
            String cookie = login.header("set-cookie");
            assertThat(cookie).startsWith("connwatch_token=" + token).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(RawHttp.get(web.port(), "/api/live", "Cookie: connwatch_token=" + token).status())
                    .isEqualTo(200);
            assertThat(RawHttp.get(web.port(), "/?token=wrong").status()).isEqualTo(401);
            // Any Host name is fine with the token: it is the proof, not the name.
            assertThat(RawHttp.get(web.port(), "/api/status", "Host: box1.lan:7878", "Authorization: Bearer " + token)
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void crossSitePostsAreRefusedEvenWithTheToken() throws Exception {
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, true), ApplicableRules.NONE)) {
            String token = web.server.token().orElseThrow().value();
            String path = "/api/findings/" + SampleData.IRC_FINDING + "/acknowledge";
            String cookie = "Cookie: connwatch_token=" + token;
            String json = "Content-Type: application/json";
            // A form on another site: no custom header (and a form content type).
            assertThat(RawHttp.post(web.port(), path, "note=x", cookie, "Content-Type: application/x-www-form-urlencoded")
                    .status()).isEqualTo(403);
            // A script on another site that somehow set the header: its Origin or Sec-Fetch-Site gives it away.
            assertThat(RawHttp.post(web.port(), path, "{}", cookie, json, "X-Connwatch-Request: 1",
                    "Origin: http://evil.example").status()).isEqualTo(403);
            assertThat(RawHttp.post(web.port(), path, "{}", cookie, json, "X-Connwatch-Request: 1",
                    "Sec-Fetch-Site: cross-site").status()).isEqualTo(403);
            assertThat(web.history.finding(SampleData.IRC_FINDING).orElseThrow().status().name()).isEqualTo("OPEN");
            // The dashboard's own request passes.
            RawHttp.Response own = RawHttp.post(web.port(), path, "{}", cookie, json, "X-Connwatch-Request: 1",
                    "Origin: http://127.0.0.1:" + web.port(), "Sec-Fetch-Site: same-origin");
            assertThat(own.status()).as(own.body()).isEqualTo(200);
            assertThat(web.history.finding(SampleData.IRC_FINDING).orElseThrow().status().name())
                    .isEqualTo("ACKNOWLEDGED");
            // Other methods are not served at all.
            assertThat(RawHttp.request(web.port(), "DELETE", "/api/findings/1", null, cookie).status()).isEqualTo(405);
        }
    }

    @Test
    void onLoopbackAForeignHostHeaderIsRefused() throws Exception {
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, false), ApplicableRules.NONE)) {
            int port = web.port();
            assertThat(RawHttp.get(port, "/api/live").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/api/live", "Host: localhost:" + port).status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/api/live", "Host: [::1]:" + port).status()).isEqualTo(200);
            // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
            RawHttp.Response rebound = RawHttp.get(port, "/api/live", "Host: evil.example:" + port);
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).doesNotContain("firefox");
            assertThat(RawHttp.get(port, "/", "Host: localhost:1").status()).isEqualTo(403);
            String path = "/api/findings/" + SampleData.IRC_FINDING + "/acknowledge";
            assertThat(RawHttp.post(port, path, "{}", "Host: evil.example:" + port, "X-Connwatch-Request: 1",
                    "Content-Type: application/json", "Origin: http://evil.example:" + port).status()).isEqualTo(403);
            // Cross-origin state changes are refused on loopback too.
            assertThat(RawHttp.post(port, path, "{}", "X-Connwatch-Request: 1", "Content-Type: application/json",
                    "Origin: http://evil.example").status()).isEqualTo(403);
            assertThat(RawHttp.post(port, path, "{}", "Content-Type: application/json").status()).isEqualTo(403);
            assertThat(web.history.finding(SampleData.IRC_FINDING).orElseThrow().status().name()).isEqualTo("OPEN");
            assertThat(Files.exists(state.resolve(AccessToken.FILE_NAME))).isFalse();
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, false), ApplicableRules.NONE)) {
            for (String path : List.of("/", "/static/dom.js", "/api/live", "/api/nothing")) {
                RawHttp.Response r = RawHttp.get(web.port(), path);
                assertThat(r.header("content-security-policy")).as(path).isEqualTo(SecurityHeaders.CSP)
                        .contains("script-src 'self'").doesNotContain("unsafe");
                assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
                assertThat(r.header("x-frame-options")).isEqualTo("DENY");
                assertThat(r.header("referrer-policy")).isEqualTo("no-referrer");
                assertThat(r.header("access-control-allow-origin")).isNull();
            }
            assertThat(RawHttp.get(web.port(), "/api/live").header("cache-control")).isEqualTo("no-store");
        }
    }

    @Test
    void aNonLoopbackAddressNeedsTheTokenAndRefusesAnUnsafeTokenFile() throws Exception {
        WebSettings anywhere = new WebSettings("0.0.0.0", 0, state, false);
        assertThat(anywhere.tokenRequired()).isTrue();
        assertThat(WebSettings.parse("127.0.0.1:7878", state, false).tokenRequired()).isFalse();
        assertThat(WebSettings.parse("[::1]:9000", state, false).tokenRequired()).isFalse();
        assertThat(WebSettings.parse("192.168.1.10", state, false).tokenRequired()).isTrue();

        try (WebFixture web = WebFixture.live(anywhere, ApplicableRules.NONE)) {
            Path file = state.resolve(AccessToken.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(RawHttp.get(web.port(), "/api/live").status()).isEqualTo(401);
        }
        Path file = state.resolve(AccessToken.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> WebFixture.live(anywhere, ApplicableRules.NONE))
                .isInstanceOf(WebStartException.class)
                .hasMessageContaining("readable by others").hasMessageContaining("chmod 600")
                .hasMessageNotContaining("\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> WebFixture.live(anywhere, ApplicableRules.NONE))
                .isInstanceOf(WebStartException.class).hasMessageContaining("does not hold a valid token");
    }

    @Test
    void aBusyPortIsAOneLineStartError() throws Exception {
        try (WebFixture first = WebFixture.live(new WebSettings("127.0.0.1", 0, state, false), ApplicableRules.NONE)) {
            assertThatThrownBy(() -> WebFixture.live(new WebSettings("127.0.0.1", first.port(), state, false),
                    ApplicableRules.NONE))
                    .isInstanceOf(WebStartException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void listenSettingsParse() throws IOException {
        assertThat(WebSettings.parse(":9000", state, false).host()).isEqualTo("127.0.0.1");
        assertThat(WebSettings.parse(":9000", state, false).port()).isEqualTo(9000);
        assertThat(WebSettings.parse("localhost", state, false).port()).isEqualTo(7878);
        assertThat(WebSettings.parse("::1", state, false).host()).isEqualTo("::1");
        assertThatThrownBy(() -> WebSettings.parse("example.org:80", state, false))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> WebSettings.parse("127.0.0.1:99999", state, false)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> WebSettings.parse("127.0.0.1:http", state, false)).hasMessageContaining("not a number");
    }
}
