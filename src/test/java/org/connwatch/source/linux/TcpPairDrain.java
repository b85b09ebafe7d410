package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Reads an exact number of bytes from a channel, for tests that wait for a peer's data. */
final class TcpPairDrain {
    private TcpPairDrain() {
    }

    static void readExactly(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long got = 0;
        while (got < n) {
            buf.clear();
            int r = ch.read(buf);
            if (r < 0) {
                throw new IOException("peer closed after " + got + " of " + n + " bytes");
            }
            got += r;
        }
    }
}
