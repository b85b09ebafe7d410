package org.connwatch.present.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One route of the REST API: its method, its path in Javalin's syntax ({@code /api/findings/{id}}),
 * and its handler. Every route is documented in {@code openapi.json} (a test checks both ways).
 */
record ApiRoute(HandlerType method, String path, Handler handler) {

    ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    static ApiRoute get(String path, Handler handler) {
        return new ApiRoute(HandlerType.GET, path, handler);
    }

    static ApiRoute post(String path, Handler handler) {
        return new ApiRoute(HandlerType.POST, path, handler);
    }
}
