package org.connwatch.source.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 of running executables, read through {@code /proc/PID/exe} (which works even when the
 * file was deleted). Hashes are cached by file identity (device, inode, size, modification time),
 * so a file is hashed again only when it changes. Not thread-safe.
 */
final class ExecutableHasher {
    private static final int MAX_CACHED = 4096;

    private record FileIdentity(Object dev, Object ino, long size, FileTime modified) {
    }

    private final Map<FileIdentity, String> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileIdentity, String> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private int computed;

    /** The hex SHA-256 of the executable behind {@code exeLink}, or null when it cannot be read. */
    String hash(Path exeLink) {
        FileIdentity id;
        try {
            Map<String, Object> a = Files.readAttributes(exeLink, "unix:dev,ino,size,lastModifiedTime");
            id = new FileIdentity(a.get("dev"), a.get("ino"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        String known = cache.get(id);
        if (known != null) {
            return known;
        }
        String digest = digest(exeLink);
        if (digest != null) {
            cache.put(id, digest);
            computed++;
        }
        return digest;
    }

    /** How many files were actually read and hashed (not served from the cache) so far. */
    int computedCount() {
        return computed;
    }

    private static String digest(Path file) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
