package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.connwatch.records.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key-once sort orders rows exactly as the columns' comparators do. */
class ConnectionSortTest {

    /** Random rows with many ties: few addresses, ports, programs and byte counts. */
    private static List<Connection> rows(long seed) {
        Random r = new Random(seed);
        String[] addrs = {"10.0.0.1", "10.0.0.2", "192.0.2.9", "[::1]", "[2001:db8::1]", "[2001:db8::ff00:1]",
            "255.255.255.254"};
        String[] names = {"curl", "sshd", "java", "Xorg"};
        ConnectionState[] states = {ConnectionState.ESTABLISHED, ConnectionState.TIME_WAIT, ConnectionState.LISTEN};
        Direction[] dirs = {Direction.OUTBOUND, Direction.INBOUND, Direction.LISTENING};
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            Connection c = Conns.conn(r.nextBoolean() ? Transport.TCP : Transport.UDP, states[r.nextInt(3)],
                    dirs[r.nextInt(3)], addrs[r.nextInt(addrs.length)] + ":" + (r.nextInt(4) * 20_000 + 1),
                    addrs[r.nextInt(addrs.length)] + ":" + (r.nextInt(3) * 30_000 + 443));
            if (r.nextInt(4) > 0) {
                c = c.withProcess(Conns.process(1 + r.nextInt(5), names[r.nextInt(names.length)], "/usr/bin/x",
                        r.nextBoolean() ? "root" : "alice"));
            }
            if (r.nextBoolean()) {
                c = Conns.withTraffic(c, r.nextInt(3) * 1000L, r.nextInt(3) * 70_000L);
            }
            if (r.nextBoolean()) {
                c = c.withEnrichment(Enrichment.NONE.withServiceName(r.nextBoolean() ? "https" : "ssh"));
            }
            out.add(c);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"proto,dir,local", "tx", "rx,process", "remote,user,state", "service,local",
        "process", "user,tx,remote"})
    void sortsAsTheComparatorsDoForwardsAndReversed(String keys) {
        List<Column> columns = new ArrayList<>();
        for (String k : keys.split(",")) {
            columns.add(Column.parse(k));
        }
        for (Column c : Column.values()) {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }
        for (boolean reversed : new boolean[] {false, true}) {
            List<Connection> rows = rows(keys.hashCode() + (reversed ? 1 : 0));
            List<Connection> expected = rows.stream().sorted(Column.order(columns, reversed)).toList();
            assertThat(new ConnectionSort(columns, reversed).sort(rows)).containsExactlyElementsOf(expected);
        }
    }
}
