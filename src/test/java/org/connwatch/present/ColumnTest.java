package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.present.Conns.process;
import static org.connwatch.present.Conns.tcp;
import static org.connwatch.present.Conns.withTraffic;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.Enrichment;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class ColumnTest {

    private static Connection local(String endpoint) {
        return tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, endpoint, "192.0.2.1:80");
    }

    private static List<String> sorted(Column column, Function<Connection, String> label, Connection... cs) {
        return Stream.of(cs).sorted(column.order()).map(label).toList();
    }

    @Test
    void addressesSortByTheirBytesThenByPort() {
        // as text, "10.0.0.10" < "10.0.0.9" and "192..." < "9..."; as signed bytes 192 would come before 10
        List<String> order = sorted(Column.LOCAL, c -> c.local().toString(),
                local("192.168.1.1:5"), local("10.0.0.10:80"), local("[::1]:1"), local("10.0.0.9:443"),
                local("9.255.255.255:1"), local("10.0.0.9:22"), local("[2001:db8::1]:1"), local("[::1]:0"));

        assertThat(order).containsExactly("9.255.255.255:1", "10.0.0.9:22", "10.0.0.9:443", "10.0.0.10:80",
                "192.168.1.1:5", "[::1]:*", "[::1]:1", "[2001:db8::1]:1");
    }

    @Test
    void theRemoteColumnSortsByTheRemoteEndNotItsText() {
        Connection named = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:1", "203.0.113.9:443")
                .withEnrichment(Enrichment.NONE.withRemoteDomain("aaa.example"));
        Connection bare = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:2", "20.0.0.1:443");

        assertThat(sorted(Column.REMOTE, Column.REMOTE::text, named, bare))
                .containsExactly("20.0.0.1:443", "aaa.example (203.0.113.9:443)");
    }

    @Test
    void byteColumnsSortAsNumbersWithUnknownFirst() {
        Connection kib = withTraffic(local("10.0.0.1:1"), 1, 1536);
        Connection mib = withTraffic(local("10.0.0.1:2"), 2, 10 * 1024 * 1024);
        Connection bytes = withTraffic(local("10.0.0.1:3"), 3, 900);
        Connection unknown = local("10.0.0.1:4");

        // as text "1.5 KiB" < "10.0 MiB" < "900 B"
        assertThat(sorted(Column.RX, Column.RX::text, kib, mib, bytes, unknown))
                .containsExactly("-", "900 B", "1.5 KiB", "10.0 MiB");
        assertThat(sorted(Column.TX, Column.TX::text, mib, unknown, kib, bytes))
                .containsExactly("-", "1 B", "2 B", "3 B");
        assertThat(Column.RX.numeric()).isTrue();
        assertThat(Column.TX.numeric()).isTrue();
        assertThat(Column.LOCAL.numeric()).isFalse();
    }

    @Test
    void processesSortByNameThenPid() {
        Connection a10 = local("10.0.0.1:1").withProcess(process(10, "nginx", null, "www"));
        Connection a9 = local("10.0.0.1:2").withProcess(process(9, "nginx", null, "www"));
        Connection b1 = local("10.0.0.1:3").withProcess(process(1, "curl", null, "bob"));
        Connection none = local("10.0.0.1:4");

        assertThat(sorted(Column.PROCESS, Column.PROCESS::text, a10, b1, none, a9))
                .containsExactly("-", "1/curl", "9/nginx", "10/nginx");
    }

    @Test
    void cellTextForMissingValues() {
        Connection bare = Conns.conn(Transport.UDP, ConnectionState.UNCONN, Direction.LISTENING, "[::]:5353", "[::]:*");

        assertThat(Stream.of(Column.values()).map(col -> col.text(bare)))
                .containsExactly("udp", "UNCONN", "[::]:5353", "*:*", "-", "listening", "-", "-", "-", "-", "-");
    }

    @Test
    void deviceCellNamesTheLocalDeviceOfACapturedFlow() {
        Connection flow = Conns.conn(Transport.TCP, ConnectionState.ESTABLISHED, Direction.OUTBOUND,
                "10.0.0.10:40000", "198.51.100.80:443");
        FlowDetails named = new FlowDetails(new Device("aa:bb:cc:00:11:22", "HP-LaserJet", "Hewlett-Packard JetDirect"),
                null, null, null, null, "SAF");

        assertThat(Column.DEVICE.text(flow.withFlow(named))).isEqualTo("HP-LaserJet aa:bb:cc:00:11:22");
        assertThat(Column.DEVICE.text(flow.withFlow(new FlowDetails(new Device("aa:bb:cc:00:11:22", null, null),
                null, null, null, null, null)))).isEqualTo("aa:bb:cc:00:11:22");
        assertThat(Column.DEVICE.text(flow)).isEqualTo("-");
        assertThat(Column.flowColumns()).contains(Column.DEVICE).doesNotContain(Column.PROCESS, Column.USER);
        assertThat(Column.socketColumns()).contains(Column.PROCESS, Column.USER).doesNotContain(Column.DEVICE);
    }

    @Test
    void parseIgnoresCase() {
        assertThat(Column.parse("rx")).isEqualTo(Column.RX);
        assertThat(Column.parse(" Remote ")).isEqualTo(Column.REMOTE);
        assertThat(Column.parse("PROCESS")).isEqualTo(Column.PROCESS);
    }

    @Test
    void parseErrorsListTheValidNames() {
        assertThatThrownBy(() -> Column.parse("bytes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bytes'")
                .hasMessageContaining("[proto, state, local, remote, service, dir, process, user, device, rx, tx]");
        assertThatThrownBy(() -> Column.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Column.parse("r x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrdersAreConsistentWithEachOtherReversed() {
        Connection x = withTraffic(local("10.0.0.1:1"), 5, 5);
        Connection y = withTraffic(local("10.0.0.2:1"), 6, 6);
        for (Column col : Column.values()) {
            Comparator<Connection> order = col.order();
            assertThat(Integer.signum(order.compare(x, y))).as(col.name())
                    .isEqualTo(-Integer.signum(order.compare(y, x)));
            assertThat(order.compare(x, x)).as(col.name()).isZero();
        }
    }
}
