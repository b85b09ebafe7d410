package org.connwatch.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes {@code connwatch analyze FILE --format json} end to end, with whatever bytes as the file:
 * told apart as a capture, a conn.log or neither, read, turned into flows, judged and printed. The
 * command must finish with 0 and a JSON document holding a {@code flows} array, or with 1 and one
 * line on stderr (a file that is neither); never a usage error, never an internal error (70).
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/cli/AnalyzeAnyFileFuzzTestInputs/anyFile/} (the start of
 * the fixture names.pcap, whole and cut, three of its packets as pcapng, a conn.log line as TSV
 * and as JSON, text). To fuzz (in a copy of the tree, so Jazzer's corpus writes stay out of it):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='AnalyzeAnyFileFuzzTest#anyFile'
 * </pre>
 */
class AnalyzeAnyFileFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One folder for the run, made once: the input file is rewritten for each input. */
    private static final Path DIR = folder();

    private static Path folder() {
        try {
            Path dir = Files.createTempDirectory("connwatch-fuzz");
            dir.toFile().deleteOnExit();
            Files.writeString(dir.resolve("policy.yaml"), "version: 1\n");
            dir.resolve("policy.yaml").toFile().deleteOnExit();
            dir.resolve("input").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyFile(byte[] input) throws IOException {
        Path file = Files.write(DIR.resolve("input"), input);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"analyze", file.toString(), "--format", "json", "--policy",
            DIR.resolve("policy.yaml").toString(), "--state-dir", DIR.resolve("state").toString()},
                new PrintWriter(out), new PrintWriter(err));
        switch (code) {
            case 0 -> {
                JsonNode doc = JSON.readTree(out.toString());
                require(doc.get("flows") != null && doc.get("flows").isArray(), "a flows array: " + out);
            }
            case Main.FAILURE -> {
                require(out.toString().isEmpty(), "nothing on stdout: " + out);
                require(err.toString().lines().count() == 1, "one line on stderr: " + err);
            }
            default -> throw new AssertionError("exit " + code + ": " + err);
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
