package org.connwatch.source.capture.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/** Compares the tracker's flows with tshark's conversations, as multisets of per-end counts. */
final class FlowComparison {
    private FlowComparison() {
    }

    /** What agreed and what did not. */
    record Result(int agreeing, List<String> onlyTshark, List<String> onlyOurs) {
        boolean exact() {
            return onlyTshark.isEmpty() && onlyOurs.isEmpty();
        }
    }

    /** Our flows of a transport as tshark conversations (bytes exact, and as tshark prints them). */
    static List<TsharkConversations.Conversation> ours(List<Connection> flows, Transport transport) {
        List<TsharkConversations.Conversation> out = new ArrayList<>();
        for (Connection c : flows) {
            if (c.transport() != transport) {
                continue;
            }
            out.add(new TsharkConversations.Conversation(transport.label(),
                    new TsharkConversations.Side(c.local().ip() + ":" + c.local().port(), c.traffic().packetsSent(),
                            TsharkConversations.formatSize(c.traffic().bytesSent()), c.traffic().bytesSent()),
                    new TsharkConversations.Side(c.remote().ip() + ":" + c.remote().port(),
                            c.traffic().packetsReceived(), TsharkConversations.formatSize(c.traffic().bytesReceived()),
                            c.traffic().bytesReceived())));
        }
        return out;
    }

    /**
     * Compares conversation by conversation.
     *
     * @param exactBytes compare exact byte counts (tshark's {@code -T fields} sums), else bytes as
     *                   the conv table prints them
     */
    static Result compare(List<TsharkConversations.Conversation> tshark, List<TsharkConversations.Conversation> ours,
                          boolean exactBytes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TsharkConversations.Conversation c : tshark) {
            counts.merge(signature(c, exactBytes), 1, Integer::sum);
        }
        Map<String, Integer> mine = new HashMap<>();
        for (TsharkConversations.Conversation c : ours) {
            mine.merge(signature(c, exactBytes), 1, Integer::sum);
        }
        int agreeing = 0;
        List<String> onlyTshark = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int both = Math.min(e.getValue(), mine.getOrDefault(e.getKey(), 0));
            agreeing += both;
            for (int i = both; i < e.getValue(); i++) {
                onlyTshark.add(e.getKey());
            }
            if (both > 0) {
                mine.merge(e.getKey(), -both, Integer::sum);
            }
        }
        List<String> onlyOurs = new ArrayList<>();
        mine.forEach((k, v) -> {
            for (int i = 0; i < v; i++) {
                onlyOurs.add(k);
            }
        });
        onlyOurs.sort(null);
        return new Result(agreeing, onlyTshark, onlyOurs);
    }

    private static String signature(TsharkConversations.Conversation c, boolean exactBytes) {
        TsharkConversations.Side x = c.a().endpoint().compareTo(c.b().endpoint()) <= 0 ? c.a() : c.b();
        TsharkConversations.Side y = x == c.a() ? c.b() : c.a();
        return c.transport() + " " + side(x, exactBytes) + " <-> " + side(y, exactBytes);
    }

    private static String side(TsharkConversations.Side s, boolean exactBytes) {
        return s.endpoint() + " sent " + s.frames() + " frames " + (exactBytes ? s.bytes() + " bytes" : s.bytesText());
    }
}
