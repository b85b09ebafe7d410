package org.connwatch.source.capture.flow;

/**
 * The rarer parts of a flow, made only for the flows that need them: the names the client used,
 * and the start of a ClientHello, an HTTP request or a DNS response that did not fit in one
 * segment.
 */
final class FlowExtras {
    String dnsName;
    String tlsServerName;
    String httpHost;
    /** The client's first payload bytes while a ClientHello or an HTTP request is being put together. */
    StreamPiece clientStart;
    /** The server's bytes while a DNS-over-TCP response is being put together. */
    StreamPiece dnsReply;

    /** Forgets the partial ClientHello or request; returns the bytes it held. */
    int dropClientStart() {
        int held = clientStart == null ? 0 : clientStart.bytes.length;
        clientStart = null;
        return held;
    }

    /** Forgets the partial DNS response; returns the bytes it held. */
    int dropDnsReply() {
        int held = dnsReply == null ? 0 : dnsReply.bytes.length;
        dnsReply = null;
        return held;
    }
}
