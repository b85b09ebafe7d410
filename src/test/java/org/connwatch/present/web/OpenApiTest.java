package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI description and the routes served agree, both ways; every $ref resolves. */
class OpenApiTest {
    @TempDir
    Path state;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        try (WebFixture web = WebFixture.fixed(Instant.parse("2025-06-01T12:00:00Z"), state)) {
            JsonNode spec = RawHttp.get(web.port(), "/api/openapi.json").json();
            assertThat(spec.get("openapi").asText()).startsWith("3.");
            TreeSet<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " "
                        + path.getKey()));
            }
            TreeSet<String> served = new TreeSet<>();
            for (ApiRoute r : web.server.routes()) {
                served.add(r.method().name() + " " + r.path());
            }
            assertThat(served).isEqualTo(documented);
            // ... and each is really answered (not a 404) by the running server.
            for (String route : served) {
                if (route.startsWith("GET ")) {
                    String path = route.substring(4).replace("{id}", "1").replace("{kind}", "program");
                    int status = RawHttp.get(web.port(), path + (path.contains("inspect") ? "?key=x" : "")).status();
                    assertThat(status).as(route).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void everyReferenceResolvesAndEveryParameterIsDescribed() throws Exception {
        JsonNode spec = new ObjectMapper().readTree(WebServer.openApiSpec());
        List<String> refs = new ArrayList<>();
        collect(spec, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/components/");
            JsonNode target = spec.at(ref.substring(1));
            assertThat(target.isMissingNode()).as(ref).isFalse();
        }
        spec.get("paths").forEach(p -> p.forEach(op -> {
            assertThat(op.get("summary").asText()).isNotBlank();
            op.path("parameters").forEach(param -> assertThat(param.get("description").asText()).isNotBlank());
        }));
    }

    private static void collect(JsonNode n, List<String> refs) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs);
                }
            });
        } else if (n.isArray()) {
            n.forEach(x -> collect(x, refs));
        }
    }
}
