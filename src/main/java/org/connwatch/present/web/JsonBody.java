package org.connwatch.present.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The body of a state-changing call: an empty body or a flat JSON object of short strings, read
 * strictly (at most {@value #MAX_BYTES} bytes, known fields only, each once, at most
 * {@value #MAX_VALUE} characters); anything else is a 400.
 */
final class JsonBody {
    static final int MAX_BYTES = 8192;
    static final int MAX_VALUE = 1000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxStringLength(MAX_BYTES)
                    .build())
            .build();

    private JsonBody() {
    }

    /** The fields of the body; missing fields are absent from the map. */
    static Map<String, String> read(Context ctx, Set<String> allowed) {
        return parse(ctx.bodyAsBytes(), allowed);
    }

    /** The fields of a body; any problem is an {@link ApiException} with a one-line message. */
    static Map<String, String> parse(byte[] body, Set<String> allowed) {
        if (body.length > MAX_BYTES) {
            throw new ApiException(413, "the request body is larger than " + MAX_BYTES + " bytes");
        }
        Map<String, String> out = new HashMap<>();
        if (body.length == 0) {
            return out;
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("unknown field '" + Params.cut(name) + "'; this call takes "
                            + allowed.stream().sorted().toList());
                }
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw ApiException.badRequest("field '" + name + "' must be a string");
                }
                String value = p.getText();
                if (value.length() > MAX_VALUE) {
                    throw ApiException.badRequest("field '" + name + "' is longer than " + MAX_VALUE + " characters");
                }
                if (out.put(name, value) != null) {
                    throw ApiException.badRequest("field '" + name + "' is given more than once");
                }
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("the request body has more after its JSON object");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
        return out;
    }
}
