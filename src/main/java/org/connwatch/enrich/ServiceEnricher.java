package org.connwatch.enrich;

import java.util.Objects;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * Names the service of a connection from its service port: the local port of a listener or an
 * inbound connection, the remote port otherwise.
 *
 * <p>When the direction is unknown, the one port the registry knows is used, or the lower one
 * when it knows both. A name a source has already set (one that looked at the traffic) is kept.
 */
public final class ServiceEnricher implements Enricher {
    private final ServiceRegistry registry;

    public ServiceEnricher(ServiceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Connection enrich(Connection c) {
        if (c.enrichment().serviceName() != null) {
            return c;
        }
        String name = serviceName(c);
        return name == null ? c : c.withEnrichment(c.enrichment().withServiceName(name));
    }

    private String serviceName(Connection c) {
        Transport t = c.transport();
        int local = c.local().port();
        int remote = c.remote().port();
        return switch (c.direction()) {
            case LISTENING, INBOUND -> lookup(t, local);
            case OUTBOUND, INTERNAL, EXTERNAL -> lookup(t, remote);
            case UNKNOWN -> {
                String localName = lookup(t, local);
                String remoteName = lookup(t, remote);
                if (localName == null || remoteName == null) {
                    yield localName == null ? remoteName : localName;
                }
                yield local <= remote ? localName : remoteName;
            }
        };
    }

    private String lookup(Transport t, int port) {
        return port == 0 ? null : registry.name(t, port).orElse(null);
    }
}
