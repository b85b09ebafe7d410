package org.connwatch.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named host or group of hosts with its role.
 *
 * @param name     its name, unique in the policy
 * @param role     the name of its role
 * @param matchers how to recognise it: any one matching is enough
 */
public record InventoryEntry(String name, String role, List<HostMatcher> matchers) {

    public InventoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        matchers = List.copyOf(matchers);
    }

    /** The longest prefix among its address blocks that contains the address, or empty when none does. */
    public Optional<Integer> prefixFor(InetAddress address) {
        return matchers.stream()
                .filter(m -> m instanceof HostMatcher.Address a && a.block().contains(address))
                .map(m -> ((HostMatcher.Address) m).block().prefixLength())
                .max(Integer::compare);
    }

    /** True when one of its address blocks contains the address. */
    public boolean hasAddress(InetAddress address) {
        return prefixFor(address).isPresent();
    }

    /** True when one of its MAC addresses is this one (any usual notation). */
    public boolean hasMac(String mac) {
        return matchers.stream().anyMatch(m -> m instanceof HostMatcher.Mac x && x.matches(mac));
    }

    /** True when one of its host names matches this name. */
    public boolean hasHostName(String hostName) {
        return matchers.stream().anyMatch(m -> m instanceof HostMatcher.HostName h && h.matches(hostName));
    }
}
