package org.connwatch.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Helpers for the policy tests: loading text, and crafting connections. */
final class Policies {
    static final ServiceRegistry SERVICES = ServiceRegistry.bundled();
    static final PolicyLoader LOADER = new PolicyLoader(SERVICES);
    static final Path FILE = Path.of("policy.yaml");

    private Policies() {
    }

    static Policy parse(String yaml) throws PolicyException {
        return LOADER.parse(yaml, FILE);
    }

    static String resource(String name) {
        try (InputStream in = Policies.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    /** An outbound TCP connection, last seen at the given UTC instant. */
    static Connection outbound(String local, String remote, int port) {
        return connection(Transport.TCP, Direction.OUTBOUND, Endpoint.of(local, 40000), Endpoint.of(remote, port),
                "2025-06-01T12:00:00Z");
    }

    static Connection connection(Transport t, Direction d, Endpoint local, Endpoint remote, String lastSeen) {
        Instant at = Instant.parse(lastSeen);
        return new Connection(ObserverType.SOCKET, t, d == Direction.LISTENING ? ConnectionState.LISTEN
                : ConnectionState.ESTABLISHED, local, remote, d, Traffic.UNKNOWN, at, at, null, null, Enrichment.NONE);
    }

    static ProcessInfo process(String name, String exe, String user, String sha) {
        return new ProcessInfo(4242, 1, name, exe, false, name, 1000, user, null, sha);
    }
}
