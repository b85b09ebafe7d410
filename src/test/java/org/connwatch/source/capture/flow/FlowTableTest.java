package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    /** A flow key in the test's own terms: both orientations name the same flow. */
    private record Key(int kind, long a, int portA, long b, int portB) {
        Key reversed() {
            return new Key(kind, b, portB, a, portA);
        }
    }

    private static int hash(Key k) {
        return FlowTable.hash(k.kind, 0, k.a, k.portA, 0, k.b, k.portB);
    }

    private static int find(FlowTable t, Key k) {
        return t.find(k.kind, 0, k.a, k.portA, 0, k.b, k.portB, hash(k));
    }

    @Test
    void randomInsertsFindsAndRemovesAgreeWithAHashMap() {
        Random random = new Random(42);
        FlowTable table = new FlowTable(3000);
        Map<Key, Integer> model = new HashMap<>();
        List<Key> live = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            // A small key space, so that probe chains collide and removals shift entries back.
            Key k = new Key(random.nextInt(2) == 0 ? 6 : 17, IpBits.MAPPED_PREFIX | random.nextInt(40),
                    random.nextInt(30), IpBits.MAPPED_PREFIX | random.nextInt(40), 443);
            int op = random.nextInt(10);
            int found = find(table, k);
            Integer expected = model.containsKey(k) ? model.get(k) : model.get(k.reversed());
            Key stored = model.containsKey(k) ? k : model.containsKey(k.reversed()) ? k.reversed() : null;
            if (expected == null) {
                assertThat(found).as("absent %s", k).isEqualTo(FlowTable.NONE);
                if (op < 6 && table.size() < table.maxFlows()) {
                    int f = table.insert(k.kind, 0, k.a, k.portA, 0, k.b, k.portB, hash(k), FlowTable.LIST_DATAGRAM);
                    model.put(k, f);
                    live.add(k);
                }
            } else {
                assertThat(found >> 1).as("present %s", k).isEqualTo(expected);
                assertThat(found & 1).isEqualTo(stored.equals(k) ? 0 : 1);
                if (op < 4) {
                    table.remove(expected);
                    model.remove(stored);
                    live.remove(stored);
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Key k : live) {
            assertThat(find(table, k) >> 1).isEqualTo(model.get(k));
        }
        assertThat(java.util.Arrays.stream(table.liveSlots()).boxed().toList()).containsExactlyInAnyOrderElementsOf(model.values());
    }

    @Test
    void listsKeepTheLeastRecentlySeenAtTheHead() {
        FlowTable t = new FlowTable(10);
        int a = t.insert(6, 0, 1, 1, 0, 2, 2, 11, FlowTable.LIST_TCP_OPEN);
        int b = t.insert(6, 0, 3, 1, 0, 4, 2, 12, FlowTable.LIST_TCP_OPEN);
        int c = t.insert(17, 0, 5, 1, 0, 6, 2, 13, FlowTable.LIST_DATAGRAM);
        assertThat(t.head(FlowTable.LIST_TCP_OPEN)).isEqualTo(a);
        t.touch(a, FlowTable.LIST_TCP_OPEN);
        assertThat(t.head(FlowTable.LIST_TCP_OPEN)).isEqualTo(b);
        assertThat(t.next(b)).isEqualTo(a);
        t.touch(b, FlowTable.LIST_TCP_CLOSED);
        assertThat(t.head(FlowTable.LIST_TCP_OPEN)).isEqualTo(a);
        assertThat(t.head(FlowTable.LIST_TCP_CLOSED)).isEqualTo(b);
        assertThat(t.listOf(b)).isEqualTo(FlowTable.LIST_TCP_CLOSED);
        t.remove(a);
        assertThat(t.head(FlowTable.LIST_TCP_OPEN)).isEqualTo(FlowTable.NONE);
        assertThat(t.head(FlowTable.LIST_DATAGRAM)).isEqualTo(c);
        int d = t.insert(6, 0, 7, 1, 0, 8, 2, 14, FlowTable.LIST_TCP_OPEN);
        assertThat(d).as("the freed slot is reused").isEqualTo(a);
    }
}
