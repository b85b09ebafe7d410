package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes API responses: one JSON document streamed through a generator, with its content type. */
final class JsonOut {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonOut() {
    }

    /** What writes the body. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Sends {@code body} as the response with this status. */
    static void send(Context ctx, int status, Body body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.status(status).contentType("application/json; charset=utf-8").result(buffer.toByteArray());
    }

    /** Sends 200 with the body. */
    static void ok(Context ctx, Body body) {
        send(ctx, 200, body);
    }

    /** Sends {@code {"error": message}} with the status. */
    static void error(Context ctx, int status, String message) {
        send(ctx, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** Writes the field only when the value is not null. */
    static void optional(JsonGenerator g, String name, Object value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value.toString());
        }
    }
}
