package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The SHA-256 of a file as the coreutils tool {@code sha256sum} computes it: a reference independent of our code. */
final class Sha256Sum {
    private Sha256Sum() {
    }

    static String of(Path file) throws IOException {
        Process p = new ProcessBuilder("sha256sum", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("sha256sum failed for " + file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out.substring(0, 64);
    }
}
