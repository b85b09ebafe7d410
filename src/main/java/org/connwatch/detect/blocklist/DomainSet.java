package org.connwatch.detect.blocklist;

import java.util.HashMap;
import java.util.Map;

/**
 * Blocked domains in two hash maps (name to source): names that block their subdomains too, and
 * names that block only themselves (hosts files). A lookup walks up the name's suffixes, so the
 * most specific entry answers. The first source to list a name keeps it.
 */
final class DomainSet {
    private final Map<String, Integer> withSubdomains;
    private final Map<String, Integer> exact;

    DomainSet() {
        this(new HashMap<>(), new HashMap<>());
    }

    private DomainSet(Map<String, Integer> withSubdomains, Map<String, Integer> exact) {
        this.withSubdomains = withSubdomains;
        this.exact = exact;
    }

    /** Adds a normalized name; used only while building. */
    void add(String name, boolean subdomains, int source) {
        (subdomains ? withSubdomains : exact).putIfAbsent(name, source);
    }

    /** A copy that no one can change (the maps are never handed out). */
    DomainSet frozen() {
        return new DomainSet(Map.copyOf(withSubdomains), Map.copyOf(exact));
    }

    int size() {
        return withSubdomains.size() + exact.size();
    }

    /** The entry that blocks this normalized name, or null. */
    Hit find(String name) {
        Integer own = withSubdomains.get(name);
        if (own == null) {
            own = exact.get(name);
        }
        if (own != null) {
            return new Hit(name, own);
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            String parent = name.substring(dot + 1);
            Integer source = withSubdomains.get(parent);
            if (source != null) {
                return new Hit(parent, source);
            }
        }
        return null;
    }

    /** A blocked name and the source that lists it. */
    record Hit(String entry, int source) {
    }
}
