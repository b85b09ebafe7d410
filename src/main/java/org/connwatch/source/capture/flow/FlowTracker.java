package org.connwatch.source.capture.flow;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.connwatch.source.capture.PacketSink;
import org.connwatch.source.capture.decode.DecodedPacket;
import org.connwatch.source.capture.decode.IcmpTypes;
import org.connwatch.source.capture.decode.Outcome;
import org.connwatch.source.capture.decode.PacketDecoder;

/**
 * Turns packets into flows: decodes each packet, adds it to its bidirectional flow (TCP and UDP
 * by protocol, addresses and ports; ICMP by addresses and the Zeek-style type/counterpart ports,
 * plus the identifier for echo, so that a ping's requests and replies are one flow), and hands
 * each flow to a {@link FlowListener} as an {@code observer.type = capture} {@link
 * org.connwatch.records.Connection} when it ends, and as updates while it goes on.
 *
 * <p><b>Who initiated.</b> The sender of a SYN without ACK; else, when a SYN-ACK is the first packet
 * seen, its receiver; for ICMP, the receiver of a reply seen first; else the sender of the first
 * packet. Direction, local end and devices: see {@link FlowRecord}; the TCP state: see
 * {@link TcpStatus}. Counts per direction: packets, frame bytes (the length on the wire, as
 * {@code tshark -z conv,tcp} counts them) and payload bytes.
 *
 * <p><b>Time</b> comes only from packet timestamps and {@link #advanceTo}: a replayed capture gives
 * exactly what live monitoring would have. The tracker's clock is the latest timestamp seen; a flow
 * ends when it has been idle longer than its timeout ({@link FlowSettings}: TCP, TCP after it
 * closed, UDP/ICMP), checked whenever the clock moves. With timestamps out of order a flow may
 * end a little later than its timeout, never earlier. A flow that lasts past the active timeout
 * gets an update at its first packet after each multiple of it. A SYN without ACK on a TCP flow
 * that saw a FIN or RST (and is not a retransmission of the initiator's first SYN) ends that flow
 * and starts a new one (port reuse), as Wireshark splits its TCP streams.
 *
 * <p><b>Bounded.</b> At most {@code maxFlows} flows; a new flow beyond that ends the least recently
 * seen one first (counted as evicted). Names and devices are bounded too ({@link NameTable},
 * {@link DeviceTable}). A packet for an existing flow makes no object.
 *
 * <p>Packets of all capture interfaces go into one table (the interface id is not part of the key).
 *
 * <p><b>Threads.</b> Not thread-safe: one thread feeds the packets and calls the other methods;
 * the listener is called on that thread, and must not call back into the tracker.
 */
public final class FlowTracker implements PacketSink {
    private static final int TCP = 6;

    private final FlowListener listener;
    private final LocalNetworks localNetworks;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final FlowTable table;
    private final NameTable names;
    private final DeviceTable devices;
    private final AddressCache addresses = new AddressCache();
    private final CaptureStats stats = new CaptureStats();
    private final PayloadInspector inspector;
    private final long[] idleNanos = new long[FlowTable.LISTS];
    private final long activeNanos;
    private long clock = Long.MIN_VALUE;
    private long nextId = 1;
    private long lastFlowId = -1;

    /** A tracker with the default settings and local networks. */
    public FlowTracker(FlowListener listener) {
        this(FlowSettings.DEFAULTS, LocalNetworks.defaults(), listener);
    }

    public FlowTracker(FlowSettings settings, LocalNetworks localNetworks, FlowListener listener) {
        Objects.requireNonNull(settings, "settings");
        this.localNetworks = Objects.requireNonNull(localNetworks, "localNetworks");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.table = new FlowTable(settings.maxFlows());
        this.names = new NameTable(settings.maxNames());
        this.devices = new DeviceTable(settings.maxDevices());
        this.inspector = new PayloadInspector(names, devices, localNetworks, stats);
        idleNanos[FlowTable.LIST_TCP_OPEN] = nanos(settings.tcpIdle());
        idleNanos[FlowTable.LIST_TCP_CLOSED] = nanos(settings.tcpClosedGrace());
        idleNanos[FlowTable.LIST_DATAGRAM] = nanos(settings.udpIcmpIdle());
        activeNanos = nanos(settings.activeTimeout());
    }

    @Override
    public void packet(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset,
                       int capturedLength, int originalLength) {
        stats.packets++;
        lastFlowId = -1;
        DecodedPacket p = packet;
        Outcome outcome = decoder.decode(linkType, data, offset, capturedLength, originalLength, p);
        stats.outcomes[outcome.ordinal()]++;
        advance(epochNanos);
        if (outcome != Outcome.DECODED) {
            return;
        }
        if (p.firstFragment) {
            stats.firstFragments++;
        }
        int len = p.addressLength();
        long sHi = IpBits.hi(p.src, len);
        long sLo = IpBits.lo(p.src, len);
        long dHi = IpBits.hi(p.dst, len);
        long dLo = IpBits.lo(p.dst, len);
        int kind = FlowTable.kind(p.protocol, p.ipVersion, p.icmpId);
        int hash = FlowTable.hash(kind, sHi, sLo, p.srcPort, dHi, dLo, p.dstPort);
        int found = table.find(kind, sHi, sLo, p.srcPort, dHi, dLo, p.dstPort, hash);
        boolean tcp = p.protocol == TCP;
        if (found != FlowTable.NONE && tcp && startsNewConnection(found >> 1, (found & 1) == 0, p)) {
            stats.portReuses++;
            end(found >> 1);
            found = FlowTable.NONE;
        }
        int f;
        boolean fromA;
        if (found == FlowTable.NONE) {
            fromA = !receiverInitiated(p);
            f = create(kind, hash, fromA, sHi, sLo, dHi, dLo, p, epochNanos);
        } else {
            f = found >> 1;
            fromA = (found & 1) == 0;
            if (activeNanos > 0 && crossesActiveTimeout(f, epochNanos)) {
                stats.activeUpdates++;
                listener.flow(table.id[f], FlowRecord.connection(table, f, localNetworks, devices, addresses), false);
            }
            if ((fromA ? table.packetsAB[f] : table.packetsBA[f]) == 0) {
                learnMac(sHi, sLo, p.srcMac);
            }
        }
        count(f, fromA, p, epochNanos);
        if (p.payloadCaptured > 0) {
            inspector.inspect(table, f, fromA, p, data, epochNanos);
        }
        lastFlowId = table.id[f];
    }

    /** The id of the flow the last packet went to; -1 when it was skipped (not decoded). */
    public long lastFlowId() {
        return lastFlowId;
    }

    /** Sends an update ({@code ended = false}) of every active flow to {@code to}, oldest flow first. */
    public void snapshot(FlowListener to) {
        Objects.requireNonNull(to, "to");
        for (int f : slotsInIdOrder()) {
            to.flow(table.id[f], FlowRecord.connection(table, f, localNetworks, devices, addresses), false);
        }
    }

    /**
     * Moves the clock to a packet time without a packet (a live capture that has been quiet), ending
     * the flows idle past their timeout. A time before the clock changes nothing.
     */
    public void advanceTo(long epochNanos) {
        advance(epochNanos);
    }

    /** Ends every flow (the end of a file, or of a capture), oldest flow first. */
    public void finish() {
        for (int f : slotsInIdOrder()) {
            end(f);
        }
    }

    /** A copy of the counts so far. */
    public CaptureStats stats() {
        return stats.copy();
    }

    /** How many flows are active. */
    public int activeFlows() {
        return table.size();
    }

    /** The names learned from DNS so far. */
    public NameTable names() {
        return names;
    }

    /** The devices learned from Ethernet and DHCP so far. */
    public DeviceTable devices() {
        return devices;
    }

    /** Bytes the flow table's arrays take now (for the memory figures). */
    long tableBytes() {
        return table.arrayBytes();
    }

    private int create(int kind, int hash, boolean fromA, long sHi, long sLo, long dHi, long dLo, DecodedPacket p,
                       long time) {
        if (table.size() >= table.maxFlows()) {
            evictOne();
        }
        int list = p.protocol == TCP ? FlowTable.LIST_TCP_OPEN : FlowTable.LIST_DATAGRAM;
        int f = fromA ? table.insert(kind, sHi, sLo, p.srcPort, dHi, dLo, p.dstPort, hash, list)
                : table.insert(kind, dHi, dLo, p.dstPort, sHi, sLo, p.srcPort, hash, list);
        table.id[f] = nextId++;
        table.first[f] = time;
        table.last[f] = time;
        stats.flowsCreated++;
        String name = names.lookup(table.bHi[f], table.bLo[f], table.aHi[f], table.aLo[f], time);
        if (name != null) {
            FlowExtras x = new FlowExtras();
            x.dnsName = name;
            table.extras[f] = x;
        }
        learnMac(sHi, sLo, p.srcMac);
        return f;
    }

    private void count(int f, boolean fromA, DecodedPacket p, long time) {
        FlowTable t = table;
        if (fromA) {
            t.packetsAB[f]++;
            t.bytesAB[f] += p.frameLength;
            t.payloadAB[f] += p.payloadLength;
        } else {
            t.packetsBA[f]++;
            t.bytesBA[f] += p.frameLength;
            t.payloadBA[f] += p.payloadLength;
        }
        if (time < t.first[f]) {
            t.first[f] = time;
        }
        if (time > t.last[f]) {
            t.last[f] = time;
        }
        int list = FlowTable.LIST_DATAGRAM;
        if (p.protocol == TCP) {
            int before = t.status[f];
            if (fromA && (before & TcpStatus.SYN_A) == 0 && (p.tcpFlags & (TcpStatus.SYN | TcpStatus.ACK)) == TcpStatus.SYN) {
                t.isn[f] = (int) p.tcpSeq;
            }
            int after = TcpStatus.update(before, fromA, p.tcpFlags, p.payloadLength > 0);
            t.status[f] = after;
            list = TcpStatus.closed(after) ? FlowTable.LIST_TCP_CLOSED : FlowTable.LIST_TCP_OPEN;
        }
        t.touch(f, list);
    }

    /** A SYN without ACK on a flow that saw a FIN or RST, other than the initiator's first SYN again. */
    private boolean startsNewConnection(int f, boolean fromA, DecodedPacket p) {
        if ((p.tcpFlags & (TcpStatus.SYN | TcpStatus.ACK)) != TcpStatus.SYN) {
            return false;
        }
        int status = table.status[f];
        if (!TcpStatus.closing(status)) {
            return false;
        }
        return !(fromA && (status & TcpStatus.SYN_A) != 0 && table.isn[f] == (int) p.tcpSeq);
    }

    /** True when the packet's receiver started the exchange: a SYN-ACK, or an ICMP reply, seen first. */
    private static boolean receiverInitiated(DecodedPacket p) {
        if (p.protocol == TCP) {
            return (p.tcpFlags & (TcpStatus.SYN | TcpStatus.ACK)) == (TcpStatus.SYN | TcpStatus.ACK);
        }
        return (p.protocol == IcmpTypes.ICMP || p.protocol == IcmpTypes.ICMPV6) && IcmpTypes.isReply(p.protocol, p.srcPort);
    }

    private boolean crossesActiveTimeout(int f, long time) {
        long first = table.first[f];
        return time > table.last[f] && Math.floorDiv(time - first, activeNanos)
                > Math.floorDiv(table.last[f] - first, activeNanos);
    }

    private void learnMac(long hi, long lo, long mac) {
        if (mac != DecodedPacket.NO_MAC && localNetworks.contains(hi, lo)) {
            devices.learnAddress(hi, lo, mac);
        }
    }

    private void advance(long time) {
        if (time <= clock) {
            return;
        }
        clock = time;
        for (int l = 0; l < FlowTable.LISTS; l++) {
            for (int f = table.head(l); f != FlowTable.NONE && olderThan(table.last[f], idleNanos[l]);
                 f = table.head(l)) {
                end(f);
            }
        }
    }

    /** True when more than {@code timeout} has passed since {@code last}, without overflow for any times. */
    private boolean olderThan(long last, long timeout) {
        long age = clock - last;
        if (((clock ^ last) & (clock ^ age)) < 0) {
            return clock > last;
        }
        return age > timeout;
    }

    private void evictOne() {
        int oldest = FlowTable.NONE;
        for (int l = 0; l < FlowTable.LISTS; l++) {
            int f = table.head(l);
            if (f != FlowTable.NONE && (oldest == FlowTable.NONE || table.last[f] < table.last[oldest])) {
                oldest = f;
            }
        }
        stats.flowsEvicted++;
        end(oldest);
    }

    private void end(int f) {
        stats.flowsEnded++;
        long id = table.id[f];
        listener.flow(id, FlowRecord.connection(table, f, localNetworks, devices, addresses), true);
        inspector.release(table.extras[f]);
        table.remove(f);
    }

    /** The live slots ordered by flow id (the order flows were first seen). */
    private int[] slotsInIdOrder() {
        int[] slots = table.liveSlots();
        long[] keyed = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            // A slot fits in 30 bits (maxFlows is at most 2^29) and an id below 2^33 in the rest.
            keyed[i] = (table.id[slots[i]] << 30) | slots[i];
        }
        if (nextId < (1L << 33)) {
            Arrays.sort(keyed);
            for (int i = 0; i < slots.length; i++) {
                slots[i] = (int) (keyed[i] & ((1 << 30) - 1));
            }
            return slots;
        }
        return Arrays.stream(slots).boxed().sorted((x, y) -> Long.compare(table.id[x], table.id[y]))
                .mapToInt(Integer::intValue).toArray();
    }

    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofDays(365L * 100)) > 0 ? Long.MAX_VALUE / 2 : d.toNanos();
    }
}
