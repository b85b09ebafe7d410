package org.connwatch.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * The closing line of the table: how many sockets (or captured flows), by direction, and how many
 * without a known program (said only of sockets: a captured flow never has one).
 */
final class Summary {
    private Summary() {
    }

    static String of(List<Connection> shown) {
        return of(shown, "socket");
    }

    /** The line for rows that are {@code noun}s: {@code "socket"}, or {@code "flow"} (no program count). */
    static String of(List<Connection> shown, String noun) {
        Map<Direction, Long> byDirection = new EnumMap<>(Direction.class);
        long unknown = 0;
        for (Connection c : shown) {
            byDirection.merge(c.direction(), 1L, Long::sum);
            unknown += c.process() == null ? 1 : 0;
        }
        String parts = byDirection.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        boolean sockets = noun.equals("socket");
        return shown.size() + " " + noun + (shown.size() == 1 ? "" : "s")
                + (parts.isEmpty() ? "" : ": " + parts)
                + (sockets && unknown > 0 ? "; " + unknown + " without a known program" : "");
    }
}
