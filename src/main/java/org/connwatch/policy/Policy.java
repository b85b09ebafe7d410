package org.connwatch.policy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, valid policy: the inventory of hosts, what each role may do, the rules in evaluation order,
 * and the detectors' settings. Build a {@link PolicyEvaluator} to apply it to connections.
 *
 * @param source      the file it was read from, null for the built-in defaults
 * @param inventory   the named hosts, in file order
 * @param roles       every role by name: the built-in ones, as overridden, and the file's own
 * @param defaultRole the role of a host the inventory does not name
 * @param rules       the rules, in file order (the first that matches wins)
 * @param detectors   the detectors' settings
 */
public record Policy(Path source, List<InventoryEntry> inventory, Map<String, Role> roles, String defaultRole,
                     List<Rule> rules, DetectorSettings detectors) {

    public Policy {
        inventory = List.copyOf(inventory);
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        rules = List.copyOf(rules);
        Objects.requireNonNull(detectors, "detectors");
        if (!roles.containsKey(defaultRole)) {
            throw new IllegalArgumentException("the default role " + defaultRole + " is not defined");
        }
        for (InventoryEntry e : inventory) {
            if (!roles.containsKey(e.role())) {
                throw new IllegalArgumentException("host " + e.name() + " has the undefined role " + e.role());
            }
        }
    }

    /** No file: no inventory, the built-in roles, no rules, every detector with its defaults. */
    public static Policy defaults() {
        return new Policy(null, List.of(), BuiltinRoles.all(), BuiltinRoles.UNKNOWN, List.of(),
                DetectorSettings.defaults());
    }

    /** The file it was read from, empty for the built-in defaults. */
    public Optional<Path> sourceFile() {
        return Optional.ofNullable(source);
    }

    /** The role with this name. */
    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }
}
