package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashes match sha256sum, are computed once per file version, and again when the file changes. */
class ExecutableHasherTest {

    @Test
    void hashesOnceAndAgainOnlyWhenTheFileChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tool");
        Files.write(file, new byte[300_000]);
        Path link = dir.resolve("exe");
        Files.createSymbolicLink(link, file); // like /proc/PID/exe
        ExecutableHasher hasher = new ExecutableHasher();

        String first = hasher.hash(link);
        assertThat(first).isEqualTo(Sha256Sum.of(file));
        assertThat(hasher.hash(link)).isEqualTo(first);
        assertThat(hasher.computedCount()).as("the second call is served from the cache").isEqualTo(1);

        Files.write(file, "a different program".getBytes());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        String second = hasher.hash(link);
        assertThat(second).isEqualTo(Sha256Sum.of(file)).isNotEqualTo(first);
        assertThat(hasher.computedCount()).isEqualTo(2);
    }

    @Test
    void anUnreadableOrMissingFileHasNoHash(@TempDir Path dir) {
        assertThat(new ExecutableHasher().hash(dir.resolve("missing"))).isNull();
    }
}
