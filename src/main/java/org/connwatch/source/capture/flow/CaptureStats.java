package org.connwatch.source.capture.flow;

import java.util.ArrayList;
import java.util.List;
import org.connwatch.source.capture.decode.Outcome;

/**
 * What a {@link FlowTracker} saw: packets by decoding outcome, flows made and ended, and the
 * application data it parsed; {@link #summary()} says in plain words what was skipped and why.
 * The tracker hands out copies ({@link FlowTracker#stats()}), so a copy never changes.
 */
public final class CaptureStats {
    long packets;
    final long[] outcomes = new long[Outcome.values().length];
    long firstFragments;
    long flowsCreated;
    long flowsEnded;
    long flowsEvicted;
    long activeUpdates;
    long portReuses;
    long dnsMessages;
    long dnsAddresses;
    long tlsServerNames;
    long httpHosts;
    long dhcpMessages;
    long malformedAppPayloads;
    long buffersFull;

    CaptureStats() {
    }

    CaptureStats copy() {
        CaptureStats c = new CaptureStats();
        c.packets = packets;
        System.arraycopy(outcomes, 0, c.outcomes, 0, outcomes.length);
        c.firstFragments = firstFragments;
        c.flowsCreated = flowsCreated;
        c.flowsEnded = flowsEnded;
        c.flowsEvicted = flowsEvicted;
        c.activeUpdates = activeUpdates;
        c.portReuses = portReuses;
        c.dnsMessages = dnsMessages;
        c.dnsAddresses = dnsAddresses;
        c.tlsServerNames = tlsServerNames;
        c.httpHosts = httpHosts;
        c.dhcpMessages = dhcpMessages;
        c.malformedAppPayloads = malformedAppPayloads;
        c.buffersFull = buffersFull;
        return c;
    }

    /** Every packet handed to the tracker. */
    public long packets() {
        return packets;
    }

    /** The packets that decoding gave this outcome. */
    public long packets(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    /** Packets decoded and counted in a flow though they were first fragments (their payload is partial). */
    public long firstFragments() {
        return firstFragments;
    }

    public long flowsCreated() {
        return flowsCreated;
    }

    /** Flows ended for any reason (idle, closed, evicted, port reuse, the end of the input). */
    public long flowsEnded() {
        return flowsEnded;
    }

    /** Flows ended early because the table was full. */
    public long flowsEvicted() {
        return flowsEvicted;
    }

    /** Updates sent for flows that went on past the active timeout. */
    public long activeUpdates() {
        return activeUpdates;
    }

    /** TCP flows ended because a new SYN reused their ports after a FIN or RST. */
    public long portReuses() {
        return portReuses;
    }

    /** DNS messages parsed (queries and responses). */
    public long dnsMessages() {
        return dnsMessages;
    }

    /** Address-to-name answers remembered from DNS responses. */
    public long dnsAddresses() {
        return dnsAddresses;
    }

    public long tlsServerNames() {
        return tlsServerNames;
    }

    public long httpHosts() {
        return httpHosts;
    }

    public long dhcpMessages() {
        return dhcpMessages;
    }

    /** Payloads on DNS or DHCP ports that did not parse as such. */
    public long malformedAppPayloads() {
        return malformedAppPayloads;
    }

    /** ClientHellos and DNS responses longer than a segment not put together: the buffer budget was spent. */
    public long buffersFull() {
        return buffersFull;
    }

    /**
     * Plain lines for a person: the packets, what was skipped and why (only the reasons that
     * occurred), the flows, and the names found.
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(packets + " packets, " + packets(Outcome.DECODED) + " decoded into flows"
                + (firstFragments > 0 ? " (" + firstFragments + " of them first IP fragments)" : ""));
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.DECODED && packets(o) > 0) {
                lines.add("skipped " + packets(o) + ": " + o.description());
            }
        }
        lines.add(flowsCreated + " flows" + (flowsEvicted > 0 ? ", " + flowsEvicted
                + " ended early because the flow table was full" : "")
                + (portReuses > 0 ? ", " + portReuses + " ended by a new connection on the same ports" : ""));
        lines.add("names: " + dnsAddresses + " DNS answers in " + dnsMessages + " messages, " + tlsServerNames
                + " TLS server names, " + httpHosts + " HTTP hosts, " + dhcpMessages + " DHCP messages");
        if (malformedAppPayloads > 0) {
            lines.add("skipped " + malformedAppPayloads + " DNS/DHCP payloads that did not parse");
        }
        if (buffersFull > 0) {
            lines.add(buffersFull + " ClientHellos or DNS responses longer than a segment read only in part"
                    + " (reassembly buffers full)");
        }
        return lines;
    }
}
