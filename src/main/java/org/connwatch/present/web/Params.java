package org.connwatch.present.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.connwatch.present.SafeText;

/**
 * The query parameters of one API request, read strictly: an unknown parameter, a repeated one, a
 * value that does not parse or lies outside its bounds is a 400 with a one-line message naming it.
 * One instance per request.
 */
final class Params {
    /** The longest text parameter accepted. */
    static final int MAX_TEXT = 256;
    /** The most items in a list parameter. */
    static final int MAX_ITEMS = 64;

    private final Context ctx;

    /** Reads the request's parameters, refusing any not in {@code allowed}. */
    Params(Context ctx, Set<String> allowed) {
        this.ctx = ctx;
        for (var e : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw ApiException.badRequest("unknown parameter '" + cut(e.getKey()) + "'; this call takes "
                        + allowed.stream().sorted().toList());
            }
            if (e.getValue().size() > 1) {
                throw ApiException.badRequest("parameter '" + e.getKey() + "' is given more than once");
            }
        }
    }

    /** The raw value, null when absent or empty. */
    String text(String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > MAX_TEXT) {
            throw ApiException.badRequest("parameter '" + name + "' is longer than " + MAX_TEXT + " characters");
        }
        return v.strip();
    }

    /** A comma-separated list, empty when absent. */
    List<String> list(String name) {
        String v = text(name);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.size() > MAX_ITEMS) {
            throw ApiException.badRequest("parameter '" + name + "' has more than " + MAX_ITEMS + " items");
        }
        return out;
    }

    /** true/false (also 1/0, yes/no); {@code absent} when not given. */
    boolean bool(String name, boolean absent) {
        String v = text(name);
        return v == null ? absent : bool(name, v);
    }

    /** {@code v} as true or false. */
    static boolean bool(String name, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("parameter '" + name + "' must be true or false: " + cut(v));
        };
    }

    /** A whole number within [min, max]; {@code absent} when not given. */
    int integer(String name, int absent, int min, int max) {
        String v = text(name);
        return v == null ? absent : integer(name, v, min, max);
    }

    /** {@code v} as a whole number within [min, max]. */
    static int integer(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a whole number within " + min + ".." + max
                + ": " + cut(v));
    }

    /** An ISO-8601 instant ({@code 2025-06-01T12:00:00Z}); {@code absent} when not given. */
    Instant instant(String name, Instant absent) {
        String v = text(name);
        return v == null ? absent : instant(name, v);
    }

    /** {@code v} as an ISO-8601 instant. */
    static Instant instant(String name, String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an ISO-8601 time such as "
                    + "2025-06-01T12:00:00Z: " + cut(v));
        }
    }

    /**
     * A duration: a number with a unit ({@code 90s}, {@code 5m}, {@code 1h}, {@code 7d}) or ISO-8601
     * ({@code PT5M}); null when not given.
     */
    Duration duration(String name) {
        String v = text(name);
        return v == null ? null : duration(name, v);
    }

    /** {@code v} as a duration ({@code 90s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601). */
    static Duration duration(String name, String v) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            if (n >= 0 && n <= 100_000_000L) {
                switch (v.charAt(v.length() - 1)) {
                    case 's': return Duration.ofSeconds(n);
                    case 'm': return Duration.ofMinutes(n);
                    case 'h': return Duration.ofHours(n);
                    case 'd': return Duration.ofDays(n);
                    default: break;
                }
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a duration such as 30s, 5m, 1h or 7d: "
                + cut(v));
    }

    /**
     * The time window of {@code from} and {@code to}: {@code to} defaults to now, {@code from} to
     * {@code to} minus {@code span}; the window must not be empty nor longer than {@code longest}.
     */
    Window window(Instant now, Duration span, Duration longest) {
        Instant to = instant("to", now);
        Instant from = instant("from", to.minus(span));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("the time window is empty: from " + from + " is not before to " + to);
        }
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw ApiException.badRequest("the time window is longer than " + longest.toDays() + " days");
        }
        return new Window(from, to);
    }

    /** A positive id from the path. */
    long id(String name) {
        String v = ctx.pathParam(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("'" + cut(v) + "' is not an id (a positive whole number)");
    }

    /** A bad value for a message: control characters escaped, at most 40 characters, so it stays one line. */
    static String cut(String v) {
        return SafeText.terminal(v, 40);
    }

    /** A time window [from, to). */
    record Window(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }
}
