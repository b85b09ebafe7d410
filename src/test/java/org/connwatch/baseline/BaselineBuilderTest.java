package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.baseline.Conns.T0;
import static org.connwatch.baseline.Conns.T1;
import static org.connwatch.baseline.Conns.curl;
import static org.connwatch.baseline.Conns.inbound;
import static org.connwatch.baseline.Conns.listen;
import static org.connwatch.baseline.Conns.out;
import static org.connwatch.baseline.Conns.proc;
import static org.connwatch.baseline.Conns.sha;

import java.util.List;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {

    @Test
    void learnsDestinationsListenersExecutablesAndThePeriod() {
        Baseline b = Conns.curlBaseline();
        Actor curl = new Actor("/usr/bin/curl", "10.0.0.5");
        assertThat(b.actors()).containsKeys(curl, new Actor("/usr/sbin/sshd", "0.0.0.0"));
        assertThat(b.actors().get(curl).destinations()).containsExactly(
                new Destination("203.0.113.0/24", "example.org", Transport.TCP, 443),
                new Destination("198.51.100.0/24", null, Transport.TCP, 443));
        assertThat(b.profile(new Actor("/usr/sbin/sshd", "10.0.0.5")).orElseThrow().listeners())
                .containsExactly(new Listener(Transport.TCP, 22));
        assertThat(b.executables()).containsOnlyKeys("/usr/bin/curl");
        assertThat(b.hashes("/usr/bin/curl")).containsExactly(sha('a'));
        assertThat(b.started()).contains(T0);
        assertThat(b.ended()).contains(T1);
        assertThat(b.records()).isEqualTo(3);
        assertThat(b.dropped().none()).isTrue();
    }

    @Test
    void keysProgramlessRecordsByHostAndUsesTheNameWhenThePathIsUnknown() {
        Baseline b = new BaselineBuilder()
                .learn(out(null, "203.0.113.9", 443, T0))
                .learn(out(proc("agent", null, null), "203.0.113.9", 443, T0))
                .build();
        assertThat(b.actors()).containsOnlyKeys(new Actor(null, "10.0.0.5"), new Actor("agent", "10.0.0.5"));
        assertThat(b.knows(new Actor(null, "10.0.0.6"))).isFalse();
    }

    @Test
    void usesA48ForIpv6AndNormalizesDomains() {
        Baseline b = new BaselineBuilder()
                .learn(out(curl(null), "2001:db8:1:2::9", 443, Transport.TCP, "Example.ORG.", T0)).build();
        Destination d = b.actors().values().iterator().next().destinations().iterator().next();
        assertThat(d.block()).isEqualTo("2001:db8:1::/48");
        assertThat(d.domain()).isEqualTo("example.org");
    }

    @Test
    void ignoresLoopbackAndLearnsNoDestinationFromInboundOrListeners() {
        Baseline b = new BaselineBuilder()
                .learn(out(curl(null), "127.0.0.1", 8080, T0))
                .learn(inbound(proc("nginx", "/usr/sbin/nginx", null), 443, "198.51.100.3", T0))
                .learn(listen(proc("nginx", "/usr/sbin/nginx", null), "0.0.0.0", 443, Transport.TCP, T0))
                .learn(listen(proc("cups", "/usr/sbin/cupsd", null), "127.0.0.1", 631, Transport.TCP, T0))
                .learn(listen(proc("firefox", "/usr/lib/firefox", null), "0.0.0.0", 45000, Transport.UDP, T0))
                .build();
        assertThat(b.destinationCount()).isZero();
        assertThat(b.listenerCount()).isEqualTo(1);
        assertThat(b.actors().keySet()).extracting(Actor::program)
                .containsExactlyInAnyOrder("/usr/sbin/nginx", "/usr/sbin/nginx");
        assertThat(b.records()).isEqualTo(2);
    }

    @Test
    void capsActorsDestinationsListenersAndExecutablesAndCountsWhatItDropped() {
        BaselineLimits limits = new BaselineLimits(2, 2, 1, 1, 1);
        BaselineBuilder builder = new BaselineBuilder(limits);
        for (int i = 1; i <= 5; i++) {
            builder.learn(out(curl(sha('a')), "203.0." + i + ".9", 443, T0));
        }
        builder.learn(out(curl(sha('b')), "203.0.1.9", 443, T0));
        builder.learn(listen(proc("sshd", "/usr/sbin/sshd", sha('c')), "10.0.0.5", 22, Transport.TCP, T0));
        builder.learn(listen(proc("sshd", "/usr/sbin/sshd", sha('c')), "10.0.0.5", 2222, Transport.TCP, T0));
        builder.learn(out(proc("wget", "/usr/bin/wget", null), "203.0.113.1", 80, T0));
        Baseline b = builder.build();
        assertThat(b.actors()).hasSize(2);
        assertThat(b.dropped()).isEqualTo(new Dropped(1, 3, 1, 3));
        assertThat(b.actors().get(new Actor("/usr/bin/curl", "10.0.0.5")).droppedDestinations()).isEqualTo(3);
    }

    @Test
    void mergesIntoAnExistingBaseline() {
        Baseline first = Conns.curlBaseline();
        Baseline merged = BaselineBuilder.from(first, BaselineLimits.defaults())
                .learn(List.of(out(curl(sha('a')), "192.0.2.1", 8443, Conns.LATER))).build();
        assertThat(merged.records()).isEqualTo(4);
        assertThat(merged.ended()).contains(Conns.LATER);
        assertThat(merged.started()).contains(T0);
        assertThat(merged.destinationCount()).isEqualTo(3);
        assertThat(BaselineBuilder.from(first, BaselineLimits.defaults()).build()).isEqualTo(first);
    }

    @Test
    void anEmptyBuilderGivesAnEmptyBaseline() {
        assertThat(new BaselineBuilder().build()).isEqualTo(Baseline.EMPTY);
        assertThat(Baseline.EMPTY.isEmpty()).isTrue();
    }
}
