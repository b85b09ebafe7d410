package org.connwatch.source.capture.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link FlowTracker} keeps flows and how many. All times are packet time (the
 * capture's timestamps), never the wall clock.
 *
 * @param tcpIdle        a TCP flow with no packet for this long ends (default 5 min)
 * @param tcpClosedGrace a TCP flow closed by FINs both ways or a RST ends after this long without
 *                       a packet (default 5 s, for the last ACKs and retransmitted FINs)
 * @param udpIcmpIdle    a UDP, ICMP or ICMPv6 flow with no packet for this long ends (default 1 min)
 * @param activeTimeout  a flow that goes on this long gets an update with its counts so far, and
 *                       again each time as long again has passed (default 30 min); zero: never
 * @param maxFlows       at most this many flows are kept; a new one beyond evicts the least
 *                       recently seen (default 1,000,000)
 * @param maxNames       at most this many addresses are remembered with the DNS name a client
 *                       asked for (default 100,000; see {@link NameTable})
 * @param maxDevices     at most this many MAC addresses and IP addresses are remembered for
 *                       devices (default 65,536 of each; see {@link DeviceTable})
 */
public record FlowSettings(Duration tcpIdle, Duration tcpClosedGrace, Duration udpIcmpIdle, Duration activeTimeout,
                           int maxFlows, int maxNames, int maxDevices) {

    /** The largest table: flow numbers in the table are kept in 30 bits. */
    public static final int MAX_FLOWS_LIMIT = 1 << 29;

    /** The defaults above. */
    public static final FlowSettings DEFAULTS = new FlowSettings(Duration.ofMinutes(5), Duration.ofSeconds(5),
            Duration.ofMinutes(1), Duration.ofMinutes(30), 1_000_000, 100_000, 65_536);

    public FlowSettings {
        positive(tcpIdle, "tcpIdle");
        positive(tcpClosedGrace, "tcpClosedGrace");
        positive(udpIcmpIdle, "udpIcmpIdle");
        Objects.requireNonNull(activeTimeout, "activeTimeout");
        if (activeTimeout.isNegative()) {
            throw new IllegalArgumentException("activeTimeout must not be negative: " + activeTimeout);
        }
        if (maxFlows < 1 || maxFlows > MAX_FLOWS_LIMIT) {
            throw new IllegalArgumentException("maxFlows must be 1.." + MAX_FLOWS_LIMIT + ": " + maxFlows);
        }
        if (maxNames < 1 || maxDevices < 1) {
            throw new IllegalArgumentException("maxNames and maxDevices must be at least 1: " + maxNames + ", "
                    + maxDevices);
        }
    }

    public FlowSettings withMaxFlows(int max) {
        return new FlowSettings(tcpIdle, tcpClosedGrace, udpIcmpIdle, activeTimeout, max, maxNames, maxDevices);
    }

    public FlowSettings withTimeouts(Duration tcp, Duration closedGrace, Duration udpIcmp, Duration active) {
        return new FlowSettings(tcp, closedGrace, udpIcmp, active, maxFlows, maxNames, maxDevices);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
