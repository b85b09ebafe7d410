package org.connwatch.records;

/**
 * What a socket source knows about the socket behind a connection, beyond the common record.
 *
 * @param inode   the socket's inode number, the key that ties it to a process (0 for sockets no
 *                process holds, such as TIME_WAIT)
 * @param uid     the socket owner's user id
 * @param receiveQueue bytes waiting to be read (for a listener: connections waiting to be accepted)
 * @param sendQueue    bytes not yet acknowledged by the peer (for a listener: the backlog limit)
 * @param tcp     the kernel's TCP metrics, null for UDP or when the source cannot read them
 * @param cookie  the kernel's socket cookie ({@code idiag_cookie}): unique per socket for the machine's
 *                uptime and kept by a TIME_WAIT socket, so it tells two connections of the same
 *                addresses and ports apart; 0 when the source cannot read it (/proc/net)
 */
public record SocketDetails(long inode, int uid, long receiveQueue, long sendQueue, TcpMetrics tcp, long cookie) {

    public SocketDetails {
        if (inode < 0) {
            throw new IllegalArgumentException("inode must not be negative: " + inode);
        }
        if (receiveQueue < 0 || sendQueue < 0) {
            throw new IllegalArgumentException("queue sizes must not be negative");
        }
    }

    /** Details without a cookie (a source that cannot read it). */
    public SocketDetails(long inode, int uid, long receiveQueue, long sendQueue, TcpMetrics tcp) {
        this(inode, uid, receiveQueue, sendQueue, tcp, 0);
    }

    /** True when the cookie is known. */
    public boolean hasCookie() {
        return cookie != 0;
    }
}
