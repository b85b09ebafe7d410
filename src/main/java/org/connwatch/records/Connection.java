package org.connwatch.records;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection (or flow, or listening socket) as any source sees it: the common record that
 * every source produces and every enricher, detector, store and view works on.
 *
 * <p>Ends are named from the observed host: {@code local} is this machine's end (for a network
 * sensor, the end inside the observed network, or the initiator when both or neither are), and
 * {@code remote} the other end; {@code traffic} is counted from the local end. The ECS
 * {@code source} (the initiator) and {@code destination} follow from the direction: see
 * {@link #source()} and {@link #destination()}.
 *
 * @param observer   which kind of source saw it ({@code observer.type})
 * @param transport  tcp, udp ... ({@code network.transport})
 * @param state      the TCP state, or UNCONN/ESTABLISHED for UDP ({@code tcp.state})
 * @param local      this end
 * @param remote     the other end; the wildcard {@code *:*} for a listener
 * @param direction  listening, inbound, outbound ...; UNKNOWN until worked out
 * @param traffic    bytes and packets each way, counted from the local end
 * @param firstSeen  when it was first seen ({@code event.start})
 * @param lastSeen   when it was last seen ({@code event.end})
 * @param process    the program behind it, null when unknown
 * @param socket     socket-level details, null for sources that see no sockets
 * @param enrichment what the enrichers added
 * @param flow       what a packet source saw of the flow (MACs, devices, names asked for, TCP flags);
 *                   null for sources that see no packets
 */
public record Connection(ObserverType observer, Transport transport, ConnectionState state, Endpoint local,
                         Endpoint remote, Direction direction, Traffic traffic, Instant firstSeen, Instant lastSeen,
                         ProcessInfo process, SocketDetails socket, Enrichment enrichment, FlowDetails flow) {

    public Connection {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(enrichment, "enrichment");
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("lastSeen " + lastSeen + " is before firstSeen " + firstSeen);
        }
    }

    /** A record from a source that sees no packets (sockets, conn.log, NetFlow ...). */
    public Connection(ObserverType observer, Transport transport, ConnectionState state, Endpoint local,
                      Endpoint remote, Direction direction, Traffic traffic, Instant firstSeen, Instant lastSeen,
                      ProcessInfo process, SocketDetails socket, Enrichment enrichment) {
        this(observer, transport, state, local, remote, direction, traffic, firstSeen, lastSeen, process, socket,
                enrichment, null);
    }

    /** What a packet source saw of the flow, when known. */
    public Optional<FlowDetails> flowDetails() {
        return Optional.ofNullable(flow);
    }

    /** The process, when known. */
    public Optional<ProcessInfo> processInfo() {
        return Optional.ofNullable(process);
    }

    /** The ECS {@code source}: the end that initiated; empty for a listener, which has no peer. */
    public Optional<Endpoint> source() {
        if (direction == Direction.LISTENING) {
            return Optional.empty();
        }
        return Optional.of(direction.remoteInitiated() ? remote : local);
    }

    /** The ECS {@code destination}: the end that was contacted (for a listener, itself). */
    public Endpoint destination() {
        if (direction == Direction.LISTENING) {
            return local;
        }
        return direction.remoteInitiated() ? local : remote;
    }

    /** Traffic counted from the ECS source's side ({@code source.bytes} = bytes the initiator sent). */
    public Traffic sourceTraffic() {
        return direction.remoteInitiated() ? traffic.reversed() : traffic;
    }

    /** {@code ipv4} or {@code ipv6} ({@code network.type}). */
    public String networkType() {
        return IpAddresses.networkType(local.address());
    }

    /** How long it has been seen ({@code event.duration}). */
    public Duration duration() {
        return Duration.between(firstSeen, lastSeen);
    }

    public Connection withDirection(Direction newDirection) {
        return new Connection(observer, transport, state, local, remote, newDirection, traffic, firstSeen, lastSeen,
                process, socket, enrichment, flow);
    }

    public Connection withProcess(ProcessInfo newProcess) {
        return new Connection(observer, transport, state, local, remote, direction, traffic, firstSeen, lastSeen,
                newProcess, socket, enrichment, flow);
    }

    public Connection withFlow(FlowDetails newFlow) {
        return new Connection(observer, transport, state, local, remote, direction, traffic, firstSeen, lastSeen,
                process, socket, enrichment, newFlow);
    }

    public Connection withEnrichment(Enrichment newEnrichment) {
        return new Connection(observer, transport, state, local, remote, direction, traffic, firstSeen, lastSeen,
                process, socket, newEnrichment, flow);
    }
}
