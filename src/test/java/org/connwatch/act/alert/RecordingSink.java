package org.connwatch.act.alert;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it is given, to check the dispatcher's decisions. */
class RecordingSink implements AlertSink {
    final List<Alert> delivered = new ArrayList<>();
    private final String name;

    RecordingSink(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) {
        delivered.add(alert);
    }

    @Override
    public SinkCounts counts() {
        return new SinkCounts(name, delivered.size(), 0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
