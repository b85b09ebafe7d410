package org.connwatch.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/** The closing line of the table: how many sockets, by direction, and how many without a known program. */
final class Summary {
    private Summary() {
    }

    static String of(List<Connection> shown) {
        Map<Direction, Long> byDirection = new EnumMap<>(Direction.class);
        long unknown = 0;
        for (Connection c : shown) {
            byDirection.merge(c.direction(), 1L, Long::sum);
            unknown += c.process() == null ? 1 : 0;
        }
        String parts = byDirection.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        return shown.size() + (shown.size() == 1 ? " socket" : " sockets")
                + (parts.isEmpty() ? "" : ": " + parts)
                + (unknown > 0 ? "; " + unknown + " without a known program" : "");
    }
}
