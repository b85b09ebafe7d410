package org.connwatch.policy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.connwatch.records.Connection;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;

/** A field a rule can match on, by its dotted export name, and how to read it from a connection. */
public enum RuleField {
    PROCESS_NAME("process.name", Kind.GLOB),
    PROCESS_EXECUTABLE("process.executable", Kind.GLOB),
    PROCESS_HASH_SHA256("process.hash.sha256", Kind.WORD),
    USER_NAME("user.name", Kind.GLOB),
    NETWORK_DIRECTION("network.direction", Kind.WORD),
    NETWORK_TRANSPORT("network.transport", Kind.WORD),
    LOCAL_IP("local.ip", Kind.ADDRESS),
    REMOTE_IP("remote.ip", Kind.ADDRESS),
    SOURCE_IP("source.ip", Kind.ADDRESS),
    DESTINATION_IP("destination.ip", Kind.ADDRESS),
    LOCAL_PORT("local.port", Kind.PORT),
    REMOTE_PORT("remote.port", Kind.PORT),
    SOURCE_PORT("source.port", Kind.PORT),
    DESTINATION_PORT("destination.port", Kind.PORT),
    SERVICE_NAME("service.name", Kind.WORD),
    REMOTE_DOMAIN("remote.domain", Kind.GLOB),
    HOST_ROLE("host.role", Kind.WORD),
    TIME("time", Kind.TIME);

    /** What kind of values a field takes. */
    public enum Kind { GLOB, WORD, ADDRESS, PORT, TIME }

    private final String dotted;
    private final Kind kind;

    RuleField(String dotted, Kind kind) {
        this.dotted = dotted;
        this.kind = kind;
    }

    /** The dotted name used in policy files and exports. */
    public String dotted() {
        return dotted;
    }

    public Kind kind() {
        return kind;
    }

    /** The field with this dotted name. */
    public static Optional<RuleField> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.dotted.equals(name)).findFirst();
    }

    /** Every dotted name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(RuleField::dotted).toList();
    }

    /** The text value of a GLOB or WORD field; empty when the connection does not carry it. */
    Optional<String> text(Connection c, Condition.Context context) {
        Optional<ProcessInfo> p = c.processInfo();
        return switch (this) {
            case PROCESS_NAME -> p.map(ProcessInfo::name);
            case PROCESS_EXECUTABLE -> p.map(ProcessInfo::executable);
            case PROCESS_HASH_SHA256 -> p.map(ProcessInfo::sha256);
            case USER_NAME -> p.map(ProcessInfo::userName);
            case NETWORK_DIRECTION -> Optional.of(c.direction().label());
            case NETWORK_TRANSPORT -> Optional.of(c.transport().label());
            case SERVICE_NAME -> Optional.ofNullable(c.enrichment().serviceName()).map(PortSpecs::canonical);
            case REMOTE_DOMAIN -> Optional.ofNullable(c.enrichment().remoteDomain())
                    .map(d -> d.endsWith(".") ? d.substring(0, d.length() - 1) : d);
            case HOST_ROLE -> Optional.of(context.roleOf(c).name());
            default -> Optional.empty();
        };
    }

    /** The address of an ADDRESS field; empty for the wildcard peer of a listener. */
    Optional<InetAddress> address(Connection c) {
        return endpoint(c).map(Endpoint::address);
    }

    /** The port of a PORT field; empty for the wildcard peer of a listener. */
    OptionalInt port(Connection c) {
        return endpoint(c).map(e -> OptionalInt.of(e.port())).orElse(OptionalInt.empty());
    }

    private Optional<Endpoint> endpoint(Connection c) {
        Optional<Endpoint> e = switch (this) {
            case LOCAL_IP, LOCAL_PORT -> Optional.of(c.local());
            case REMOTE_IP, REMOTE_PORT -> Optional.of(c.remote());
            case SOURCE_IP, SOURCE_PORT -> c.source();
            case DESTINATION_IP, DESTINATION_PORT -> Optional.of(c.destination());
            default -> Optional.empty();
        };
        return e.filter(x -> !x.isWildcard());
    }
}
