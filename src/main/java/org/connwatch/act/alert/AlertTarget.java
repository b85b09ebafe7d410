package org.connwatch.act.alert;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** One place alerts go, as the {@code --alert} option names it ({@link AlertTargets#parse}). */
public sealed interface AlertTarget {

    /** JSON lines on standard output. */
    record Stdout() implements AlertTarget {
    }

    /** RFC 5424 syslog over UDP to {@code host:port}. */
    record SyslogUdp(String host, int port) implements AlertTarget {
        public SyslogUdp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
        }
    }

    /** RFC 5424 syslog to a local Unix datagram socket, normally {@code /dev/log}. */
    record SyslogUnix(Path socket) implements AlertTarget {
        public SyslogUnix {
            Objects.requireNonNull(socket, "socket");
        }
    }

    /** An HTTP POST of the JSON document to a URL. */
    record Webhook(URI url) implements AlertTarget {
        public Webhook {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("a webhook URL is http:// or https:// with a host: " + url);
            }
        }
    }

    /** A desktop notification through {@code notify-send}. */
    record Desktop() implements AlertTarget {
    }
}
