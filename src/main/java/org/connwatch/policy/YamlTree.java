package org.connwatch.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads values out of a composed YAML document, collecting a {@link PolicyProblem} (with the node's line)
 * for every value of the wrong shape instead of stopping at the first.
 */
final class YamlTree {
    /** Most problems reported for one file; beyond it the reader stops. */
    static final int MAX_PROBLEMS = 100;
    /** Most nodes visited in one file (aliases can make a small file visit many). */
    static final int MAX_NODES = 200_000;

    /** Thrown to stop reading a file that has too many problems or nodes; the problems so far are kept. */
    static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }

    /** A mapping's entries: the value node and the key node (for the line of a key) by key text. */
    record Entry(Node key, Node value) {
    }

    private final Path file;
    private final List<PolicyProblem> problems = new ArrayList<>();
    private int visited;

    YamlTree(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    List<PolicyProblem> problems() {
        return List.copyOf(problems);
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    void problem(int line, String field, String message) {
        if (problems.size() >= MAX_PROBLEMS) {
            problems.add(new PolicyProblem(file, line, null, "too many problems; stopped reading here"));
            throw new Abort();
        }
        problems.add(new PolicyProblem(file, line, field, message));
    }

    void problem(Node node, String field, String message) {
        problem(line(node), field, message);
    }

    /**
     * The entries of a mapping, with every key checked against the allowed ones (an unknown key is a
     * problem, with a hint for a near miss); empty when the node is not a mapping.
     */
    Optional<Map<String, Entry>> mapping(Node node, String field, Collection<String> allowed) {
        count();
        if (!(node instanceof MappingNode m)) {
            problem(node, field, "must be a mapping of keys to values, not " + describe(node));
            return Optional.empty();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            count();
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                problem(t.getKeyNode(), field, "keys must be plain words, not " + describe(t.getKeyNode()));
                continue;
            }
            String key = k.getValue();
            String path = join(field, key);
            if (allowed != null && !allowed.contains(key)) {
                problem(k, path, "unknown key" + Suggestions.hint(key, allowed)
                        + " (allowed: " + String.join(", ", allowed) + ")");
                continue;
            }
            Entry earlier = entries.putIfAbsent(key, new Entry(k, t.getValueNode()));
            if (earlier != null) {
                problem(k, path, "given twice (first on line " + line(earlier.key()) + ")");
            }
        }
        return Optional.of(entries);
    }

    /** The text of a single value; empty (with a problem) for a list, a mapping or a missing value. */
    Optional<String> scalar(Node node, String field) {
        count();
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        problem(node, field, node instanceof ScalarNode ? "has no value" : "must be a single value, not "
                + describe(node));
        return Optional.empty();
    }

    /** The items of a list; a single value counts as a list of one. Empty list (with a problem) for a mapping. */
    List<Node> list(Node node, String field) {
        count();
        return switch (node) {
            case SequenceNode s -> {
                if (s.getValue().isEmpty()) {
                    problem(node, field, "the list is empty; give at least one value or leave the key out");
                }
                yield s.getValue();
            }
            case ScalarNode s when !s.getTag().equals(Tag.NULL) -> List.of(node);
            default -> {
                problem(node, field, "must be a value or a list of values, not " + describe(node));
                yield List.of();
            }
        };
    }

    /** True or false, written as {@code true}/{@code false} (also yes/no, on/off). */
    Optional<Boolean> bool(Node node, String field) {
        return scalar(node, field).flatMap(s -> {
            Optional<Boolean> b = parseBool(s);
            if (b.isEmpty()) {
                problem(node, field, "must be true or false, not '" + s + "'");
            }
            return b;
        });
    }

    static Optional<Boolean> parseBool(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** True when the node is a single value that reads as true or false. */
    static boolean isBool(Node node) {
        return node instanceof ScalarNode s && parseBool(s.getValue()).isPresent();
    }

    /** A field path: {@code rules[2]} + {@code action} is {@code rules[2].action}. */
    static String join(String field, String key) {
        return field == null || field.isEmpty() ? key : field + "." + key;
    }

    static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "an empty value";
            case ScalarNode s -> "'" + s.getValue() + "'";
            default -> "a " + node.getNodeType();
        };
    }

    private void count() {
        if (++visited > MAX_NODES) {
            problems.add(new PolicyProblem(file, 0, null, "the file has more than " + MAX_NODES
                    + " values (after aliases are expanded); refused"));
            throw new Abort();
        }
    }
}
