package org.connwatch.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A real TCP listener with one accepted connection on a loopback address, after the client sent
 * {@code clientSends} bytes and the server {@code serverSends}, each read in full by the other end.
 */
public final class TcpPair implements AutoCloseable {
    public final ServerSocketChannel listener;
    public final SocketChannel client;
    public final SocketChannel server;
    public final int listenPort;
    public final int clientPort;

    private TcpPair(ServerSocketChannel listener, SocketChannel client, SocketChannel server) throws IOException {
        this.listener = listener;
        this.client = client;
        this.server = server;
        this.listenPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        this.clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
    }

    public static TcpPair open(String loopback, int clientSends, int serverSends) throws IOException {
        InetAddress addr = InetAddress.getByName(loopback);
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(addr, 0));
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel server = listener.accept();
        TcpPair pair = new TcpPair(listener, client, server);
        transfer(client, server, clientSends);
        transfer(server, client, serverSends);
        return pair;
    }

    /** Writes {@code n} bytes on {@code from} and reads all of them on {@code to}. */
    public static void transfer(SocketChannel from, SocketChannel to, int n) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(n);
        while (out.hasRemaining()) {
            out.put((byte) (out.position() * 31));
        }
        out.flip();
        ByteBuffer in = ByteBuffer.allocate(Math.min(n, 1 << 16) + 1);
        long got = 0;
        while (out.hasRemaining() || got < n) {
            if (out.hasRemaining()) {
                from.write(out);
            }
            in.clear();
            if (got < n) {
                int r = to.read(in);
                if (r < 0) {
                    throw new IOException("peer closed after " + got + " of " + n + " bytes");
                }
                got += r;
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }
}
