package org.connwatch.records;

/**
 * What the enrichers added to a connection. Every field is null until an enricher fills it.
 *
 * @param serviceName  the service of the destination port, from the port registry ({@code service.name})
 * @param remoteClass  what kind of address the remote end has
 * @param remoteDomain a name for the remote address: looked up by the client, or reverse DNS
 *                     ({@code destination.domain} for outbound connections)
 * @param owner        who owns the remote address (ASN, organisation, country), from the IP databases
 */
public record Enrichment(String serviceName, AddressClass remoteClass, String remoteDomain, Owner owner) {

    /** Nothing added yet. */
    public static final Enrichment NONE = new Enrichment(null, null, null, null);

    /** Without an owner. */
    public Enrichment(String serviceName, AddressClass remoteClass, String remoteDomain) {
        this(serviceName, remoteClass, remoteDomain, null);
    }

    public Enrichment withServiceName(String name) {
        return new Enrichment(name, remoteClass, remoteDomain, owner);
    }

    public Enrichment withRemoteClass(AddressClass cls) {
        return new Enrichment(serviceName, cls, remoteDomain, owner);
    }

    public Enrichment withRemoteDomain(String domain) {
        return new Enrichment(serviceName, remoteClass, domain, owner);
    }

    public Enrichment withOwner(Owner o) {
        return new Enrichment(serviceName, remoteClass, remoteDomain, o);
    }
}
