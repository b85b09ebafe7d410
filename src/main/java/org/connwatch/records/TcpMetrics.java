package org.connwatch.records;

/**
 * What the kernel's {@code tcp_info} says about one TCP socket. Counts the kernel does not report
 * (an older kernel's shorter struct) are -1.
 *
 * @param rttMicros          smoothed round-trip time in microseconds
 * @param rttVarMicros       round-trip time variance in microseconds
 * @param retransmits        segments retransmitted over the socket's life ({@code tcpi_total_retrans})
 * @param bytesSent          payload bytes sent, retransmissions included ({@code tcpi_bytes_sent})
 * @param bytesRetransmitted payload bytes sent again ({@code tcpi_bytes_retrans})
 * @param bytesAcked         payload bytes the peer acknowledged ({@code tcpi_bytes_acked})
 * @param bytesReceived      payload bytes received in order ({@code tcpi_bytes_received})
 * @param segmentsOut        segments sent
 * @param segmentsIn         segments received
 */
public record TcpMetrics(long rttMicros, long rttVarMicros, long retransmits, long bytesSent,
                         long bytesRetransmitted, long bytesAcked, long bytesReceived, long segmentsOut,
                         long segmentsIn) {

    /**
     * Bytes of new data this end sent: sent minus retransmitted when the kernel reports both,
     * else the acknowledged bytes; -1 when neither is known.
     */
    public long uniqueBytesSent() {
        if (bytesSent >= 0 && bytesRetransmitted >= 0) {
            return Math.max(0, bytesSent - bytesRetransmitted);
        }
        return bytesAcked;
    }
}
