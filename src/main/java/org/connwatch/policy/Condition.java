package org.connwatch.policy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;

/**
 * One condition of a rule: a field and the values it may have (any one is enough). A connection that
 * does not carry the field (no process known, no domain looked up) never meets the condition.
 */
public sealed interface Condition {

    /** What a condition needs to know beyond the connection. */
    interface Context {
        /** The role of the connection's local host. */
        Role roleOf(Connection c);

        /** The time zone of the {@code time} condition. */
        ZoneId zone();
    }

    /** The field this condition tests. */
    RuleField field();

    /** True when the connection meets the condition. */
    boolean matches(Connection c, Context context);

    /** The values as written, joined for display. */
    String values();

    /** Patterns with {@code *} and {@code ?}: program name, executable, user name, remote domain. */
    record Globs(RuleField field, List<Glob> patterns) implements Condition {
        public Globs {
            patterns = List.copyOf(patterns);
        }

        @Override
        public boolean matches(Connection c, Context context) {
            return field.text(c, context).map(v -> patterns.stream().anyMatch(p -> p.matches(v))).orElse(false);
        }

        @Override
        public String values() {
            return join(patterns);
        }
    }

    /** Exact words, compared without regard to case: direction, transport, service, role, hash. */
    record Words(RuleField field, List<String> words) implements Condition {
        public Words {
            words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public boolean matches(Connection c, Context context) {
            return field.text(c, context).map(v -> words.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
        }

        @Override
        public String values() {
            return join(words);
        }
    }

    /** Addresses or address blocks. */
    record Addresses(RuleField field, List<Cidr> blocks) implements Condition {
        public Addresses {
            blocks = List.copyOf(blocks);
        }

        @Override
        public boolean matches(Connection c, Context context) {
            return field.address(c).map(a -> blocks.stream().anyMatch(b -> b.contains(a))).orElse(false);
        }

        @Override
        public String values() {
            return join(blocks);
        }
    }

    /** Ports or port ranges. */
    record Ports(RuleField field, List<PortRange> ranges) implements Condition {
        public Ports {
            ranges = List.copyOf(ranges);
        }

        @Override
        public boolean matches(Connection c, Context context) {
            var port = field.port(c);
            return port.isPresent() && ranges.stream().anyMatch(r -> r.contains(port.getAsInt()));
        }

        @Override
        public String values() {
            return join(ranges);
        }
    }

    /** Windows of local time, tested against when the connection was last seen. */
    record Times(List<TimeWindow> windows) implements Condition {
        public Times {
            windows = List.copyOf(windows);
        }

        @Override
        public RuleField field() {
            return RuleField.TIME;
        }

        @Override
        public boolean matches(Connection c, Context context) {
            LocalTime t = LocalTime.ofInstant(c.lastSeen(), context.zone());
            return windows.stream().anyMatch(w -> w.contains(t));
        }

        @Override
        public String values() {
            return join(windows);
        }
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(" or "));
    }
}
