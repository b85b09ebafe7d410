package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * User names by uid, from a passwd file ({@code name:x:uid:gid:...}), reread when the file changes.
 * Not thread-safe.
 */
final class UserNames {
    private final Path passwd;
    private Map<Integer, String> names = Map.of();
    private FileTime loadedVersion;

    UserNames(Path passwd) {
        this.passwd = passwd;
    }

    /** The name of a uid, or the uid as text when it has none. */
    String name(int uid) {
        refreshIfChanged();
        String n = names.get(uid);
        return n != null ? n : Integer.toUnsignedString(uid);
    }

    private void refreshIfChanged() {
        FileTime version;
        try {
            version = Files.getLastModifiedTime(passwd);
        } catch (IOException e) {
            return;
        }
        if (version.equals(loadedVersion)) {
            return;
        }
        Map<Integer, String> fresh = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", 4);
                if (f.length >= 3 && !f[0].isEmpty()) {
                    try {
                        fresh.putIfAbsent(Integer.parseUnsignedInt(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // A comment or broken line: not a user.
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        names = fresh;
        loadedVersion = version;
    }
}
