package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run as root, this test runs connwatch as the user "nobody", who may not look into root's
 * processes: every socket is still listed, the program shows as unknown, and one line says which
 * privilege is missing.
 */
class UnprivilegedUserIT {

    @Test
    void listsEverySocketWithoutItsProgramAndSaysWhichPrivilegeIsMissing(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        // nobody cannot read root's Maven repository or work tree: give it its own readable copy.
        Path app = dir.resolve("app");
        Files.createDirectories(app.resolve("lib"));
        Files.copy(PackagedCommand.jar(), app.resolve("connwatch.jar"));
        try (Stream<Path> libs = Files.list(PackagedCommand.jar().resolveSibling("lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, app.resolve("lib").resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        try (TcpPair pair = TcpPair.open("127.0.0.1", 1, 1)) {
            PackagedCommand r = PackagedCommand.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", PackagedCommand.java(), "--enable-native-access=ALL-UNNAMED",
                    "-jar", app.resolve("connwatch.jar").toString(),
                    "ls", "--format", "json", "--port", Integer.toString(pair.listenPort)),
                    Map.of("HOME", dir.toString()));

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode docs = new ObjectMapper().readTree(r.out());
            assertThat(docs).as("all three sockets are still listed").hasSize(3);
            for (JsonNode d : docs) {
                assertThat(d.has("process")).as("root's program is unknown to nobody").isFalse();
                assertThat(d.at("/socket/uid").asInt()).isZero();
            }
            assertThat(r.err().lines().toList()).hasSize(1);
            // The notice is about the whole snapshot, before --port narrowed what is shown.
            assertThat(r.err()).containsPattern("the program of \\d+ socket\\(s\\) is unknown")
                    .contains("run as root (or with CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)");
        }
    }
}
