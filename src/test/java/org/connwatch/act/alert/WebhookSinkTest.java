package org.connwatch.act.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.connwatch.present.FieldContext;
import org.connwatch.records.CommunityId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP server on loopback. */
class WebhookSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private HttpServer server;

    /** What the server was sent. */
    record Request(String method, String contentType, String authorization, String team, byte[] body) {
    }

    private URI serve(ToIntFunction<Integer> status) throws IOException {
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", (HttpExchange x) -> {
            byte[] body = x.getRequestBody().readAllBytes();
            requests.add(new Request(x.getRequestMethod(), x.getRequestHeaders().getFirst("Content-Type"),
                    x.getRequestHeaders().getFirst("Authorization"), x.getRequestHeaders().getFirst("X-Team"), body));
            int code = status.applyAsInt(n.incrementAndGet());
            x.sendResponseHeaders(code, -1);
            x.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private WebhookSink sink(WebhookSettings settings) {
        return new WebhookSink(settings, new AlertJson(new FieldContext("desk", new CommunityId(0))), notices::add);
    }

    private static WebhookSettings fast(URI url, int queue, int attempts, Duration requestTimeout) {
        return WebhookSettings.of(url, Map.of("Authorization", "Bearer s3cret", "X-Team", "ops"))
                .with(Duration.ofSeconds(2), requestTimeout, queue, attempts, Duration.ofMillis(20));
    }

    private static void await(WebhookSink sink, java.util.function.Predicate<SinkCounts> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.test(sink.counts())) {
            assertThat(System.nanoTime()).as("waiting for %s", sink.counts()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void postsTheJsonDocumentWithTheHeaders() throws Exception {
        URI url = serve(n -> 204);
        try (WebhookSink sink = sink(fast(url, 10, 1, Duration.ofSeconds(5)))) {
            sink.deliver(new FindingAlert(Findings.open(9, T0), true, T0));
            Request r = requests.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.team()).isEqualTo("ops");
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.path("finding").path("id").asLong()).isEqualTo(9);
            assertThat(doc.path("rule").path("id").asText()).isEqualTo("unusual-port");
            await(sink, c -> c.sent() == 1);
            assertThat(sink.counts()).isEqualTo(new SinkCounts("webhook " + url, 1, 0, 0, 0, 0));
        }
    }

    @Test
    void retriesAServerErrorWithBackoffUntilItIsAccepted() throws Exception {
        URI url = serve(n -> n <= 2 ? 500 : 200);
        try (WebhookSink sink = sink(fast(url, 10, 4, Duration.ofSeconds(5)))) {
            sink.deliver(new FindingAlert(Findings.open(1, T0), true, T0));
            await(sink, c -> c.sent() == 1);
            assertThat(requests).hasSize(3);
            assertThat(sink.retries()).isEqualTo(2);
            assertThat(sink.counts().failed()).isZero();
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndAServerThatKeepsFailingIsGivenUpOn() throws Exception {
        URI url = serve(n -> n == 1 ? 403 : 503);
        try (WebhookSink sink = sink(fast(url, 10, 3, Duration.ofSeconds(5)))) {
            sink.deliver(new FindingAlert(Findings.open(1, T0), true, T0));
            sink.deliver(new FindingAlert(Findings.open(2, T0), true, T0));
            await(sink, c -> c.failed() == 2);
            assertThat(requests).hasSize(1 + 3);
            assertThat(notices).singleElement().asString().contains("HTTP status 403, not tried again");
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutOnEveryTry() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        URI url = serve(n -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        try (WebhookSink sink = sink(fast(url, 10, 2, Duration.ofMillis(300)))) {
            sink.deliver(new FindingAlert(Findings.open(1, T0), true, T0));
            await(sink, c -> c.failed() == 1);
            assertThat(requests).hasSize(2);
            assertThat(notices).singleElement().asString().contains("HttpTimeoutException").contains("after 2 tries");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        URI url = serve(n -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        try (WebhookSink sink = sink(fast(url, 3, 1, Duration.ofSeconds(20)))) {
            sink.deliver(new FindingAlert(Findings.open(1, T0), true, T0));
            assertThat(requests.poll(10, TimeUnit.SECONDS)).isNotNull(); // the worker is now stuck on the first
            for (int i = 2; i <= 10; i++) {
                sink.deliver(new FindingAlert(Findings.open(i, T0), true, T0));
            }
            assertThat(sink.counts().dropped()).isEqualTo(6); // 3 wait in the queue
            release.countDown();
            await(sink, c -> c.sent() == 4);
            List<Long> ids = new ArrayList<>();
            for (Request r : requests) {
                ids.add(new ObjectMapper().readTree(r.body()).path("finding").path("id").asLong());
            }
            assertThat(ids).containsExactly(2L, 3L, 4L);
        } finally {
            release.countDown();
        }
    }
}
