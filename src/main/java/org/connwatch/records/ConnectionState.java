package org.connwatch.records;

/**
 * The state of a connection ({@code tcp.state}): the TCP states as the Linux kernel numbers them,
 * plus {@link #UNCONN} for a UDP socket that is bound but not connected.
 */
public enum ConnectionState {
    ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK,
    LISTEN, CLOSING, UNCONN;

    /**
     * Maps a kernel socket state number ({@code TCP_ESTABLISHED} = 1 ... {@code TCP_NEW_SYN_RECV} = 12)
     * to a state. For UDP the kernel reuses the TCP numbers: 1 is a connected socket, 7 an
     * unconnected one.
     *
     * @throws IllegalArgumentException for a number the kernel does not use
     */
    public static ConnectionState fromKernel(int code, Transport transport) {
        if (transport != Transport.TCP) {
            return switch (code) {
                case 1 -> ESTABLISHED;
                case 7 -> UNCONN;
                case 10 -> LISTEN;
                default -> throw new IllegalArgumentException("unknown socket state " + code);
            };
        }
        return switch (code) {
            case 1 -> ESTABLISHED;
            case 2 -> SYN_SENT;
            case 3, 12 -> SYN_RECV; // 12 is TCP_NEW_SYN_RECV, a request socket: ss shows it as SYN-RECV
            case 4 -> FIN_WAIT1;
            case 5 -> FIN_WAIT2;
            case 6 -> TIME_WAIT;
            case 7 -> CLOSE;
            case 8 -> CLOSE_WAIT;
            case 9 -> LAST_ACK;
            case 10 -> LISTEN;
            case 11 -> CLOSING;
            default -> throw new IllegalArgumentException("unknown TCP state " + code);
        };
    }

    /** True for a socket that waits for others to connect (TCP LISTEN, unconnected UDP). */
    public boolean isListening() {
        return this == LISTEN || this == UNCONN;
    }
}
