package org.connwatch.act.alert;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the alerts are configured with.
 *
 * @param targets         where alerts go (none: no alerts)
 * @param limits          the de-duplication and rate limit, per sink
 * @param webhookHeaders  extra headers on each webhook request (e.g. {@code Authorization})
 * @param syslogMaxBytes  the longest syslog message ({@link SyslogFormat#MIN_BYTES} or more)
 */
public record AlertSettings(List<AlertTarget> targets, AlertLimits limits, Map<String, String> webhookHeaders,
                            int syslogMaxBytes) {

    public AlertSettings {
        targets = List.copyOf(targets);
        Objects.requireNonNull(limits, "limits");
        webhookHeaders = Map.copyOf(webhookHeaders);
        if (syslogMaxBytes < SyslogFormat.MIN_BYTES) {
            throw new IllegalArgumentException("syslog messages must be allowed at least " + SyslogFormat.MIN_BYTES
                    + " bytes: " + syslogMaxBytes);
        }
    }

    /** These targets with the default limits, no extra headers and 2,048-byte syslog messages. */
    public static AlertSettings of(List<AlertTarget> targets) {
        return new AlertSettings(targets, AlertLimits.DEFAULTS, Map.of(), SyslogFormat.DEFAULT_BYTES);
    }

    /** The same with other limits. */
    public AlertSettings withLimits(AlertLimits newLimits) {
        return new AlertSettings(targets, newLimits, webhookHeaders, syslogMaxBytes);
    }

    /** The webhook settings for one URL: the defaults of {@link WebhookSettings#of} with these headers. */
    WebhookSettings webhook(AlertTarget.Webhook target) {
        return WebhookSettings.of(target.url(), webhookHeaders);
    }
}
