package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connwatch policy check} and {@code connwatch policy init}, run in this JVM. */
class PolicyCommandTest {

    @Test
    void initWritesTheStarterPolicyAndCheckAcceptsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf/policy.yaml");
        Cli init = Cli.run("policy", "init", file.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).startsWith("wrote a starter policy to " + file);
        assertThat(Files.readString(file)).startsWith("# connwatch policy");

        Cli check = Cli.run("policy", "check", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.err()).isEmpty();
        assertThat(check.out()).startsWith(file + ": the policy is valid.\n")
                .contains("inventory: 2 hosts (1 printer, 1 camera)")
                .contains("  1. deny no-telnet when destination.port 23")
                .contains("detectors: all on, with their default settings");
    }

    @Test
    void initRefusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\n");
        Cli again = Cli.run("policy", "init", file.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("connwatch policy init: " + file
                + " already exists; use --force to overwrite it (see 'connwatch policy init --help')\n");
        assertThat(Files.readString(file)).isEqualTo("version: 1\n");
        Cli forced = Cli.run("policy", "init", "--force", file.toString());
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(file)).startsWith("# connwatch policy");
    }

    @Test
    void checkPrintsOneLinePerMistakeAndExits2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                inventory:
                  - name: cam
                    role: camra
                    ip: 10.0.0.2
                rules:
                  - id: x
                    action: deny
                    match:
                      remote.port: 99999
                """);
        Cli check = Cli.run("policy", "check", file.toString());
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).isEmpty();
        assertThat(check.err().lines().toList()).containsExactly(
                file + ":3: inventory[1].role: unknown role 'camra'; did you mean 'camera'? (roles: printer, camera, "
                        + "mailserver, server, workstation, iot, unknown)",
                file + ":9: rules[1].match.remote.port: '99999': port 99999 is above 65535");
    }

    @Test
    void checkOfAMissingFileIsAnError(@TempDir Path dir) {
        Path file = dir.resolve("none.yaml");
        Cli check = Cli.run("policy", "check", file.toString());
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).isEqualTo(file + ": no such file\n");
    }

    @Test
    void policyAloneShowsItsHelp() {
        Cli help = Cli.run("policy");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("check").contains("init");
    }
}
