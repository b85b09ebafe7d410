package org.connwatch.detect.rules;

import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Traffic;

/**
 * {@code high-tx}: a connection that sent a lot, above all far more than it received: the shape of
 * an upload or of data leaving (exfiltration). Only connections this end started, or (for a
 * sensor) any direction but inbound, and never to loopback.
 *
 * @param sentBytes     flag any connection that sent at least this much
 * @param ratioMinBytes with at least this much sent ...
 * @param ratio         ... flag when sent is at least this many times what was received
 */
public record HighTxDetector(long sentBytes, long ratioMinBytes, double ratio) implements PerConnectionDetector {
    public static final String ID = "high-tx";

    /** 1 GiB sent, or 20 MiB sent at 10 times what came back. */
    public static HighTxDetector defaults() {
        return new HighTxDetector(1L << 30, 20L << 20, 10);
    }

    public HighTxDetector {
        if (sentBytes <= 0 || ratioMinBytes <= 0 || ratio <= 1) {
            throw new IllegalArgumentException("high-tx thresholds must be positive and the ratio above 1");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "connections that sent a lot, or far more than they received (uploads, exfiltration)";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (c.direction() == Direction.INBOUND || c.direction() == Direction.LISTENING
                || c.enrichment().remoteClass() == AddressClass.LOOPBACK) {
            return Optional.empty();
        }
        Traffic t = c.traffic();
        if (t.bytesSent() < 0) {
            return Optional.empty();
        }
        long received = Math.max(0, t.bytesReceived());
        boolean lopsided = t.bytesSent() >= ratioMinBytes && t.bytesSent() >= ratio * Math.max(1, received);
        if (t.bytesSent() < sentBytes && !lopsided) {
            return Optional.empty();
        }
        String reason = Phrases.program(c) + " sent " + Phrases.bytes(t.bytesSent()) + " to " + Phrases.remote(c)
                + " (" + Phrases.remoteClass(c) + ") and received " + Phrases.bytes(received)
                + (lopsided ? ": far more out than in, the shape of an upload or of data leaving"
                        : ": more than the " + Phrases.bytes(sentBytes) + " threshold");
        boolean publicRemote = c.enrichment().remoteClass() == AddressClass.PUBLIC;
        Severity severity = lopsided && publicRemote ? Severity.HIGH : Severity.MEDIUM;
        double score = Math.min(100, 40 + 10 * Math.log10(Math.max(1, t.bytesSent() / (double) ratioMinBytes))
                + (publicRemote ? 20 : 0));
        return Optional.of(Finding.of(ID, severity, score, reason, c));
    }
}
