package org.connwatch.source.capture.flow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Transport;
import org.connwatch.source.capture.decode.Outcome;
import org.connwatch.source.capture.LinkType;

/**
 * Fuzzes {@link FlowTracker} with sequences of packets, in a tiny table (4 flows) with short
 * timeouts so that eviction, idle ends, active updates and port reuse all happen: never an
 * exception; every record valid; every decoded packet counted in exactly one ended flow; every
 * flow ended exactly once, never more active than the table holds.
 *
 * <p>Input: records of [link type index, time step in 100 ms, length (2 bytes), packet bytes].
 * The seeds in {@code src/test/resources/org/connwatch/source/capture/flow/FlowTrackerFuzzTestInputs/anyPackets/}
 * are built with {@code Frames}: TCP handshakes with an HTTP request and a Java ClientHello, DNS
 * and DHCP exchanges, a ping, a reused port. To fuzz (in a copy of the tree):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='FlowTrackerFuzzTest#anyPackets'
 * </pre>
 */
class FlowTrackerFuzzTest {
    static final int MAX_FLOWS = 4;
    static final FlowSettings SETTINGS = FlowSettings.DEFAULTS.withMaxFlows(MAX_FLOWS).withTimeouts(
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3));
    private static final long T0 = 1_700_000_000_000_000_000L;
    /** The link types, by the index in byte 0 of a record: Ethernet first, raw IP sixth. */
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
        LinkType.LOOP, LinkType.RAW, LinkType.IPV4, LinkType.IPV6};

    @FuzzTest(maxDuration = "60s")
    void anyPackets(byte[] input) {
        Set<Long> ended = new HashSet<>();
        long[] packetsInEnded = {0};
        FlowListener check = (id, c, end) -> {
            valid(c);
            require(!ended.contains(id), "no record after the final one: flow " + id);
            if (end) {
                ended.add(id);
                packetsInEnded[0] += c.traffic().packetsSent() + c.traffic().packetsReceived();
            }
        };
        FlowTracker tracker = new FlowTracker(SETTINGS, LocalNetworks.defaults(), check);
        MemorySegment data = MemorySegment.ofArray(input);
        long time = T0;
        int at = 0;
        while (input.length - at >= 4) {
            int linkType = LINK_TYPES[(input[at] & 0xff) % LINK_TYPES.length];
            time += (input[at + 1] & 0xff) * 100_000_000L;
            int length = Math.min((input[at + 2] & 0xff) << 8 | (input[at + 3] & 0xff), input.length - at - 4);
            tracker.packet(time, 0, linkType, data, at + 4, length, length + (input[at + 1] & 1));
            long id = tracker.lastFlowId();
            require(id == -1 || (id > 0 && !ended.contains(id)), "the packet's flow is active: " + id);
            require(tracker.activeFlows() <= MAX_FLOWS, "at most " + MAX_FLOWS + " flows");
            at += 4 + length;
        }
        tracker.snapshot((id, c, end) -> {
            valid(c);
            require(!end && !ended.contains(id), "a snapshot updates active flows only");
        });
        tracker.finish();
        CaptureStats stats = tracker.stats();
        require(tracker.activeFlows() == 0, "nothing left after finish");
        require(ended.size() == stats.flowsCreated() && stats.flowsEnded() == stats.flowsCreated(),
                "every flow ended once: " + ended.size() + " of " + stats.flowsCreated());
        require(packetsInEnded[0] == stats.packets(Outcome.DECODED),
                "every decoded packet in one flow: " + packetsInEnded[0] + " of " + stats.packets(Outcome.DECODED));
        long outcomes = 0;
        for (Outcome o : Outcome.values()) {
            outcomes += stats.packets(o);
        }
        require(outcomes == stats.packets(), "one outcome per packet");
        require(!stats.summary().isEmpty(), "a summary");
    }

    private static void valid(Connection c) {
        require(c.observer() == ObserverType.CAPTURE, "a capture record");
        require(c.traffic().packetsSent() + c.traffic().packetsReceived() > 0, "a flow has packets: " + c);
        require(c.traffic().bytesSent() >= c.traffic().packetsSent() * 20, "at least an IP header a packet: " + c);
        require(c.transport() == Transport.TCP || c.state() == ConnectionState.ESTABLISHED
                || c.state() == ConnectionState.UNCONN, "a UDP/ICMP state: " + c);
        require((c.transport() == Transport.TCP) == (c.flow().tcpFlags() != null), "flags for TCP only: " + c);
        require(c.flow().payloadSent() >= 0 && c.flow().payloadReceived() >= 0, "payload counts: " + c);
        for (String name : new String[] {c.flow().dnsName(), c.flow().tlsServerName(), c.flow().httpHost()}) {
            require(name == null || (name.length() <= 255 && name.chars().noneMatch(Character::isISOControl)),
                    "an escaped name: " + name);
        }
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
