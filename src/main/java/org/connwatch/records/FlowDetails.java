package org.connwatch.records;

/**
 * What a packet source (a live capture or a capture file) saw of a flow beyond the common record.
 * Every name is escaped (no control characters) and at most 255 characters; any field may be null.
 *
 * @param local         the device at the local end
 * @param remote        the device at the remote end (seen only when it is on the same link)
 * @param dnsName       the name the client looked up in DNS before it used the remote address
 * @param tlsServerName the server name of the TLS ClientHello ({@code tls.client.server_name})
 * @param httpHost      the Host header of the first HTTP request ({@code url.domain})
 * @param tcpFlags      the TCP flags seen in either direction, in the order {@code SAFRPUEC}
 *                      (for example {@code SAF}); null for other transports
 * @param payloadSent     transport payload bytes (after the TCP/UDP/ICMP header) sent from the local
 *                        end, where the connection's traffic counts whole frames; -1 when unknown
 * @param payloadReceived transport payload bytes received at the local end; -1 when unknown
 */
public record FlowDetails(Device local, Device remote, String dnsName, String tlsServerName, String httpHost,
                          String tcpFlags, long payloadSent, long payloadReceived) {

    public FlowDetails {
        local = local == null ? Device.NONE : local;
        remote = remote == null ? Device.NONE : remote;
        if (payloadSent < -1 || payloadReceived < -1) {
            throw new IllegalArgumentException("payload bytes are -1 (unknown) or a count: " + payloadSent + ", "
                    + payloadReceived);
        }
    }

    /** Details without payload byte counts. */
    public FlowDetails(Device local, Device remote, String dnsName, String tlsServerName, String httpHost,
                       String tcpFlags) {
        this(local, remote, dnsName, tlsServerName, httpHost, tcpFlags, -1, -1);
    }

    /**
     * The name the client used for the remote end ({@code destination.domain}): the TLS server
     * name, else the HTTP Host, else the DNS name; null when none was seen.
     */
    public String domain() {
        if (tlsServerName != null) {
            return tlsServerName;
        }
        return httpHost != null ? httpHost : dnsName;
    }
}
