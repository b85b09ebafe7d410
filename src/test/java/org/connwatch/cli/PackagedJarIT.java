package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;

/** The packaged jar and the ./connwatch launcher, run as a user runs them. */
class PackagedJarIT {
    private static final long OUR_PID = ProcessHandle.current().pid();

    @Test
    void thePackagedJarListsThisJvmsSocketsWithItsPid() throws Exception {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 4096, 0)) {
            PackagedCommand r = PackagedCommand.run(List.of(PackagedCommand.java(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", PackagedCommand.jar().toString(),
                    "ls", "--format", "json", "--port", Integer.toString(pair.listenPort)), Map.of());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).as("no warnings on a normal run").isEmpty();
            JsonNode docs = new ObjectMapper().readTree(r.out());
            assertThat(docs).hasSize(3);
            for (JsonNode d : docs) {
                assertThat(d.at("/process/pid").asLong()).isEqualTo(OUR_PID);
            }
        }
    }

    @Test
    void theLauncherRunsTheBuiltJar() throws Exception {
        PackagedCommand r = PackagedCommand.run(List.of("./connwatch", "--version"), Map.of());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("connwatch 0.1.0");
    }

    @Test
    void theLauncherSaysWhichJavaItNeedsWhenThereIsNone() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CONNWATCH_JDK_DIRS", "/nonexistent");
        env.put("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        PackagedCommand r = PackagedCommand.run(List.of("./connwatch", "ls"), env);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("needs a JDK 25 or newer").contains("JAVA_HOME");
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/usr/lib/jvm/java-17-openjdk-amd64"))) {
            assertThat(r.err()).contains("Java 17 at /usr/lib/jvm/java-17-openjdk-amd64");
        }
    }
}
