package org.connwatch.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.connwatch.records.Cidr;
import org.connwatch.records.Direction;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.Transport;
import org.snakeyaml.engine.v2.nodes.Node;

/** Turns a composed policy document into a {@link Policy}, collecting every mistake in it. */
final class PolicyReader {
    private static final List<String> TOP = List.of("version", "default-role", "inventory", "roles", "rules",
            "detectors");
    private static final List<String> HOST_KEYS = List.of("name", "role", "ip", "cidr", "mac", "hostname",
            "description");
    private static final List<String> ROLE_KEYS = List.of("extends", "outbound", "inbound", "sends-mail",
            "description");
    private static final List<String> RULE_KEYS = List.of("id", "action", "match", "reason");
    private static final String NAME = "[a-z0-9][a-z0-9_-]*";

    private final YamlTree tree;
    private final PortSpecs ports;

    PolicyReader(YamlTree tree, PortSpecs ports) {
        this.tree = tree;
        this.ports = ports;
    }

    /** The policy, or null when the document had problems (they are in the tree). */
    Policy read(Node root) {
        if (root == null) {
            return emptyPolicy();
        }
        Optional<Map<String, YamlTree.Entry>> top = tree.mapping(root, "", TOP);
        if (top.isEmpty()) {
            return null;
        }
        Map<String, YamlTree.Entry> doc = top.get();
        entry(doc, "version").ifPresent(v -> tree.scalar(v, "version").ifPresent(s -> {
            if (!s.strip().equals("1")) {
                tree.problem(v, "version", "unsupported version '" + s + "'; this connwatch reads version 1");
            }
        }));
        Map<String, Role> roles = entry(doc, "roles").map(this::roles).orElseGet(BuiltinRoles::all);
        String defaultRole = entry(doc, "default-role")
                .flatMap(n -> tree.scalar(n, "default-role").map(s -> roleName(n, "default-role", s, roles)))
                .orElse(BuiltinRoles.UNKNOWN);
        List<InventoryEntry> inventory = entry(doc, "inventory").map(n -> inventory(n, roles)).orElse(List.of());
        List<Rule> rules = entry(doc, "rules").map(n -> rules(n, roles)).orElse(List.of());
        DetectorSettings detectors = entry(doc, "detectors")
                .map(n -> new DetectorsReader(tree, ports).read(n)).orElseGet(DetectorSettings::defaults);
        if (!tree.problems().isEmpty()) {
            return null;
        }
        return new Policy(tree.file(), inventory, roles, defaultRole == null ? BuiltinRoles.UNKNOWN : defaultRole,
                rules, detectors);
    }

    private Policy emptyPolicy() {
        Policy d = Policy.defaults();
        return new Policy(tree.file(), d.inventory(), d.roles(), d.defaultRole(), d.rules(), d.detectors());
    }

    private static Optional<Node> entry(Map<String, YamlTree.Entry> map, String key) {
        return Optional.ofNullable(map.get(key)).map(YamlTree.Entry::value);
    }

    // ---- roles

    private Map<String, Role> roles(Node node) {
        Map<String, Role> roles = new LinkedHashMap<>(BuiltinRoles.all());
        tree.mapping(node, "roles", null).ifPresent(map -> map.forEach((name, e) -> {
            String field = "roles." + name;
            if (!name.matches(NAME)) {
                tree.problem(e.key(), field, "a role name must be lower-case letters, digits, '-' or '_'");
                return;
            }
            tree.mapping(e.value(), field, ROLE_KEYS).ifPresent(keys -> role(name, field, keys, roles)
                    .ifPresent(r -> roles.put(name, r)));
        }));
        return roles;
    }

    private Optional<Role> role(String name, String field, Map<String, YamlTree.Entry> keys, Map<String, Role> roles) {
        Role base = roles.getOrDefault(name, new Role(name, PortSet.ANY, PortSet.NONE, false));
        Optional<Node> ext = entry(keys, "extends");
        if (ext.isPresent()) {
            String parent = tree.scalar(ext.get(), field + ".extends").orElse(null);
            if (parent == null) {
                return Optional.empty();
            }
            if (!roles.containsKey(parent) || parent.equals(name) && !BuiltinRoles.all().containsKey(name)) {
                tree.problem(ext.get(), field + ".extends", "unknown role '" + parent + "'"
                        + Suggestions.hint(parent, roles.keySet()) + " (a role can extend a built-in role or one "
                        + "defined above it)");
                return Optional.empty();
            }
            Role p = roles.get(parent);
            base = new Role(name, p.outbound(), p.inbound(), p.sendsMail());
        }
        PortSet outbound = entry(keys, "outbound").map(n -> portSet(n, field + ".outbound")).orElse(base.outbound());
        PortSet inbound = entry(keys, "inbound").map(n -> portSet(n, field + ".inbound")).orElse(base.inbound());
        boolean mail = entry(keys, "sends-mail").flatMap(n -> tree.bool(n, field + ".sends-mail"))
                .orElse(base.sendsMail());
        return Optional.of(new Role(name, outbound, inbound, mail));
    }

    private PortSet portSet(Node node, String field) {
        if (YamlTree.isBool(node)) {
            return tree.bool(node, field).orElse(false) ? PortSet.ANY : PortSet.NONE;
        }
        if (node instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s) {
            String word = s.getValue().strip().toLowerCase(Locale.ROOT);
            if (word.equals("any")) {
                return PortSet.ANY;
            }
            if (word.equals("none")) {
                return PortSet.NONE;
            }
        }
        if (node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode s && s.getValue().isEmpty()) {
            return PortSet.NONE;
        }
        List<PortRange> ranges = new ArrayList<>();
        for (Node item : tree.list(node, field)) {
            tree.scalar(item, field).ifPresent(text -> {
                try {
                    ranges.addAll(ports.parse(text));
                } catch (IllegalArgumentException e) {
                    tree.problem(item, field, e.getMessage());
                }
            });
        }
        return PortSet.of(ranges);
    }

    private String roleName(Node node, String field, String name, Map<String, Role> roles) {
        if (roles.containsKey(name)) {
            return name;
        }
        tree.problem(node, field, "unknown role '" + name + "'" + Suggestions.hint(name, roles.keySet())
                + " (roles: " + String.join(", ", roles.keySet()) + ")");
        return null;
    }

    // ---- inventory

    private List<InventoryEntry> inventory(Node node, Map<String, Role> roles) {
        List<InventoryEntry> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        List<Node> items = tree.list(node, "inventory");
        for (int i = 0; i < items.size(); i++) {
            String field = "inventory[" + (i + 1) + "]";
            Node item = items.get(i);
            tree.mapping(item, field, HOST_KEYS).ifPresent(keys -> host(item, field, keys, roles, lines)
                    .ifPresent(out::add));
        }
        return out;
    }

    private Optional<InventoryEntry> host(Node item, String field, Map<String, YamlTree.Entry> keys,
                                          Map<String, Role> roles, Map<String, Integer> lines) {
        Optional<String> name = required(item, keys, "name", field).flatMap(n -> tree.scalar(n, field + ".name"));
        name.ifPresent(n -> unique(keys.get("name").value(), field + ".name", "host", n, lines));
        Optional<String> role = required(item, keys, "role", field)
                .flatMap(n -> tree.scalar(n, field + ".role").map(s -> roleName(n, field + ".role", s, roles)));
        List<HostMatcher> matchers = new ArrayList<>();
        entry(keys, "ip").ifPresent(n -> each(n, field + ".ip", s -> {
            if (s.contains("/")) {
                throw new IllegalArgumentException("'" + s + "' is an address block; put it under cidr");
            }
            return new HostMatcher.Address("ip", Cidr.parse(IpAddresses.format(IpAddresses.parse(s))));
        }, matchers));
        entry(keys, "cidr").ifPresent(n -> each(n, field + ".cidr", s -> new HostMatcher.Address("cidr",
                Cidr.parse(s)), matchers));
        entry(keys, "mac").ifPresent(n -> each(n, field + ".mac", HostMatcher.Mac::new, matchers));
        entry(keys, "hostname").ifPresent(n -> each(n, field + ".hostname",
                s -> new HostMatcher.HostName(new Glob(s, true)), matchers));
        if (!keys.containsKey("ip") && !keys.containsKey("cidr") && !keys.containsKey("mac")
                && !keys.containsKey("hostname")) {
            tree.problem(item, field, "a host needs at least one of ip, cidr, mac or hostname");
        }
        if (name.isEmpty() || role.isEmpty() || role.get() == null || matchers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InventoryEntry(name.get(), role.get(), matchers));
    }

    // ---- rules

    private List<Rule> rules(Node node, Map<String, Role> roles) {
        List<Rule> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        List<Node> items = tree.list(node, "rules");
        for (int i = 0; i < items.size(); i++) {
            String field = "rules[" + (i + 1) + "]";
            Node item = items.get(i);
            tree.mapping(item, field, RULE_KEYS).ifPresent(keys -> rule(item, field, keys, roles, lines)
                    .ifPresent(out::add));
        }
        return out;
    }

    private Optional<Rule> rule(Node item, String field, Map<String, YamlTree.Entry> keys, Map<String, Role> roles,
                                Map<String, Integer> lines) {
        Optional<String> id = required(item, keys, "id", field).flatMap(n -> tree.scalar(n, field + ".id")
                .filter(s -> {
                    boolean ok = s.matches("[a-z0-9][a-z0-9-]*") && s.length() <= 64;
                    if (!ok) {
                        tree.problem(n, field + ".id", "'" + s + "' is not a rule id: use lower-case letters, "
                                + "digits and '-' (at most 64)");
                    }
                    return ok;
                }));
        id.ifPresent(s -> unique(keys.get("id").value(), field + ".id", "rule", s, lines));
        List<String> actions = Arrays.stream(Action.values()).map(Action::label).toList();
        Optional<Action> action = required(item, keys, "action", field)
                .flatMap(n -> tree.scalar(n, field + ".action").flatMap(s -> {
                    String a = s.strip().toLowerCase(Locale.ROOT);
                    if (actions.contains(a)) {
                        return Optional.of(Action.valueOf(a.toUpperCase(Locale.ROOT)));
                    }
                    tree.problem(n, field + ".action", "unknown action '" + s + "'" + Suggestions.hint(s, actions)
                            + " (use allow, alert or deny)");
                    return Optional.empty();
                }));
        String reason = entry(keys, "reason").flatMap(n -> tree.scalar(n, field + ".reason")).orElse(null);
        List<Condition> conditions = new ArrayList<>();
        boolean conditionsOk = required(item, keys, "match", field)
                .flatMap(n -> tree.mapping(n, field + ".match", RuleField.names()).map(m -> {
                    if (m.isEmpty()) {
                        tree.problem(n, field + ".match", "a rule needs at least one condition");
                        return false;
                    }
                    boolean ok = true;
                    for (var e : m.entrySet()) {
                        Optional<Condition> c = new ConditionReader(tree, ports, roles)
                                .read(RuleField.byName(e.getKey()).orElseThrow(), e.getValue().value(),
                                        field + ".match." + e.getKey());
                        c.ifPresent(conditions::add);
                        ok &= c.isPresent();
                    }
                    return ok;
                })).orElse(false);
        if (id.isEmpty() || action.isEmpty() || !conditionsOk) {
            return Optional.empty();
        }
        return Optional.of(new Rule(id.get(), action.get(), conditions, reason, YamlTree.line(item)));
    }

    // ---- shared

    private Optional<Node> required(Node item, Map<String, YamlTree.Entry> keys, String key, String field) {
        Optional<Node> n = entry(keys, key);
        if (n.isEmpty()) {
            tree.problem(item, YamlTree.join(field, key), "missing; every entry needs one");
        }
        return n;
    }

    private void unique(Node node, String field, String what, String name, Map<String, Integer> lines) {
        Integer first = lines.putIfAbsent(name, YamlTree.line(node));
        if (first != null) {
            tree.problem(node, field, "the " + what + " '" + name + "' is already defined on line " + first);
        }
    }

    private <T> void each(Node node, String field, Function<String, T> parse, List<? super T> out) {
        for (Node item : tree.list(node, field)) {
            tree.scalar(item, field).ifPresent(s -> {
                try {
                    out.add(parse.apply(s));
                } catch (IllegalArgumentException e) {
                    tree.problem(item, field, e.getMessage());
                }
            });
        }
    }

    static List<String> directions() {
        return Arrays.stream(Direction.values()).map(Direction::label).toList();
    }

    static List<String> transports() {
        return Arrays.stream(Transport.values()).map(Transport::label).toList();
    }
}
