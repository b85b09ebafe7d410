package org.connwatch.present;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.connwatch.records.Connection;

/**
 * Renders a long list of connections in parts on several threads and writes the parts in order,
 * so a 40,000-socket export uses every core. Parts in flight are bounded, so memory stays
 * proportional to a few parts, not to the whole output. Lists shorter than one part are rendered
 * on the calling thread.
 */
public final class ParallelRender {
    /** Renders one part; {@code first} is true for the part that starts the list. */
    @FunctionalInterface
    public interface PartRenderer {
        void render(List<Connection> part, boolean first, Writer out) throws IOException;
    }

    private static final int PART = 2_000;

    private ParallelRender() {
    }

    /**
     * Writes every part in order.
     *
     * @param renderers one renderer per thread is created by this factory (renderers need not be
     *                  thread-safe)
     */
    public static void write(List<Connection> rows, Supplier<PartRenderer> renderers,
                             Writer out) throws IOException {
        if (rows.size() <= PART) {
            renderers.get().render(rows, true, out);
            return;
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        ThreadLocal<PartRenderer> perThread = ThreadLocal.withInitial(renderers);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "render");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<String>> inFlight = new ArrayDeque<>();
            for (int from = 0; from < rows.size() || !inFlight.isEmpty(); ) {
                while (from < rows.size() && inFlight.size() < 2 * threads) {
                    List<Connection> part = rows.subList(from, Math.min(rows.size(), from + PART));
                    boolean first = from == 0;
                    inFlight.add(pool.submit(() -> {
                        StringWriter text = new StringWriter(part.size() * 1024);
                        perThread.get().render(part, first, text);
                        return text.toString();
                    }));
                    from += part.size();
                }
                out.write(take(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String take(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
