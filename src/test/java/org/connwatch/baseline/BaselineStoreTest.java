package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.baseline.Conns.T0;
import static org.connwatch.baseline.Conns.curl;
import static org.connwatch.baseline.Conns.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineStoreTest {

    private static Baseline rich() {
        return BaselineBuilder.from(Conns.curlBaseline(), new BaselineLimits(10, 10, 10, 10, 2))
                .learn(out(null, "2001:db8:5::1", 53, Transport.UDP, null, T0))
                .learn(out(Conns.proc("we\"ird\nname", null, null), "192.0.2.1", 0, Transport.ICMP, "x.example", T0))
                .build();
    }

    @Test
    void roundTripsEverything(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir.resolve("state"));
        assertThat(store.load()).isEmpty();
        assertThat(store.loadOrEmpty()).isEqualTo(Baseline.EMPTY);
        Baseline b = rich();
        store.save(b);
        assertThat(store.file()).isEqualTo(dir.resolve("state").resolve("baseline.json"));
        assertThat(store.load()).contains(b);
        store.save(Baseline.EMPTY);
        assertThat(store.load()).contains(Baseline.EMPTY);
    }

    @Test
    void writesTheDocumentedFormat(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.save(Conns.curlBaseline());
        JsonNode doc = new ObjectMapper().readTree(store.file().toFile());
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("started").asText()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(doc.get("records").asLong()).isEqualTo(3);
        JsonNode curl = doc.get("actors").get(0);
        assertThat(curl.get("program").asText()).isEqualTo("/usr/bin/curl");
        assertThat(curl.get("host").asText()).isEqualTo("10.0.0.5");
        assertThat(curl.get("destinations").get(0).toString())
                .isEqualTo("{\"block\":\"203.0.113.0/24\",\"domain\":\"example.org\","
                        + "\"transport\":\"tcp\",\"port\":443}");
        assertThat(doc.get("executables").get(0).get("sha256").get(0).asText()).isEqualTo(Conns.sha('a'));
    }

    @Test
    void savesAtomicallyLeavingNoTemporaryFileAndOnlyTheOwnerCanRead(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.save(Conns.curlBaseline());
        store.save(rich());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(store.load()).contains(rich());
    }

    @Test
    void aFailedSaveKeepsTheOldBaseline(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.save(Conns.curlBaseline());
        Path blocked = dir.resolve("sub");
        Files.createDirectories(blocked.resolve("baseline.json")); // a directory where the file should go
        Files.writeString(blocked.resolve("baseline.json").resolve("x"), "x");
        assertThatThrownBy(() -> new BaselineStore(blocked).save(rich())).isInstanceOf(IOException.class);
        try (var files = Files.list(blocked)) {
            assertThat(files).containsExactly(blocked.resolve("baseline.json"));
        }
        assertThat(store.load()).contains(Conns.curlBaseline());
    }

    @Test
    void refusesAnUnknownVersionClearly(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        Files.writeString(store.file(), "{\"version\": 2, \"whatever\": [1, 2}");
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessage("baseline " + store.file() + " has format version 2, but this connwatch reads version 1"
                        + " only; learn again with --reset (or use the connwatch that wrote it)");
    }

    @Test
    void aCorruptOrTruncatedFileIsAnIoExceptionNamingIt(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.save(rich());
        String good = Files.readString(store.file());
        for (String bad : new String[] {good.substring(0, good.length() / 2), "", "garbage", "[]", "{}",
            "{\"records\": 1, \"version\": 1}", "{\"version\": \"1\"}", "{\"version\": 1}",
            good.replace("\"tcp\"", "\"carrier-pigeon\""), good.replace("203.0.113.0/24", "not-a-block"),
            good.replace("\"port\" : 443", "\"port\" : 70000"), good.replace("2026-11-20T09:00:00Z", "yesterday"),
            good + "{}", good.replace(Conns.sha('a'), "abc")}) {
            Files.writeString(store.file(), bad);
            assertThatThrownBy(store::load).as(bad).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("baseline " + store.file() + " is corrupt or truncated: ");
        }
    }

    @Test
    void theDefaultStateDirFollowsXdg() {
        assertThat(BaselineStore.defaultStateDir(Map.of("XDG_STATE_HOME", "/var/lib/x"), "/home/a"))
                .isEqualTo(Path.of("/var/lib/x/connwatch"));
        assertThat(BaselineStore.defaultStateDir(Map.of("XDG_STATE_HOME", "relative"), "/home/a"))
                .isEqualTo(Path.of("/home/a/.local/state/connwatch"));
        assertThat(BaselineStore.defaultStateDir(Map.of(), "/home/a"))
                .isEqualTo(Path.of("/home/a/.local/state/connwatch"));
    }
}
