package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.connwatch.store.History;

/**
 * The REST API over the sample history, as the dashboard and scripts call it: the same calls and answers
 * over the in-memory history ({@link MemoryApiTest}) and the real SQLite store ({@link StoreApiTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    Path state;
    WebFixture web;

    /** The history under test, empty, in this state directory. */
    abstract History history(Path stateDir);

    @BeforeAll
    void start() throws Exception {
        state = Files.createTempDirectory("connwatch-web-api");
        web = WebFixture.fixed(NOW, state, history(state));
    }

    @AfterAll
    void stop() throws IOException {
        web.close();
        try (var files = Files.walk(state)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    JsonNode ok(String path) throws IOException {
        RawHttp.Response r = RawHttp.get(web.port(), path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        return r.json();
    }

    String bad(String path) throws IOException {
        RawHttp.Response r = RawHttp.get(web.port(), path);
        assertThat(r.status()).as(path).isEqualTo(400);
        String message = r.json().get("error").asText();
        assertThat(message).doesNotContain("\n").isNotBlank();
        assertThat(r.json().size()).isEqualTo(1);
        return message;
    }

    static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void liveListsTheOpenConnectionsWithTheCellsAndDocumentsOfLs() throws IOException {
        JsonNode live = ok("/api/live");
        assertThat(live.get("open").asInt()).isEqualTo(6);
        assertThat(live.get("matched").asInt()).isEqualTo(6);
        assertThat(live.get("columns").toString()).isEqualTo(
                "[\"proto\",\"state\",\"local\",\"remote\",\"service\",\"dir\",\"process\",\"user\",\"rx\",\"tx\"]");
        JsonNode browser = find(live.get("connections"), SampleData.BROWSER);
        assertThat(browser.get("cells").get("process").asText()).isEqualTo("1201/firefox");
        assertThat(browser.get("cells").get("remote").asText()).isEqualTo("example.org (93.184.216.34:443)");
        assertThat(browser.get("cells").get("tx").asText()).isEqualTo("38.1 MiB");
        assertThat(browser.get("ecs").get("destination").get("port").asInt()).isEqualTo(443);
        assertThat(browser.get("ecs").get("process").get("command_line").asText()).isEqualTo("firefox --new-window");
        assertThat(browser.get("ecs").get("host").get("name").asText()).isEqualTo("box1");
        assertThat(find(live.get("connections"), SampleData.IRC).get("flags").toString()).isEqualTo("[\"unusual-port\"]");
    }

    @Test
    void liveFiltersAndSortsAsLsDoes() throws IOException {
        assertThat(ids(ok("/api/live?process=sshd").get("connections")))
                .containsExactlyInAnyOrder(SampleData.SSH_LISTENER, SampleData.SSH_IN);
        assertThat(ids(ok("/api/live?listening=true").get("connections"))).containsExactly(SampleData.SSH_LISTENER);
        assertThat(ids(ok("/api/live?transport=udp").get("connections"))).containsExactly(SampleData.RESOLVER);
        assertThat(ids(ok("/api/live?port=ssh").get("connections")))
                .containsExactlyInAnyOrder(SampleData.SSH_LISTENER, SampleData.SSH_IN);
        assertThat(ids(ok("/api/live?remote=192.0.2.0/24").get("connections"))).containsExactly(SampleData.IRC);
        assertThat(ids(ok("/api/live?public=true&established=true&transport=tcp").get("connections")))
                .containsExactlyInAnyOrder(SampleData.BROWSER, SampleData.HOSTILE_CURL, SampleData.SSH_IN,
                        SampleData.IRC);
        // tx sorts largest first, as in ls; reverse turns it round; limit cuts after sorting.
        assertThat(ids(ok("/api/live?sort=tx&limit=2").get("connections")))
                .containsExactly(SampleData.BROWSER, SampleData.SSH_IN);
        assertThat(ids(ok("/api/live?sort=tx&reverse=true").get("connections")).getLast())
                .isEqualTo(SampleData.BROWSER);
        JsonNode cut = ok("/api/live?sort=process&limit=1");
        assertThat(cut.get("shown").asInt()).isEqualTo(1);
        assertThat(cut.get("matched").asInt()).isEqualTo(6);
    }

    @Test
    void badParametersAreA400WithOneLine() throws IOException {
        assertThat(bad("/api/live?limit=0")).contains("limit").contains("1..5000");
        assertThat(bad("/api/live?limit=100000")).contains("limit");
        assertThat(bad("/api/live?sort=size")).contains("unknown column 'size'");
        assertThat(bad("/api/live?port=nosuchservice")).contains("port");
        assertThat(bad("/api/live?remote=10.0.0.0/99")).contains("remote");
        assertThat(bad("/api/live?listening=maybe")).contains("listening");
        assertThat(bad("/api/live?color=red")).contains("unknown parameter 'color'");
        assertThat(bad("/api/live?limit=1&limit=2")).contains("more than once");
        assertThat(bad("/api/connections?from=yesterday")).contains("ISO-8601");
        assertThat(bad("/api/connections?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z")).contains("empty");
        assertThat(bad("/api/connections?from=2020-01-01T00:00:00Z")).contains("longer than");
        assertThat(bad("/api/connections/abc")).contains("not an id");
        assertThat(bad("/api/findings?status=closed")).contains("status");
        assertThat(bad("/api/traffic?step=1s&from=2025-05-30T00:00:00Z")).contains("2000 buckets");
        assertThat(bad("/api/traffic?step=soon")).contains("duration");
        assertThat(bad("/api/usage?by=country")).contains("program or remote");
        assertThat(bad("/api/inspect/program")).contains("key");
        assertThat(bad("/api/live?process=" + "x".repeat(300))).contains("longer than 256");
    }

    @Test
    void historyQueriesConnectionsByProgramHostRemoteAndFinding() throws IOException {
        JsonNode beacons = ok("/api/connections?program=updater");
        assertThat(beacons.get("count").asInt()).isEqualTo(6);
        assertThat(beacons.get("connections").get(0).get("open").asBoolean()).isFalse();
        assertThat(beacons.get("connections").get(0).get("closed_at").asText()).isEqualTo("2025-06-01T11:55:02Z");
        assertThat(ids(ok("/api/connections?finding=beacon").get("connections"))).hasSize(6);
        assertThat(ids(ok("/api/connections?remote=backup.example").get("connections")))
                .containsExactly(SampleData.BACKUP);
        assertThat(ok("/api/connections?open=true").get("count").asInt()).isEqualTo(6);
        assertThat(ok("/api/connections?limit=3").get("truncated").asBoolean()).isTrue();
        // Only what overlaps the window: the backup ran from 45 to 35 minutes ago.
        assertThat(ids(ok("/api/connections?program=restic&from=2025-06-01T11:00:00Z&to=2025-06-01T11:10:00Z")
                .get("connections"))).isEmpty();
    }

    @Test
    void oneConnectionHasItsTimelineFindingsAndRules() throws IOException {
        JsonNode backup = ok("/api/connections/" + SampleData.BACKUP);
        assertThat(backup.get("connection").get("id").asLong()).isEqualTo(SampleData.BACKUP);
        assertThat(backup.get("traffic")).hasSize(10);
        long sent = 0;
        for (JsonNode d : backup.get("traffic")) {
            sent += d.get("sent").asLong();
        }
        assertThat(sent).isEqualTo(900_000_000L);
        assertThat(ids(backup.get("findings"))).containsExactly(SampleData.PEAK_FINDING);
        assertThat(backup.get("rules")).isEmpty();
        RawHttp.Response missing = RawHttp.get(web.port(), "/api/connections/999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("no connection 999 in the history");
    }

    @Test
    void findingsComeWorstFirstAndFilterByStatusAndDetector() throws IOException {
        assertThat(ids(ok("/api/findings").get("findings"))).containsExactly(SampleData.BEACON_FINDING,
                SampleData.PEAK_FINDING, SampleData.IRC_FINDING, SampleData.HOSTILE_FINDING, SampleData.ALLOWED_FINDING);
        assertThat(ids(ok("/api/findings?status=allowed").get("findings"))).containsExactly(SampleData.ALLOWED_FINDING);
        assertThat(ids(ok("/api/findings?detector=unusual-port").get("findings")))
                .containsExactly(SampleData.IRC_FINDING);
        JsonNode beacon = ok("/api/findings/" + SampleData.BEACON_FINDING);
        assertThat(beacon.get("severity").asText()).isEqualTo("high");
        assertThat(beacon.get("rule").get("id").asText()).isEqualTo("beacon");
        assertThat(beacon.get("event").get("severity").asInt()).isEqualTo(4);
        assertThat(beacon.get("connection_ids")).hasSize(6);
        assertThat(beacon.get("connections").get(0).get("ecs").get("process").get("name").asText()).isEqualTo("updater");
    }

    @Test
    void acknowledgingAndAllowingChangeTheFindingAndNeedTheDashboardHeader() throws IOException {
        String path = "/api/findings/" + SampleData.IRC_FINDING + "/acknowledge";
        RawHttp.Response refused = RawHttp.post(web.port(), path, "{\"note\":\"x\"}", "Content-Type: application/json");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(web.history.finding(SampleData.IRC_FINDING).orElseThrow().status().name()).isEqualTo("OPEN");

        RawHttp.Response r = RawHttp.post(web.port(), path, "{\"note\":\"my irc client\"}",
                "Content-Type: application/json", "X-Connwatch-Request: 1");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("acknowledged");
        assertThat(r.json().get("note").asText()).isEqualTo("my irc client");
        assertThat(ok("/api/findings/" + SampleData.IRC_FINDING).get("status").asText()).isEqualTo("acknowledged");

        RawHttp.Response allow = RawHttp.post(web.port(), "/api/findings/" + SampleData.IRC_FINDING + "/allow",
                "{\"reason\":\"fine\"}", "Content-Type: application/json", "X-Connwatch-Request: 1");
        assertThat(allow.json().get("status").asText()).isEqualTo("allowed");
        assertThat(web.monitor.allowed()).contains("unusual-port:" + SampleData.IRC_FINDING);

        assertThat(RawHttp.post(web.port(), "/api/findings/999/acknowledge", "", "X-Connwatch-Request: 1").status())
                .isEqualTo(404);
        assertThat(RawHttp.post(web.port(), path, "{\"note\":1}", "Content-Type: application/json",
                "X-Connwatch-Request: 1").status()).isEqualTo(400);
        assertThat(RawHttp.post(web.port(), path, "{\"colour\":\"red\"}", "Content-Type: application/json",
                "X-Connwatch-Request: 1").json().get("error").asText()).contains("unknown field 'colour'");
        assertThat(RawHttp.post(web.port(), path, "note=x", "Content-Type: application/x-www-form-urlencoded",
                "X-Connwatch-Request: 1").status()).isEqualTo(415);
        assertThat(RawHttp.get(web.port(), path).status()).isEqualTo(404); // no state change on GET
    }

    @Test
    void trafficHasEveryStepAndMarksTheBackupBurstAsThePeak() throws IOException {
        JsonNode t = ok("/api/traffic?from=2025-06-01T10:00:00Z&to=2025-06-01T12:00:00Z&step=5m");
        assertThat(t.get("step_seconds").asInt()).isEqualTo(300);
        assertThat(t.get("buckets")).hasSize(24);
        assertThat(t.get("peaks").size()).isBetween(1, 2);
        for (JsonNode i : t.get("peaks")) {
            Instant start = Instant.parse(t.get("buckets").get(i.asInt()).get("start").asText());
            assertThat(start).isBetween(NOW.minus(Duration.ofMinutes(50)), NOW.minus(Duration.ofMinutes(35)));
            assertThat(t.get("buckets").get(i.asInt()).get("peak").asBoolean()).isTrue();
        }
        assertThat(t.get("total").get("sent").asLong()).isGreaterThan(900_000_000L);
        // Without a step: at most 240 buckets of a nice size; a day in 10-minute steps.
        JsonNode day = ok("/api/traffic?from=2025-05-31T12:00:00Z&to=2025-06-01T12:00:00Z");
        assertThat(day.get("step_seconds").asInt()).isEqualTo(600);
        assertThat(day.get("buckets")).hasSize(144);
        assertThat(ok("/api/traffic?from=2025-05-02T12:00:00Z&to=2025-06-01T12:00:00Z").get("step_seconds").asInt())
                .isEqualTo(3 * 3600);
        // Narrowed to one program.
        JsonNode irc = ok("/api/traffic?from=2025-06-01T10:00:00Z&to=2025-06-01T12:00:00Z&step=1h&program=hexchat");
        assertThat(irc.get("total").get("received").asLong()).isEqualTo(119 * 400L);
    }

    @Test
    void usageRanksProgramsAndRemotesByBytes() throws IOException {
        JsonNode programs = ok("/api/usage?by=program&from=2025-06-01T10:00:00Z&to=2025-06-01T12:00:00Z");
        assertThat(programs.get("rows").get(0).get("key").asText()).isEqualTo("restic");
        assertThat(programs.get("rows").get(0).get("label").asText()).isEqualTo("/usr/bin/restic");
        assertThat(programs.get("rows").get(1).get("key").asText()).isEqualTo("firefox");
        JsonNode remotes = ok("/api/usage?by=remote&limit=1&from=2025-06-01T10:00:00Z&to=2025-06-01T12:00:00Z");
        assertThat(remotes.get("rows")).hasSize(1);
        assertThat(remotes.get("rows").get(0).get("key").asText()).isEqualTo("198.51.100.20");
        assertThat(remotes.get("rows").get(0).get("label").asText()).isEqualTo("backup.example.net");
    }

    @Test
    void inspectGathersAProgramsTimelineNamesPortsAndFindings() throws IOException {
        JsonNode updater = ok("/api/inspect/program?key=updater");
        assertThat(updater.get("count").asInt()).isEqualTo(6);
        assertThat(updater.get("ports").get(0).get("value").asText()).isEqualTo("8443/tcp out");
        assertThat(updater.get("ports").get(0).get("count").asInt()).isEqualTo(6);
        assertThat(updater.get("remotes").get(0).get("value").asText()).isEqualTo("203.0.113.9");
        assertThat(ids(updater.get("findings"))).containsExactly(SampleData.BEACON_FINDING);
        assertThat(updater.get("total").get("sent").asLong()).isEqualTo(6 * 1200L);

        JsonNode curl = ok("/api/inspect/remote?key=" + q("203.0.113.66"));
        assertThat(curl.get("names").toString()).contains(SampleData.HOSTILE.replace("<", "\\u003C").substring(0, 0))
                .contains("onerror=alert(1)");
        assertThat(ids(curl.get("findings"))).containsExactly(SampleData.HOSTILE_FINDING);

        JsonNode local = ok("/api/inspect/local?key=10.0.0.5&limit=500");
        assertThat(local.get("programs").size()).isGreaterThanOrEqualTo(6);
        assertThat(RawHttp.get(web.port(), "/api/inspect/planet?key=x").status()).isEqualTo(404);
    }

    @Test
    void statusReportsTheMonitorAndTheStore() throws IOException {
        JsonNode s = ok("/api/status");
        assertThat(s.get("host").asText()).isEqualTo("box1");
        assertThat(s.get("monitor").get("open_connections").asInt()).isEqualTo(6);
        assertThat(s.get("monitor").get("sources").get(0).asText()).isEqualTo("sockets via netlink");
        assertThat(s.get("store").get("connections").asInt()).isEqualTo(13);
        assertThat(s.get("store").get("findings").asInt()).isEqualTo(5);
    }

    @Test
    void unknownPathsAre404InJson() throws IOException {
        RawHttp.Response r = RawHttp.get(web.port(), "/api/nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("not found");
    }

    private static JsonNode find(JsonNode connections, long id) {
        for (JsonNode c : connections) {
            if (c.get("id").asLong() == id) {
                return c;
            }
        }
        throw new AssertionError("no connection " + id + " in " + connections);
    }
}
