package org.connwatch.act.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.connwatch.present.SafeText;

/**
 * Reads the {@code --alert} option's values:
 * <pre>
 *   stdout
 *   syslog                       (= syslog:unix:/dev/log)
 *   syslog:unix:/run/systemd/journal/syslog
 *   syslog:udp://192.0.2.10:514  syslog:udp://[2001:db8::1]  syslog:udp://loghost   (port 514 by default)
 *   webhook:https://hooks.example.org/connwatch
 *   desktop
 * </pre>
 * A bad value gives an {@link IllegalArgumentException} whose message is one line naming what is wrong.
 */
public final class AlertTargets {
    /** What {@code syslog} alone means. */
    public static final Path DEV_LOG = Path.of("/dev/log");
    /** The syslog port over UDP (RFC 5426). */
    public static final int SYSLOG_PORT = 514;
    private static final String FORMS = "stdout, syslog[:udp://HOST[:PORT]|unix:PATH], webhook:URL or desktop";
    private static final int MAX_SHOWN = 80;

    private AlertTargets() {
    }

    /** The target a value names. */
    public static AlertTarget parse(String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("stdout")) {
            return new AlertTarget.Stdout();
        }
        if (lower.equals("desktop")) {
            return new AlertTarget.Desktop();
        }
        if (lower.equals("syslog")) {
            return new AlertTarget.SyslogUnix(DEV_LOG);
        }
        if (lower.startsWith("syslog:unix:")) {
            String path = v.substring("syslog:unix:".length());
            if (path.isEmpty() || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.length() > 107) {
                throw bad(value, "the Unix socket must be an absolute path of at most 107 bytes");
            }
            return new AlertTarget.SyslogUnix(Path.of(path));
        }
        if (lower.startsWith("syslog:udp://")) {
            URI uri = uri(value, v.substring("syslog:".length()));
            if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw bad(value, "expected syslog:udp://HOST or syslog:udp://HOST:PORT");
            }
            int port = uri.getPort() == -1 ? SYSLOG_PORT : uri.getPort();
            if (port < 1 || port > 65535) {
                throw bad(value, "the port must be 1..65535");
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new AlertTarget.SyslogUdp(host, port);
        }
        if (lower.startsWith("syslog:")) {
            throw bad(value, "syslog takes udp://HOST[:PORT] or unix:PATH");
        }
        if (lower.startsWith("webhook:")) {
            URI uri = uri(value, v.substring("webhook:".length()));
            try {
                return new AlertTarget.Webhook(uri);
            } catch (IllegalArgumentException e) {
                throw bad(value, "expected webhook:http://... or webhook:https://... with a host");
            }
        }
        throw bad(value, "expected " + FORMS);
    }

    private static URI uri(String value, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw bad(value, "not a URL (" + e.getReason() + ")");
        }
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("--alert '" + SafeText.terminal(value, MAX_SHOWN) + "': " + why);
    }
}
