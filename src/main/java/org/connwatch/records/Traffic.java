package org.connwatch.records;

/**
 * Bytes and packets moved by a connection, counted from the local end: {@code sent} left this end,
 * {@code received} arrived at it. A count of -1 means the source cannot tell (for example UDP
 * sockets, whose byte counts the kernel does not keep per socket).
 */
public record Traffic(long bytesSent, long bytesReceived, long packetsSent, long packetsReceived) {

    /** Nothing known about the traffic. */
    public static final Traffic UNKNOWN = new Traffic(-1, -1, -1, -1);

    public Traffic {
        check(bytesSent, "bytesSent");
        check(bytesReceived, "bytesReceived");
        check(packetsSent, "packetsSent");
        check(packetsReceived, "packetsReceived");
    }

    /** Byte counts only, packet counts unknown. */
    public static Traffic ofBytes(long sent, long received) {
        return new Traffic(sent, received, -1, -1);
    }

    /** True when the byte counts are known. */
    public boolean hasBytes() {
        return bytesSent >= 0 && bytesReceived >= 0;
    }

    /** The same counts seen from the other end. */
    public Traffic reversed() {
        return new Traffic(bytesReceived, bytesSent, packetsReceived, packetsSent);
    }

    private static void check(long value, String name) {
        if (value < -1) {
            throw new IllegalArgumentException(name + " must be -1 (unknown) or a count: " + value);
        }
    }
}
