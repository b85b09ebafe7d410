package org.connwatch.present.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes what the API reads from a request before any handler trusts it: a state-changing call's
 * JSON body ({@link #anyBody}) and the query values and Host header ({@link #anyQuery}). Whatever
 * comes, the result is a value within its bounds or an {@link ApiException} with a 4xx status and
 * a one-line message without control characters; never another exception.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/present/web/RequestInputFuzzTestInputs/<method>/}. To fuzz
 * one method (in a copy of the tree): {@code JAZZER_FUZZ=1 ./mvnw test -Dtest='RequestInputFuzzTest#anyBody'}.
 */
class RequestInputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"{", "}", "\"note\"", "\"reason\"", ":", ",", "\"\\u0000\"", "\"\\ud800\"", "[", "]", "null",
            "1e999", "\"", "\\", "{\"note\":\"x\"}"})
    void anyBody(byte[] input) {
        try {
            Map<String, String> fields = JsonBody.parse(input, Set.of("note", "reason"));
            require(Set.of("note", "reason").containsAll(fields.keySet()), "only known fields: " + fields.keySet());
            fields.values().forEach(v -> require(v.length() <= JsonBody.MAX_VALUE, "a bounded value"));
        } catch (ApiException e) {
            checkRefusal(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"s", "m", "h", "d", "PT", "P1D", "T", "Z", "2025-06-01T12:00:00Z", "-", "+", ":", "[", "]",
            "localhost", "127.0.0.1", "::1", "true", "false", "9223372036854775807"})
    void anyQuery(FuzzedDataProvider data) {
        String v = data.consumeString(300);
        int port = data.consumeInt(0, 65535);
        try {
            Params.duration("step", v);
        } catch (ApiException e) {
            checkRefusal(e);
        }
        try {
            Params.instant("from", v);
        } catch (ApiException e) {
            checkRefusal(e);
        }
        try {
            int n = Params.integer("limit", v, 1, 5000);
            require(n >= 1 && n <= 5000, "within its bounds: " + n);
        } catch (ApiException e) {
            checkRefusal(e);
        }
        try {
            Params.bool("open", v);
        } catch (ApiException e) {
            checkRefusal(e);
        }
        boolean ours = RequestGuard.namesThisServer(v, "127.0.0.1", port);
        if (ours) {
            String host = v.toLowerCase(java.util.Locale.ROOT);
            require(host.startsWith("localhost") || host.startsWith("127.0.0.1") || host.startsWith("[::1]"),
                    "only loopback names pass: " + v);
        }
        require(!RequestGuard.namesThisServer(v, "127.0.0.1", port) || !v.toLowerCase(java.util.Locale.ROOT)
                .contains("evil"), "a foreign name never passes");
        require(!RequestGuard.namesThisServer("evil.example:" + port, "127.0.0.1", port), "rebinding refused");
    }

    private static void checkRefusal(ApiException e) {
        require(e.status() >= 400 && e.status() < 500, "a client error: " + e.status());
        String m = e.getMessage();
        require(m != null && !m.isBlank() && m.length() <= 400, "a short message: " + m);
        m.chars().forEach(c -> require(c >= 0x20 && c != 0x7f, "no control character in: " + m));
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("broken: " + what);
        }
    }
}
