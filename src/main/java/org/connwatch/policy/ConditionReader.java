package org.connwatch.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.connwatch.records.Cidr;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the values of one rule condition, checking each against the kind of its field. */
final class ConditionReader {
    private final YamlTree tree;
    private final PortSpecs ports;
    private final Map<String, Role> roles;

    ConditionReader(YamlTree tree, PortSpecs ports, Map<String, Role> roles) {
        this.tree = tree;
        this.ports = ports;
        this.roles = roles;
    }

    /** The condition, or empty (with problems recorded) when a value is wrong. */
    Optional<Condition> read(RuleField field, Node node, String path) {
        List<Node> items = tree.list(node, path);
        List<Object> values = new ArrayList<>();
        boolean ok = !items.isEmpty();
        for (Node item : items) {
            Optional<String> text = tree.scalar(item, path);
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            try {
                values.add(value(field, text.get()));
            } catch (IllegalArgumentException e) {
                tree.problem(item, path, e.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(switch (field.kind()) {
            case GLOB -> new Condition.Globs(field, cast(values));
            case WORD -> new Condition.Words(field, cast(values));
            case ADDRESS -> new Condition.Addresses(field, cast(values));
            case PORT -> new Condition.Ports(field, cast(values));
            case TIME -> new Condition.Times(cast(values));
        });
    }

    private Object value(RuleField field, String text) {
        String s = text.strip();
        return switch (field) {
            case REMOTE_DOMAIN -> new Glob(s.endsWith(".") ? s.substring(0, s.length() - 1) : s, true);
            case PROCESS_NAME, PROCESS_EXECUTABLE, USER_NAME -> new Glob(s, false);
            case PROCESS_HASH_SHA256 -> {
                String h = s.toLowerCase(Locale.ROOT);
                if (!h.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("'" + text + "' is not a SHA-256 (64 hex digits)");
                }
                yield h;
            }
            case NETWORK_DIRECTION -> word(s, PolicyReader.directions(), "direction");
            case NETWORK_TRANSPORT -> word(s, PolicyReader.transports(), "transport");
            case SERVICE_NAME -> ports.serviceName(s).orElseThrow(() -> new IllegalArgumentException("'" + text
                    + "' is not a service name the port registry knows (such as https, ssh, domain)"));
            case HOST_ROLE -> word(s, List.copyOf(roles.keySet()), "role");
            case LOCAL_IP, REMOTE_IP, SOURCE_IP, DESTINATION_IP -> Cidr.parse(s);
            case LOCAL_PORT, REMOTE_PORT, SOURCE_PORT, DESTINATION_PORT -> {
                if (!s.isEmpty() && !Character.isDigit(s.charAt(0))) {
                    throw new IllegalArgumentException("'" + text + "' is not a port or port range (N or N-M); "
                            + "to match a service by name use service.name");
                }
                yield PortRange.parse(s);
            }
            case TIME -> TimeWindow.parse(s);
        };
    }

    private static String word(String text, List<String> allowed, String what) {
        String w = text.toLowerCase(Locale.ROOT);
        if (!allowed.contains(w)) {
            throw new IllegalArgumentException("unknown " + what + " '" + text + "'" + Suggestions.hint(text, allowed)
                    + " (use " + String.join(", ", allowed) + ")");
        }
        return w;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<Object> values) {
        return (List<T>) (List<?>) values;
    }
}
