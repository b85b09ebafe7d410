package org.connwatch.act.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How alerts are POSTed to a webhook.
 *
 * @param url            where to POST (http or https)
 * @param headers        extra request headers, e.g. {@code Authorization: Bearer ...}
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for the response to one attempt
 * @param queueCapacity  alerts waiting to be sent at most; more are dropped and counted
 * @param attempts       tries per alert, at least 1 (a 5xx, 408, 429, a timeout or a network error
 *                       is tried again; another 4xx is not)
 * @param backoff        the wait before the second try; it doubles for each further try, up to a minute
 */
public record WebhookSettings(URI url, Map<String, String> headers, Duration connectTimeout, Duration requestTimeout,
                              int queueCapacity, int attempts, Duration backoff) {
    /** The longest wait between two tries. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    public WebhookSettings {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(new TreeMap<>(headers));
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (queueCapacity < 1 || attempts < 1) {
            throw new IllegalArgumentException("a webhook needs a queue and at least one attempt");
        }
    }

    /** The defaults for a URL: 5 s to connect, 10 s for a response, 1,000 queued, 4 tries from 1 s apart. */
    public static WebhookSettings of(URI url, Map<String, String> headers) {
        return new WebhookSettings(url, headers, Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, 4,
                Duration.ofSeconds(1));
    }

    /** The same with other timeouts, queue, attempts and backoff (tests use short ones). */
    public WebhookSettings with(Duration connect, Duration request, int queue, int tries, Duration firstBackoff) {
        return new WebhookSettings(url, headers, connect, request, queue, tries, firstBackoff);
    }
}
