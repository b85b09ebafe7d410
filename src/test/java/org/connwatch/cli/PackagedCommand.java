package org.connwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command (the packaged jar, the launcher) as a separate process and keeps its output. */
record PackagedCommand(int exitCode, String out, String err) {

    /** The packaged jar that Maven built, from the failsafe configuration. */
    static Path jar() {
        return Path.of(System.getProperty("connwatch.jar", "target/connwatch.jar")).toAbsolutePath();
    }

    /** The repository root (where ./connwatch lives). */
    static Path root() {
        return jar().getParent().getParent();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    static PackagedCommand run(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile());
        pb.environment().putAll(env);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            }
        });
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new PackagedCommand(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }
}
