package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan} and {@code ls --suspicious} on a real suspicious program: a copy of bash started
 * from a temporary folder under /tmp, its file deleted after it started, holding a TCP connection
 * (bash's /dev/tcp) to a listener of this test. (bash waits with its builtin {@code read}: a last
 * external command would replace bash through exec, and the socket would then belong to it.)
 */
class ScanCommandTest {

    @Test
    void aProgramRunningFromADeletedFileInTmpIsFlaggedWithItsReason(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.startsWith("/tmp"), "needs the temp folder under /tmp");
        try (TcpPair pair = TcpPair.open("127.0.0.1", 1, 1)) {
            Path shell = dir.resolve("updater");
            Files.copy(Path.of("/bin/bash"), shell, StandardCopyOption.COPY_ATTRIBUTES);
            Process p = new ProcessBuilder(shell.toString(), "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + pair.listenPort + "; echo connected; read -t 30 || true").start();
            try {
                assertThat(new String(p.getInputStream().readNBytes(10))).isEqualTo("connected\n");
                Files.delete(shell);
                String port = Integer.toString(pair.listenPort);

                Cli ls = Cli.run("ls", "--suspicious", "--port", port, "--color", "never");
                assertThat(ls.exitCode()).as(ls.err()).isZero();
                assertThat(ls.out().lines().toList()).hasSize(3); // header, the bash connection, summary
                assertThat(ls.out().lines().toList().get(1)).contains(p.pid() + "/updater (deleted)")
                        .endsWith("suspicious-program");

                Cli text = Cli.run("scan");
                assertThat(text.exitCode()).as(text.err()).isZero();
                assertThat(text.out()).contains("CRITICAL\n")
                        .contains("[suspicious-program, score 95] updater (pid " + p.pid() + ") runs from " + shell
                                + " in /tmp/, and that file was deleted after it started; it has a socket to 127.0.0.1:"
                                + port + " over tcp");

                Cli json = Cli.run("scan", "--format", "json");
                JsonNode doc = new ObjectMapper().readTree(json.out());
                JsonNode finding = null;
                for (JsonNode f : doc.get("findings")) {
                    if (f.at("/connections/0/process/pid").asLong() == p.pid()) {
                        finding = f;
                    }
                }
                assertThat(finding).as("the bash copy's finding").isNotNull();
                assertThat(finding.get("detector").asText()).isEqualTo("suspicious-program");
                assertThat(finding.get("severity").asText()).isEqualTo("critical");
                assertThat(finding.at("/event/severity").asInt()).isEqualTo(5);
                assertThat(finding.get("score").asDouble()).isEqualTo(95);
                assertThat(finding.get("reason").asText()).isEqualTo(finding.get("message").asText());
                assertThat(finding.at("/connections/0/destination/port").asInt()).isEqualTo(pair.listenPort);
                assertThat(finding.at("/connections/0/process/executable_deleted").asBoolean()).isTrue();
                assertThat(doc.at("/summary/critical").asInt()).isGreaterThanOrEqualTo(1);
            } finally {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void listsTheDetectors() {
        Cli r = Cli.run("scan", "--list-detectors");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("unusual-port", "smtp-not-mailserver", "high-tx", "long-connection",
                "suspicious-program");
    }
}
