package org.connwatch.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Run in a child JVM by tests: connects to HOST:PORT, sends BYTES bytes, prints "sent LOCALPORT"
 * and keeps the connection open until its standard input closes.
 */
public final class ChildTalker {
    private ChildTalker() {
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int bytes = Integer.parseInt(args[2]);
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port))) {
            ByteBuffer buf = ByteBuffer.allocate(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            System.out.println("sent " + ((InetSocketAddress) ch.getLocalAddress()).getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
