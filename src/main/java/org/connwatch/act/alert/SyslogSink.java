package org.connwatch.act.alert;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Alerts as RFC 5424 syslog messages ({@link SyslogFormat}), one datagram each, to a UDP collector
 * or the local syslog socket. A datagram send does not block (a full Unix receiver fails at once),
 * so the sink sends on the dispatcher's thread; a failed send is counted, not retried (syslog over
 * datagrams is lossy by design).
 */
public final class SyslogSink implements AlertSink {
    private final String name;
    private final SyslogFormat format;
    private final SyslogTransport transport;
    private final DeliveryCounter counter;

    SyslogSink(String name, SyslogFormat format, SyslogTransport transport, Consumer<String> notices) {
        this.name = name;
        this.format = format;
        this.transport = transport;
        this.counter = new DeliveryCounter(name, notices);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) {
        try {
            transport.send(format.format(alert));
            counter.sent();
        } catch (IOException e) {
            counter.failed(e.getMessage());
        }
    }

    @Override
    public SinkCounts counts() {
        return new SinkCounts(name, counter.sentCount(), 0, 0, counter.failedCount(), counter.droppedCount());
    }

    @Override
    public void close() {
        transport.close();
    }
}
