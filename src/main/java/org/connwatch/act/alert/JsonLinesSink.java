package org.connwatch.act.alert;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Alerts as JSON lines (see {@link AlertJson}) on a writer, normally stdout: one line per alert,
 * flushed at once so a pipe reader sees it. A write error (a closed pipe) is counted as failed.
 */
public final class JsonLinesSink implements AlertSink {
    private final PrintWriter out;
    private final AlertJson json;
    private final DeliveryCounter counter;

    public JsonLinesSink(PrintWriter out, AlertJson json, Consumer<String> notices) {
        this.out = out;
        this.json = json;
        this.counter = new DeliveryCounter(name(), notices);
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void deliver(Alert alert) {
        out.print(json.render(alert));
        out.print('\n');
        out.flush();
        if (out.checkError()) {
            counter.failed("the output is closed");
        } else {
            counter.sent();
        }
    }

    @Override
    public SinkCounts counts() {
        return new SinkCounts(name(), counter.sentCount(), 0, 0, counter.failedCount(), counter.droppedCount());
    }

    @Override
    public void close() {
        out.flush();
    }
}
