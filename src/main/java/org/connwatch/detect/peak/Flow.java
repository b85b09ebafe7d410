package org.connwatch.detect.peak;

import org.connwatch.records.Traffic;

/** Which way bytes went, counted from the local host: sent (out) or received (in). */
public enum Flow {
    SENT("sent", "sends", "to"), RECEIVED("received", "receives", "from");

    private final String past;
    private final String present;
    private final String preposition;

    Flow(String past, String present, String preposition) {
        this.past = past;
        this.present = present;
        this.preposition = preposition;
    }

    /** The bytes of this flow, -1 when unknown. */
    public long bytes(Traffic t) {
        return this == SENT ? t.bytesSent() : t.bytesReceived();
    }

    /** "sent" or "received". */
    public String past() {
        return past;
    }

    /** "sends" or "receives". */
    public String present() {
        return present;
    }

    /** "to" or "from": the way to the other end. */
    public String preposition() {
        return preposition;
    }
}
