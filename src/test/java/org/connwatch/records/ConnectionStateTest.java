package org.connwatch.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The numbers are the Linux kernel's, from include/net/tcp_states.h (TCP_ESTABLISHED = 1 ...). */
class ConnectionStateTest {

    @ParameterizedTest(name = "TCP state {0} is {1}")
    @CsvSource({
            "1, ESTABLISHED", "2, SYN_SENT", "3, SYN_RECV", "4, FIN_WAIT1", "5, FIN_WAIT2", "6, TIME_WAIT",
            "7, CLOSE", "8, CLOSE_WAIT", "9, LAST_ACK", "10, LISTEN", "11, CLOSING",
            // TCP_NEW_SYN_RECV, a request socket; ss prints it as SYN-RECV
            "12, SYN_RECV"})
    void tcpStates(int code, ConnectionState expected) {
        assertThat(ConnectionState.fromKernel(code, Transport.TCP)).isEqualTo(expected);
    }

    @Test
    void udpReusesTwoTcpNumbers() {
        assertThat(ConnectionState.fromKernel(1, Transport.UDP)).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(ConnectionState.fromKernel(7, Transport.UDP)).isEqualTo(ConnectionState.UNCONN);
    }

    @ParameterizedTest(name = "TCP state {0} is rejected")
    @ValueSource(ints = {0, 13, 14, -1, 255, Integer.MAX_VALUE})
    void unknownTcpNumbersAreRejected(int code) {
        assertThatThrownBy(() -> ConnectionState.fromKernel(code, Transport.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(code));
    }

    @ParameterizedTest(name = "UDP state {0} is rejected")
    @ValueSource(ints = {0, 2, 3, 6, 8, 12, 13, -1})
    void tcpOnlyNumbersAreRejectedForUdp(int code) {
        assertThatThrownBy(() -> ConnectionState.fromKernel(code, Transport.UDP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(code));
    }

    @Test
    void listeningMeansListenOrUnconnected() {
        for (ConnectionState s : ConnectionState.values()) {
            assertThat(s.isListening()).as(s.name())
                    .isEqualTo(s == ConnectionState.LISTEN || s == ConnectionState.UNCONN);
        }
    }
}
