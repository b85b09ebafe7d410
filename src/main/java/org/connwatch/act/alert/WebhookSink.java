package org.connwatch.act.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Alerts POSTed as JSON ({@link AlertJson}, {@code Content-Type: application/json}) to a URL. The
 * document is made on the dispatcher's thread and queued ({@link DeliveryQueue}); a virtual thread
 * sends them one at a time with {@link HttpClient}, retrying with a doubling backoff as
 * {@link WebhookSettings} says. Counts: sent (a 2xx), failed (a refusal, or the last try failed),
 * dropped (the queue was full), retries.
 */
public final class WebhookSink implements AlertSink {
    private final WebhookSettings settings;
    private final AlertJson json;
    private final HttpClient client;
    private final DeliveryCounter counter;
    private final DeliveryQueue<byte[]> queue;
    private final String name;
    private volatile long retries;

    public WebhookSink(WebhookSettings settings, AlertJson json, Consumer<String> notices) {
        this.settings = settings;
        this.json = json;
        this.name = "webhook " + settings.url();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.counter = new DeliveryCounter(name, notices);
        this.queue = new DeliveryQueue<>(name, settings.queueCapacity(), this::post, counter);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) {
        queue.offer(json.render(alert).getBytes(StandardCharsets.UTF_8));
    }

    /** Tries again after the first, over all alerts. */
    public long retries() {
        return retries;
    }

    private void post(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "connwatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(request::setHeader);
        HttpRequest built = request.build();
        Duration wait = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                int status = client.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    counter.sent();
                    return;
                }
                problem = "HTTP status " + status;
                if (status < 500 && status != 408 && status != 429) {
                    counter.failed(problem + ", not tried again");
                    return;
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counter.failed("stopped while sending");
                return;
            }
            if (attempt >= settings.attempts()) {
                counter.failed(problem + " (after " + attempt + " tries)");
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counter.failed("stopped while waiting to try again");
                return;
            }
            retries++;
            wait = wait.multipliedBy(2).compareTo(WebhookSettings.MAX_BACKOFF) > 0
                    ? WebhookSettings.MAX_BACKOFF : wait.multipliedBy(2);
        }
    }

    @Override
    public SinkCounts counts() {
        return new SinkCounts(name, counter.sentCount(), 0, 0, counter.failedCount(), counter.droppedCount());
    }

    @Override
    public void close() {
        queue.close(settings.requestTimeout().plusSeconds(1));
        client.close();
    }
}
