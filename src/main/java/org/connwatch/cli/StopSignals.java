package org.connwatch.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop a long-running command, so that it finishes its
 * output and exits 0, rather than the JVM shutting down under it (with only shutdown hooks left,
 * the exit status is 130 or 143 whatever the command does). The first signal runs the stop action;
 * a second one is handed to the JVM's own handler, which shuts down as usual (for a command stuck
 * while stopping). {@link #close()} puts the previous handlers back.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, kept for exactly this use by JEP 260):
 * javac warns that it is internal API, and there is no supported alternative. Where the JVM does
 * not let the handlers be replaced ({@code -Xrs}, a signal it uses itself), nothing is installed
 * and the JVM's shutdown stays the way to stop.
 *
 * <p>Threads: the stop action runs on the JVM's signal thread; it must only ask the command to stop.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers: {@code stop} runs on the first SIGINT or SIGTERM. */
    static StopSignals install(Runnable stop) {
        StopSignals installed = new StopSignals();
        boolean[] stopping = {false};
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            SignalHandler[] before = new SignalHandler[1];
            try {
                before[0] = Signal.handle(signal, s -> {
                    boolean again;
                    synchronized (stopping) {
                        again = stopping[0];
                        stopping[0] = true;
                    }
                    if (!again) {
                        stop.run();
                    } else if (before[0] != SignalHandler.SIG_DFL && before[0] != SignalHandler.SIG_IGN) {
                        before[0].handle(s);
                    } else {
                        System.exit(128 + s.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                continue; // the JVM keeps this signal (-Xrs, or it uses it): its shutdown still stops us
            }
            installed.signals.add(signal);
            installed.previous.add(before[0]);
        }
        return installed;
    }

    /** Puts back the handlers that were there before. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
