package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.baseline.Conns.LATER;
import static org.connwatch.baseline.Conns.T0;
import static org.connwatch.baseline.Conns.curl;
import static org.connwatch.baseline.Conns.out;
import static org.connwatch.baseline.Conns.sha;

import java.util.List;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

/** What the baseline says about a program's usual ports, for {@code unusual-port}. */
class LearnedPortTest {

    @Test
    void aPortIsLearnedForTheProgramThatUsedItOnItsTransportOnly() {
        Baseline b = new BaselineBuilder().learn(List.of(out(curl(sha('a')), "203.0.113.9", 8443, Transport.TCP,
                null, T0))).build();

        assertThat(b.learnedPort(out(curl(sha('a')), "198.51.100.1", 8443, Transport.TCP, null, LATER))).isTrue();
        assertThat(b.learnedPort(out(curl(sha('a')), "203.0.113.9", 8444, Transport.TCP, null, LATER))).isFalse();
        assertThat(b.learnedPort(out(curl(sha('a')), "203.0.113.9", 8443, Transport.UDP, null, LATER))).isFalse();
        assertThat(Baseline.EMPTY.learnedPort(out(curl(sha('a')), "203.0.113.9", 8443, Transport.TCP, null, LATER)))
                .isFalse();
    }
}
