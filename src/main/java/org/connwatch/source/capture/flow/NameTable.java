package org.connwatch.source.capture.flow;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names clients looked up in DNS, by the addresses the answers gave: address to (the name
 * the client asked for, the client, when). For a CNAME chain the name is the one the client asked
 * for, not the last alias, since that is the name the user knows. Bounded: at most
 * {@code maxAddresses} addresses, the least recently used forgotten first, and per address the
 * {@value #CLIENTS_PER_ADDRESS} clients that asked most recently.
 *
 * <p>Not thread-safe: owned by one {@link FlowTracker}.
 */
public final class NameTable {
    static final int CLIENTS_PER_ADDRESS = 4;

    private final Map<IpKey, Answer[]> byAddress;

    private static final class Answer {
        final long clientHi;
        final long clientLo;
        String name;
        long time;

        Answer(long clientHi, long clientLo, String name, long time) {
            this.clientHi = clientHi;
            this.clientLo = clientLo;
            this.name = name;
            this.time = time;
        }
    }

    public NameTable(int maxAddresses) {
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1: " + maxAddresses);
        }
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpKey, Answer[]> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Remembers that {@code client} asked for {@code name} and got {@code address}, at a packet time. */
    public void add(InetAddress address, InetAddress client, String name, long epochNanos) {
        add(IpBits.hi(address), IpBits.lo(address), IpBits.hi(client), IpBits.lo(client), name, epochNanos);
    }

    void add(long hi, long lo, long clientHi, long clientLo, String name, long time) {
        IpKey key = new IpKey(hi, lo);
        Answer[] entries = byAddress.get(key);
        if (entries == null) {
            entries = new Answer[CLIENTS_PER_ADDRESS];
            byAddress.put(key, entries);
        }
        int oldest = 0;
        for (int i = 0; i < entries.length; i++) {
            Answer e = entries[i];
            if (e == null) {
                entries[i] = new Answer(clientHi, clientLo, name, time);
                return;
            }
            if (e.clientHi == clientHi && e.clientLo == clientLo) {
                e.name = name;
                e.time = Math.max(e.time, time);
                return;
            }
            if (e.time < entries[oldest].time) {
                oldest = i;
            }
        }
        entries[oldest] = new Answer(clientHi, clientLo, name, time);
    }

    /**
     * The name {@code client} asked for that gave {@code address}, else the name any client asked
     * for; only answers seen at or before {@code notAfterNanos} count. Null when there is none.
     */
    public String lookup(InetAddress address, InetAddress client, long notAfterNanos) {
        return lookup(IpBits.hi(address), IpBits.lo(address), IpBits.hi(client), IpBits.lo(client), notAfterNanos);
    }

    String lookup(long hi, long lo, long clientHi, long clientLo, long notAfter) {
        if (byAddress.isEmpty()) {
            return null;
        }
        Answer[] entries = byAddress.get(new IpKey(hi, lo));
        if (entries == null) {
            return null;
        }
        Answer mine = null;
        Answer any = null;
        for (Answer e : entries) {
            if (e == null || e.time > notAfter) {
                continue;
            }
            if (e.clientHi == clientHi && e.clientLo == clientLo) {
                mine = e;
            } else if (any == null || e.time > any.time) {
                any = e;
            }
        }
        return mine != null ? mine.name : any != null ? any.name : null;
    }

    /** How many addresses are remembered. */
    public int size() {
        return byAddress.size();
    }
}
