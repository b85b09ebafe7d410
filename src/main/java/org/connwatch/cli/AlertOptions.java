package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.connwatch.act.alert.AlertDispatcher;
import org.connwatch.act.alert.AlertLimits;
import org.connwatch.act.alert.AlertSettings;
import org.connwatch.act.alert.AlertTarget;
import org.connwatch.act.alert.AlertTargets;
import org.connwatch.act.alert.SyslogFormat;
import org.connwatch.present.FieldContext;
import org.connwatch.records.CommunityId;
import picocli.CommandLine.Option;

/**
 * The alert options of {@code connwatch serve} (a picocli mixin): where alerts go and how often.
 * Wiring them is one line: {@code @Mixin AlertOptions alerts;} and then
 * {@code try (AlertDispatcher d = alerts.dispatcher(out, err)) { ... monitor listeners: d ... }}.
 */
public final class AlertOptions {
    /** Request headers the JDK's HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final int MAX_TOKEN_BYTES = 8192;

    @Option(names = "--alert", paramLabel = "TARGET",
            description = "Send alerts for new findings (and recurrences after the quiet period) to TARGET; "
                    + "repeatable: stdout (JSON lines), syslog (RFC 5424 to /dev/log), syslog:unix:PATH, "
                    + "syslog:udp://HOST[:PORT] (514 by default), webhook:URL (HTTP POST of the JSON document), "
                    + "desktop (notify-send, when it is installed). Default: no alerts.")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--alert-quiet", paramLabel = "DURATION", defaultValue = "1h",
            converter = Converters.DurationConverter.class,
            description = "A finding that recurs alerts again only after this long without an alert. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration quiet;

    @Option(names = "--alert-burst", paramLabel = "N", defaultValue = "10",
            description = "Each target sends at most N alerts at once, then one per --alert-refill; what is "
                    + "held back is summed up in one alert when it may send again. Default: ${DEFAULT-VALUE}.")
    private int burst;

    @Option(names = "--alert-refill", paramLabel = "DURATION", defaultValue = "1m",
            converter = Converters.DurationConverter.class,
            description = "The time for one more alert to be allowed, up to --alert-burst. Default: ${DEFAULT-VALUE}.")
    private Duration refill;

    @Option(names = "--alert-header", paramLabel = "'NAME: VALUE'",
            description = "An extra header on each webhook request (repeatable), e.g. 'X-Team: ops'.")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--alert-token-file", paramLabel = "FILE",
            description = "Send 'Authorization: Bearer TOKEN' to the webhook, TOKEN read from FILE (so it is not "
                    + "on the command line for every user to see).")
    private Path tokenFile;

    @Option(names = "--alert-syslog-max", paramLabel = "BYTES", defaultValue = "2048",
            description = "The longest syslog message; the reason is cut first. At least 480. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int syslogMax;

    /** The settings the options give; a bad value is a {@link UsageException} naming it. */
    public AlertSettings settings() {
        List<AlertTarget> parsed = new ArrayList<>();
        for (String t : targets) {
            try {
                parsed.add(AlertTargets.parse(t));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (burst < 1 || burst > AlertLimits.MAX_BURST) {
            throw new UsageException("--alert-burst must be 1 to " + AlertLimits.MAX_BURST + ", not " + burst);
        }
        if (refill.isZero()) {
            throw new UsageException("--alert-refill must be longer than 0");
        }
        if (syslogMax < SyslogFormat.MIN_BYTES || syslogMax > 65_000) {
            throw new UsageException("--alert-syslog-max must be " + SyslogFormat.MIN_BYTES + " to 65000, not "
                    + syslogMax);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip();
            String value = colon < 0 ? "" : h.substring(colon + 1).strip();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}") || value.isEmpty()
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new UsageException("--alert-header '" + shown(h) + "' is not NAME: VALUE (a header name, a "
                        + "colon, a value without line breaks)");
            }
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new UsageException("--alert-header: the HTTP client sets '" + name + "' itself");
            }
            extra.put(name, value);
        }
        if (tokenFile != null) {
            extra.put("Authorization", "Bearer " + token(tokenFile));
        }
        return new AlertSettings(parsed, new AlertLimits(quiet, burst, refill), extra, syslogMax);
    }

    /**
     * The dispatcher the options ask for, its ticker started (with no {@code --alert}, one with no
     * sinks, which does nothing). Close it when monitoring ends.
     *
     * @param out where {@code --alert stdout} writes
     * @param err where notices go (a target left out, a target's first failure)
     * @throws IOException when a target cannot be opened (an unknown syslog host)
     */
    public AlertDispatcher dispatcher(PrintWriter out, PrintWriter err) throws IOException {
        AlertSettings settings = settings();
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        return AlertDispatcher.open(settings, context, out, System.getenv(), Clock.systemUTC(),
                notice -> err.println("connwatch serve: " + notice)).start();
    }

    private static String token(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_TOKEN_BYTES) {
                throw new UsageException("--alert-token-file " + file + " is larger than " + MAX_TOKEN_BYTES
                        + " bytes: not a token");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("--alert-token-file " + file + " cannot be read: " + e.getMessage());
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new UsageException("--alert-token-file " + file + " must hold one token of printable ASCII "
                    + "without spaces");
        }
        return token;
    }

    private static String shown(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("[\\x00-\\x1f\\x7f]", "?");
    }
}
