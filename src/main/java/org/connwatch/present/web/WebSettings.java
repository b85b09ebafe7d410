package org.connwatch.present.web;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import org.connwatch.records.IpAddresses;

/**
 * Where the dashboard listens and where its token lives.
 *
 * @param host         the address to bind: an IP literal or {@code localhost} (127.0.0.1 by default)
 * @param port         the TCP port, 0 for any free one (tests)
 * @param stateDir     the state directory holding the access token ({@value AccessToken#FILE_NAME})
 * @param requireToken ask for the token even on loopback; always true on any other address
 */
public record WebSettings(String host, int port, Path stateDir, boolean requireToken) {
    /** The default address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 7878;

    public WebSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stateDir, "stateDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        address(host); // fails early on a name that is not an address
    }

    /** 127.0.0.1:7878 with the state directory given. */
    public static WebSettings defaults(Path stateDir) {
        return new WebSettings(DEFAULT_HOST, DEFAULT_PORT, stateDir, false);
    }

    /**
     * Reads {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code HOST} or {@code :PORT} (the missing part
     * taken from the defaults).
     *
     * @throws IllegalArgumentException with a one-line message
     */
    public static WebSettings parse(String listen, Path stateDir, boolean requireToken) {
        String s = listen.strip();
        String host = DEFAULT_HOST;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("--listen " + listen + ": missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("--listen " + listen + ": expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // a bare IPv6 address
        } else if (s.contains(":")) {
            int colon = s.indexOf(':');
            host = colon == 0 ? DEFAULT_HOST : s.substring(0, colon);
            port = s.substring(colon + 1);
        } else if (!s.isEmpty()) {
            host = s;
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen " + listen + ": the port is not a number: " + port);
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--listen " + listen + ": the port is outside 1..65535");
            }
        }
        return new WebSettings(host, p, stateDir, requireToken);
    }

    /** The address to bind. */
    public InetAddress bindAddress() {
        return address(host);
    }

    /** True when only this machine can connect (127.0.0.0/8, ::1). */
    public boolean loopback() {
        return bindAddress().isLoopbackAddress();
    }

    /** True when every request must carry the token: on any address but loopback, or when asked. */
    public boolean tokenRequired() {
        return requireToken || !loopback();
    }

    private static InetAddress address(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return IpAddresses.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--listen: '" + host + "' is not an IP address (or localhost)");
        }
    }
}
