package org.connwatch.act.alert;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import org.connwatch.act.alert.unix.UnixDatagramSender;

/** How syslog messages leave: one datagram per message, to a UDP host:port or a local Unix socket. */
sealed interface SyslogTransport extends AutoCloseable permits SyslogTransport.Udp, SyslogTransport.Unix {

    /** Sends one message. */
    void send(byte[] message) throws IOException;

    @Override
    void close();

    /** RFC 5426: one message per UDP datagram. */
    record Udp(DatagramChannel channel, InetSocketAddress target) implements SyslogTransport {

        static Udp open(InetSocketAddress target) throws IOException {
            return new Udp(DatagramChannel.open(), target);
        }

        @Override
        public void send(byte[] message) throws IOException {
            channel.send(ByteBuffer.wrap(message), target);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a UDP channel releases a descriptor; nothing is lost if it complains.
            }
        }
    }

    /** The local syslog daemon's datagram socket, such as {@code /dev/log}. */
    record Unix(UnixDatagramSender sender) implements SyslogTransport {

        static Unix open(Path socket) throws IOException {
            return new Unix(UnixDatagramSender.open(socket));
        }

        @Override
        public void send(byte[] message) throws IOException {
            sender.send(message);
        }

        @Override
        public void close() {
            sender.close();
        }
    }
}
