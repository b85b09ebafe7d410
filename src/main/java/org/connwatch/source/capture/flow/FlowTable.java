package org.connwatch.source.capture.flow;

import java.util.Arrays;

/**
 * The flows, kept as a struct of arrays indexed by a flow slot, found through an open-addressing
 * hash index, and threaded on three least-recently-seen lists (open TCP, closed TCP, UDP/ICMP) so
 * that the idle ones of each kind are at a list's head. No object per flow except the rare
 * {@link FlowExtras}; no allocation to find or update a flow.
 *
 * <p>Key: the initiator's end (A) and the responder's end (B), each an address in two longs
 * ({@link IpBits}) and a port, plus a kind (protocol, IP version, ICMP echo id). A packet matches
 * a flow in either orientation; the hash is symmetric so both orientations land in one probe chain.
 *
 * <p>Memory per flow: 13 longs (4 address halves, id, first and last time, packets, frame bytes
 * and payload bytes each way) 104 B, 7 ints (ports, kind, hash, TCP status, initial sequence, two
 * list links) 28 B, the list byte and a compressed extras reference 5 B: 137 B in the arrays, plus
 * the index, at most half full (2^21 slots for a million flows: 8.4 B a flow). 146 B a flow
 * measured with a million flows ({@code bench/FlowTrackerBench.java}). Arrays grow by doubling
 * up to {@code maxFlows}.
 *
 * <p>Not thread-safe: owned by one {@link FlowTracker}.
 */
final class FlowTable {
    static final int NONE = -1;
    static final int LIST_TCP_OPEN = 0;
    static final int LIST_TCP_CLOSED = 1;
    static final int LIST_DATAGRAM = 2;
    static final int LISTS = 3;
    private static final int INITIAL_CAPACITY = 1024;

    private final int maxFlows;
    private int capacity;
    private int size;
    private int used;
    private int freeHead = NONE;
    private int[] index;
    private int mask;

    long[] aHi;
    long[] aLo;
    long[] bHi;
    long[] bLo;
    /** A's port in the high 16 bits, B's in the low 16. */
    int[] ports;
    int[] kind;
    int[] hash;
    long[] id;
    long[] first;
    long[] last;
    long[] packetsAB;
    long[] packetsBA;
    long[] bytesAB;
    long[] bytesBA;
    long[] payloadAB;
    long[] payloadBA;
    /** See {@link TcpStatus}; for UDP/ICMP only the inspection bits are used. */
    int[] status;
    /** The sequence number of the initiator's first SYN. */
    int[] isn;
    FlowExtras[] extras;
    private int[] prev;
    private int[] next;
    private byte[] list;
    private final int[] head = {NONE, NONE, NONE};
    private final int[] tail = {NONE, NONE, NONE};

    FlowTable(int maxFlows) {
        this.maxFlows = maxFlows;
        allocate(Math.min(INITIAL_CAPACITY, maxFlows));
    }

    int size() {
        return size;
    }

    int maxFlows() {
        return maxFlows;
    }

    /** The flow kind: protocol, IP version and (for ICMP echo) the identifier. */
    static int kind(int protocol, int ipVersion, int icmpId) {
        int k = protocol | (ipVersion == 6 ? 0x100 : 0);
        return icmpId < 0 ? k : k | 0x200 | (icmpId << 16);
    }

    static int protocol(int kind) {
        return kind & 0xFF;
    }

    /** The same for a packet from (s) to (d) as for one from (d) to (s). */
    static int hash(int kind, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        long e1 = mix(sHi ^ mix(sLo + sPort));
        long e2 = mix(dHi ^ mix(dLo + dPort));
        long h = mix(Math.min(e1, e2) * 0x9E37_79B9_7F4A_7C15L + Math.max(e1, e2) + kind);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * Finds the flow of a packet from (s) to (d).
     *
     * @return {@code slot << 1} when the packet goes from A to B, {@code slot << 1 | 1} from B to A;
     *         {@link #NONE} when there is no such flow
     */
    int find(int k, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int h) {
        int forward = sPort << 16 | dPort;
        int backward = dPort << 16 | sPort;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int e = index[i];
            if (e == 0) {
                return NONE;
            }
            int f = e - 1;
            if (hash[f] != h || kind[f] != k) {
                continue;
            }
            if (ports[f] == forward && aLo[f] == sLo && bLo[f] == dLo && aHi[f] == sHi && bHi[f] == dHi) {
                return f << 1;
            }
            if (ports[f] == backward && aLo[f] == dLo && bLo[f] == sLo && aHi[f] == dHi && bHi[f] == sHi) {
                return f << 1 | 1;
            }
        }
    }

    /**
     * Adds a flow with A as the initiator, at the tail of a list; the caller has made room
     * ({@code size() < maxFlows()}). Its counters are zero.
     */
    int insert(int k, long hiA, long loA, int portA, long hiB, long loB, int portB, int h, int listId) {
        if (size >= maxFlows) {
            throw new IllegalStateException("the flow table is full: evict first");
        }
        int f;
        if (freeHead != NONE) {
            f = freeHead;
            freeHead = next[f];
        } else {
            if (used == capacity) {
                allocate(Math.min(maxFlows, capacity * 2));
            }
            f = used++;
        }
        aHi[f] = hiA;
        aLo[f] = loA;
        bHi[f] = hiB;
        bLo[f] = loB;
        ports[f] = portA << 16 | portB;
        kind[f] = k;
        hash[f] = h;
        id[f] = 0;
        first[f] = 0;
        last[f] = 0;
        packetsAB[f] = 0;
        packetsBA[f] = 0;
        bytesAB[f] = 0;
        bytesBA[f] = 0;
        payloadAB[f] = 0;
        payloadBA[f] = 0;
        status[f] = 0;
        isn[f] = 0;
        extras[f] = null;
        int i = h & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = f + 1;
        size++;
        append(f, listId);
        return f;
    }

    /** Drops a flow: out of the index (backward-shift deletion) and its list; the slot is reused. */
    void remove(int f) {
        int i = hash[f] & mask;
        while (index[i] != f + 1) {
            i = (i + 1) & mask;
        }
        // Move later entries of the probe chain back so that no lookup stops at the hole.
        for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int home = hash[index[j] - 1] & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                index[i] = index[j];
                i = j;
            }
        }
        index[i] = 0;
        unlink(f);
        extras[f] = null;
        next[f] = freeHead;
        freeHead = f;
        list[f] = -1;
        size--;
    }

    /** Moves the flow to the tail of a list (its most recently seen end). */
    void touch(int f, int listId) {
        if (list[f] == listId && tail[listId] == f) {
            return;
        }
        unlink(f);
        append(f, listId);
    }

    int listOf(int f) {
        return list[f];
    }

    /** The least recently seen flow of a list, {@link #NONE} when it is empty. */
    int head(int listId) {
        return head[listId];
    }

    /** The next flow of the same list after {@code f}, toward the most recently seen. */
    int next(int f) {
        return next[f];
    }

    /** The live slots, in no particular order. */
    int[] liveSlots() {
        int[] out = new int[size];
        int n = 0;
        for (int l = 0; l < LISTS; l++) {
            for (int f = head[l]; f != NONE; f = next[f]) {
                out[n++] = f;
            }
        }
        return n == size ? out : Arrays.copyOf(out, n);
    }

    /** Bytes held by the arrays (for the memory figures in the docs). */
    long arrayBytes() {
        long longs = 13L * capacity * Long.BYTES;
        long ints = 7L * capacity * Integer.BYTES + (long) index.length * Integer.BYTES;
        long refs = (long) capacity * 4; // compressed references
        return longs + ints + refs + capacity;
    }

    private void append(int f, int listId) {
        list[f] = (byte) listId;
        prev[f] = tail[listId];
        next[f] = NONE;
        if (tail[listId] != NONE) {
            next[tail[listId]] = f;
        } else {
            head[listId] = f;
        }
        tail[listId] = f;
    }

    private void unlink(int f) {
        int l = list[f];
        int p = prev[f];
        int n = next[f];
        if (p != NONE) {
            next[p] = n;
        } else {
            head[l] = n;
        }
        if (n != NONE) {
            prev[n] = p;
        } else {
            tail[l] = p;
        }
    }

    private void allocate(int newCapacity) {
        aHi = grow(aHi, newCapacity);
        aLo = grow(aLo, newCapacity);
        bHi = grow(bHi, newCapacity);
        bLo = grow(bLo, newCapacity);
        ports = grow(ports, newCapacity);
        kind = grow(kind, newCapacity);
        hash = grow(hash, newCapacity);
        id = grow(id, newCapacity);
        first = grow(first, newCapacity);
        last = grow(last, newCapacity);
        packetsAB = grow(packetsAB, newCapacity);
        packetsBA = grow(packetsBA, newCapacity);
        bytesAB = grow(bytesAB, newCapacity);
        bytesBA = grow(bytesBA, newCapacity);
        payloadAB = grow(payloadAB, newCapacity);
        payloadBA = grow(payloadBA, newCapacity);
        status = grow(status, newCapacity);
        isn = grow(isn, newCapacity);
        prev = grow(prev, newCapacity);
        next = grow(next, newCapacity);
        list = list == null ? new byte[newCapacity] : Arrays.copyOf(list, newCapacity);
        extras = extras == null ? new FlowExtras[newCapacity] : Arrays.copyOf(extras, newCapacity);
        capacity = newCapacity;
        int slots = Integer.highestOneBit(Math.max(2, newCapacity) * 2 - 1) << 1;
        if (index == null || index.length < slots) {
            int[] old = index;
            index = new int[slots];
            mask = slots - 1;
            if (old != null) {
                for (int e : old) {
                    if (e != 0) {
                        int i = hash[e - 1] & mask;
                        while (index[i] != 0) {
                            i = (i + 1) & mask;
                        }
                        index[i] = e;
                    }
                }
            }
        }
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }
}
