package org.connwatch.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the baseline in a state directory as {@value #FILE_NAME} (see {@link BaselineJson}).
 * Saving writes a temporary file in the same directory, forces it to disk and moves it over the
 * old one, so a crash leaves either the old baseline or the new one, never half of one.
 */
public final class BaselineStore {
    /** The file name inside the state directory. */
    public static final String FILE_NAME = "baseline.json";

    private final Path dir;
    private final BaselineJson json = new BaselineJson();

    public BaselineStore(Path stateDir) {
        this.dir = Objects.requireNonNull(stateDir, "stateDir");
    }

    /** A store in the default state directory of this user (see {@link #defaultStateDir(Map, String)}). */
    public static BaselineStore atDefaultLocation() {
        return new BaselineStore(defaultStateDir(System.getenv(), System.getProperty("user.home")));
    }

    /**
     * {@code $XDG_STATE_HOME/connwatch} when that variable holds an absolute path, else
     * {@code ~/.local/state/connwatch}.
     */
    public static Path defaultStateDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "connwatch");
        }
        return Path.of(userHome, ".local", "state", "connwatch");
    }

    /** The state directory. */
    public Path directory() {
        return dir;
    }

    /** The baseline file. */
    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /**
     * The stored baseline; empty when none was saved yet.
     *
     * @throws IOException naming the file when it cannot be read, is corrupt, or has another version
     */
    public Optional<Baseline> load() throws IOException {
        Path file = file();
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(json.read(in, file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The stored baseline, or {@link Baseline#EMPTY} when none was saved: what the detectors take. */
    public Baseline loadOrEmpty() throws IOException {
        return load().orElse(Baseline.EMPTY);
    }

    /** Saves a baseline atomically (the file readable by its owner only), creating the state directory when needed. */
    public void save(Baseline baseline) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".baseline-", ".json.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                json.write(baseline, out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the stored baseline; true when there was one. */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(file());
    }
}
