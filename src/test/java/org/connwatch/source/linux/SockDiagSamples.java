package org.connwatch.source.linux;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.connwatch.records.Endpoint;

/**
 * Loads the kernel samples that {@link SockDiagSampleRecorder} recorded into the test resources:
 * the raw sock_diag datagrams, the /proc/net tables of the same moment, and the ground truth of
 * what sockets were open.
 */
final class SockDiagSamples {
    private SockDiagSamples() {
    }

    /** The reply datagrams of one dump, in the order they arrived: {@code tcp4}, {@code tcp6}, {@code udp4}, {@code udp6}. */
    static List<byte[]> datagrams(String dump) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(resource("sockdiag-" + dump + ".bin")));
        List<byte[]> datagrams = new ArrayList<>();
        try {
            while (in.available() > 0) {
                byte[] datagram = new byte[in.readInt()];
                in.readFully(datagram);
                datagrams.add(datagram);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sample sockdiag-" + dump + ".bin is cut short", e);
        }
        return datagrams;
    }

    /** The data lines (the header left out) of a recorded /proc/net table: {@code tcp}, {@code tcp6}, {@code udp}, {@code udp6}. */
    static List<String> procNetLines(String table) {
        // The same decoding as ProcNetReader.
        String text = new String(resource("proc-net-" + table + ".txt"), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
        lines.removeFirst();
        return lines;
    }

    /** The ground truth written at recording time. */
    static Properties expected() {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(resource("sockdiag-expected.properties"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** An endpoint of the ground truth, written {@code 127.0.0.1:41207} or {@code [::1]:45127}. */
    static Endpoint endpoint(String key) {
        String text = expected().getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("the ground truth has no " + key);
        }
        int colon = text.lastIndexOf(':');
        return Endpoint.of(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    static long number(String key) {
        return Long.parseLong(expected().getProperty(key));
    }

    static byte[] resource(String name) {
        try (InputStream in = SockDiagSamples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name + " (see SockDiagSampleRecorder)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
