package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.connwatch.policy.MachineIdentity;
import org.connwatch.records.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy rules the inspect views show: those that match, the deciding one first, from the file in force. */
class PolicyRulesTest {
    @TempDir
    Path dir;

    static final String POLICY = """
            version: 1
            rules:
              - id: no-irc
                action: alert
                match:
                  destination.port: 6667
                reason: IRC is not used here
              - id: hexchat-ok
                action: allow
                match:
                  process.name: hexchat
            """;

    @Test
    void theMatchingRulesInPolicyOrderAndTheFileReadAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("policy.yaml");
        ApplicableRules rules = PolicyFileRules.of(file, MachineIdentity.NONE);
        Connection irc = irc();
        assertThat(rules.rulesFor(irc)).isEmpty(); // no file, no policy

        Files.writeString(file, POLICY);
        List<RuleMatch> matched = rules.rulesFor(irc);
        assertThat(matched).extracting(RuleMatch::id).containsExactly("no-irc", "hexchat-ok");
        assertThat(matched.get(0).deciding()).isTrue();
        assertThat(matched.get(1).deciding()).isFalse();
        assertThat(matched.get(0).action()).isEqualTo("alert");
        assertThat(matched.get(0).reason()).isEqualTo("IRC is not used here");
        assertThat(matched.get(0).conditions()).contains("destination.port");
        assertThat(matched.get(0).line()).isEqualTo(3);

        Files.writeString(file, POLICY.replace("6667", "6697"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(rules.rulesFor(irc)).extracting(RuleMatch::id).containsExactly("hexchat-ok");

        Files.writeString(file, "version: 1\nrules: [not a rule\n"); // broken: the last good policy stays
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(rules.rulesFor(irc)).extracting(RuleMatch::id).containsExactly("hexchat-ok");
    }

    @Test
    void theInspectViewsListThem() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, POLICY);
        try (WebFixture web = WebFixture.live(new WebSettings("127.0.0.1", 0, dir, false),
                PolicyFileRules.of(file, MachineIdentity.NONE))) {
            var one = RawHttp.get(web.port(), "/api/connections/" + SampleData.IRC).json();
            assertThat(one.get("rules").get(0).get("id").asText()).isEqualTo("no-irc");
            assertThat(one.get("rules").get(0).get("deciding").asBoolean()).isTrue();
            var program = RawHttp.get(web.port(), "/api/inspect/program?key=hexchat").json();
            assertThat(program.get("rules").get(0).get("id").asText()).isEqualTo("no-irc");
            assertThat(program.get("rules").get(0).get("deciding").asInt()).isEqualTo(1);
            assertThat(program.get("rules").get(1).get("matching").asInt()).isEqualTo(1);
        }
    }

    private static Connection irc() {
        return SampleData.tcp(SampleData.proc(4100, "hexchat", "/usr/bin/hexchat", "hexchat"), "10.0.0.5", 50700,
                "192.0.2.44", 6667, org.connwatch.records.Direction.OUTBOUND, null, null, null,
                Instant.parse("2025-06-01T12:00:00Z"), Instant.parse("2025-06-01T12:00:00Z"), 1, 1);
    }
}
