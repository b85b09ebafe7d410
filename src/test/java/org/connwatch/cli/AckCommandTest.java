package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connwatch ack} writes an allow rule into a real policy file, keeping the rest of it. */
class AckCommandTest {

    @Test
    void addsTheRuleAfterTheLastRuleOfTheStarterPolicyAndKeepsItValid(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        assertThat(Cli.run("policy", "init", policy.toString()).exitCode()).isZero();
        List<String> before = Files.readAllLines(policy);

        Cli r = Cli.run("ack", "--policy", policy.toString(), "--id", "offsite-backup", "--reason", "the \"offsite\" backup",
                "process.name=restic", "remote.ip=203.0.113.0/24", "destination.port=8443");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("added to " + policy + ":").contains("- id: offsite-backup");

        List<String> after = Files.readAllLines(policy);
        assertThat(after).hasSize(before.size() + 7);
        assertThat(after.stream().filter(l -> l.strip().startsWith("#")).count())
                .as("comments kept").isEqualTo(before.stream().filter(l -> l.strip().startsWith("#")).count());
        int added = after.indexOf("  - id: offsite-backup");
        assertThat(added).isGreaterThan(after.indexOf("  - id: camera-calls-out"))
                .isLessThan(after.indexOf("detectors:"));
        assertThat(after.get(added + 6)).isEqualTo("    reason: \"the \\\"offsite\\\" backup\"");
        Cli check = Cli.run("policy", "check", policy.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("3. allow offsite-backup when process.name restic");
    }

    @Test
    void createsAMissingPolicy(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("new/policy.yaml");
        Cli r = Cli.run("ack", "--policy", policy.toString(), "--id", "a1", "remote.domain=*.example.com");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Cli.run("policy", "check", policy.toString()).exitCode()).isZero();
        assertThat(Files.readString(policy)).contains("version: 1", "rules:", "  - id: a1",
                "      remote.domain: \"*.example.com\"");
    }

    @Test
    void aBadConditionWritesNothingAndSaysWhy(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        assertThat(Cli.run("policy", "init", policy.toString()).exitCode()).isZero();
        byte[] before = Files.readAllBytes(policy);

        Cli r = Cli.run("ack", "--policy", policy.toString(), "proces.name=curl");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("proces.name").contains("the rule was not written");
        assertThat(Files.readAllBytes(policy)).isEqualTo(before);

        Cli noEquals = Cli.run("ack", "--policy", policy.toString(), "curl");
        assertThat(noEquals.exitCode()).isEqualTo(2);
        assertThat(noEquals.err()).contains("'curl' is not FIELD=VALUE");
        assertThat(Files.readAllBytes(policy)).isEqualTo(before);
    }
}
