package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.listener;
import static org.connwatch.present.Conns.process;
import static org.connwatch.present.Conns.tcp;
import static org.connwatch.present.Conns.withClass;

import java.util.List;
import java.util.Set;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class ConnectionFilterTest {
    private static final Connection SSH_LISTENER = listener("0.0.0.0:22");
    private static final Connection WEB = withClass(tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND,
            "10.0.0.5:51000", "93.184.215.14:443"), AddressClass.PUBLIC)
            .withProcess(new ProcessInfo(4242, 1, "Web Content", "/usr/lib/firefox/firefox-bin", false, "", 1000,
                    "alice", null, null));
    private static final Connection SSH_IN = withClass(tcp(ConnectionState.ESTABLISHED, Direction.INBOUND,
            "10.0.0.5:22", "10.0.0.9:60000"), AddressClass.PRIVATE)
            .withProcess(process(1301, "sshd", "/usr/sbin/sshd", "root"));
    private static final Connection CLOSING = withClass(tcp(ConnectionState.TIME_WAIT, Direction.OUTBOUND,
            "10.0.0.5:51001", "93.184.215.14:443"), AddressClass.PUBLIC);
    private static final Connection MDNS = Conns.conn(Transport.UDP, ConnectionState.UNCONN, Direction.LISTENING,
            "[::]:5353", "[::]:*");
    private static final Connection DNS = withClass(Conns.conn(Transport.UDP, ConnectionState.ESTABLISHED,
            Direction.OUTBOUND, "10.0.0.5:40000", "9.9.9.9:53"), AddressClass.PUBLIC);
    private static final List<Connection> ALL = List.of(SSH_LISTENER, WEB, SSH_IN, CLOSING, MDNS, DNS);

    private static List<Connection> keep(ConnectionFilter f) {
        return ALL.stream().filter(f).toList();
    }

    private static ConnectionFilter transports(Transport... t) {
        return new ConnectionFilter(Set.of(t), false, false, null, Set.of(), List.of(), false);
    }

    private static ConnectionFilter byProcess(String p) {
        return new ConnectionFilter(Set.of(), false, false, p, Set.of(), List.of(), false);
    }

    private static ConnectionFilter ports(Integer... p) {
        return new ConnectionFilter(Set.of(), false, false, null, Set.of(p), List.of(), false);
    }

    private static ConnectionFilter remotes(String... blocks) {
        return new ConnectionFilter(Set.of(), false, false, null, Set.of(),
                List.of(blocks).stream().map(Cidr::parse).toList(), false);
    }

    @Test
    void anEmptyFilterKeepsEverything() {
        assertThat(keep(ConnectionFilter.all())).isEqualTo(ALL);
        assertThat(keep(byProcess("  "))).isEqualTo(ALL);
    }

    @Test
    void byTransport() {
        assertThat(keep(transports(Transport.UDP))).containsExactly(MDNS, DNS);
        assertThat(keep(transports(Transport.TCP))).containsExactly(SSH_LISTENER, WEB, SSH_IN, CLOSING);
        assertThat(keep(transports(Transport.TCP, Transport.UDP))).isEqualTo(ALL);
        assertThat(keep(transports(Transport.SCTP))).isEmpty();
    }

    @Test
    void listeningMeansTcpListenAndUnconnectedUdp() {
        ConnectionFilter f = new ConnectionFilter(Set.of(), true, false, null, Set.of(), List.of(), false);

        assertThat(keep(f)).containsExactly(SSH_LISTENER, MDNS);
    }

    @Test
    void establishedLeavesOutListenersAndClosingConnections() {
        ConnectionFilter f = new ConnectionFilter(Set.of(), false, true, null, Set.of(), List.of(), false);

        assertThat(keep(f)).containsExactly(WEB, SSH_IN, DNS);
    }

    @Test
    void byProcessNameExecutableOrPid() {
        assertThat(keep(byProcess("sshd"))).containsExactly(SSH_IN);
        assertThat(keep(byProcess("SSH"))).as("any case").containsExactly(SSH_IN);
        assertThat(keep(byProcess("content"))).as("a substring of the name").containsExactly(WEB);
        assertThat(keep(byProcess("firefox"))).as("the executable's file name").containsExactly(WEB);
        assertThat(keep(byProcess("lib"))).as("not the executable's directory").isEmpty();
        assertThat(keep(byProcess("4242"))).as("a pid").containsExactly(WEB);
        assertThat(keep(byProcess("424"))).as("a pid matches exactly").isEmpty();
        assertThat(keep(byProcess("1"))).as("not the parent pid").isEmpty();
        assertThat(keep(byProcess(" 1301 "))).containsExactly(SSH_IN);
    }

    @Test
    void byLocalOrRemotePort() {
        assertThat(keep(ports(22))).as("the local port").containsExactly(SSH_LISTENER, SSH_IN);
        assertThat(keep(ports(443))).as("the remote port").containsExactly(WEB, CLOSING);
        assertThat(keep(ports(60000))).as("a client's port").containsExactly(SSH_IN);
        assertThat(keep(ports(53, 5353))).containsExactly(MDNS, DNS);
        assertThat(keep(ports(8080))).isEmpty();
    }

    @Test
    void aListenersWildcardRemotePortIsNoPort() {
        assertThat(keep(ports(0))).isEmpty();
    }

    @Test
    void byRemoteBlock() {
        assertThat(keep(remotes("93.184.215.0/24"))).containsExactly(WEB, CLOSING);
        assertThat(keep(remotes("10.0.0.0/8"))).containsExactly(SSH_IN);
        assertThat(keep(remotes("10.0.0.0/8", "9.9.9.9"))).containsExactly(SSH_IN, DNS);
        assertThat(keep(remotes("10.0.0.5/32"))).as("the local address does not count").isEmpty();
    }

    @Test
    void aListenersWildcardRemoteIsInNoBlock() {
        assertThat(keep(remotes("0.0.0.0/0"))).containsExactly(WEB, SSH_IN, CLOSING, DNS);
        assertThat(keep(remotes("::/0"))).isEmpty();
        assertThat(keep(remotes("0.0.0.0/32"))).isEmpty();
    }

    @Test
    void publicOnlyNeedsAPublicRemote() {
        ConnectionFilter f = new ConnectionFilter(Set.of(), false, false, null, Set.of(), List.of(), true);

        assertThat(keep(f)).containsExactly(WEB, CLOSING, DNS);
    }

    @Test
    void everyCriterionMustMatch() {
        ConnectionFilter f = new ConnectionFilter(Set.of(Transport.TCP), false, true, null, Set.of(443),
                List.of(), true);

        assertThat(keep(f)).containsExactly(WEB);
    }
}
