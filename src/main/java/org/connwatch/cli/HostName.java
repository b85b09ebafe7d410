package org.connwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name ({@code host.name}), from the kernel, without asking DNS. */
final class HostName {
    private HostName() {
    }

    static String local() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // Not Linux, or /proc not mounted: fall through.
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
