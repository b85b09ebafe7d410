package org.connwatch.enrich;

import java.util.Objects;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Owner;

/**
 * Sets {@code enrichment.owner} (ASN, organisation, country) of the remote address from an {@link OwnerLookup}.
 * Runs after {@link AddressClassEnricher}: addresses that never belong to anyone on a network (wildcards,
 * loopback, link-local, multicast, broadcast) are not looked up; private ranges are, since a user's own
 * range file may name them.
 */
public final class OwnerEnricher implements Enricher {
    private final OwnerLookup lookup;

    public OwnerEnricher(OwnerLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public Connection enrich(Connection c) {
        if (c.remote().isWildcard() || !worthLooking(c.enrichment().remoteClass())) {
            return c;
        }
        Owner owner = lookup.owner(c.remote().address());
        if (owner == null || owner.isEmpty() || owner.equals(c.enrichment().owner())) {
            return c;
        }
        return c.withEnrichment(c.enrichment().withOwner(owner));
    }

    private static boolean worthLooking(AddressClass cls) {
        return cls == null || switch (cls) {
            case UNSPECIFIED, LOOPBACK, LINK_LOCAL, MULTICAST, BROADCAST -> false;
            case PRIVATE, CGNAT, RESERVED, PUBLIC -> true;
        };
    }
}
