package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.baseline.Conns.LATER;
import static org.connwatch.baseline.Conns.curl;
import static org.connwatch.baseline.Conns.inbound;
import static org.connwatch.baseline.Conns.out;
import static org.connwatch.baseline.Conns.proc;
import static org.connwatch.baseline.Conns.sha;

import java.util.List;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class NewDestinationDetectorTest {
    private final NewDestinationDetector detector = new NewDestinationDetector(Conns.curlBaseline());

    @Test
    void flagsANewBlockAndPortWithTheFacts() {
        Finding f = detector.inspect(out(curl(sha('a')), "192.0.2.9", 8443, LATER)).orElseThrow();
        assertThat(f.detector()).isEqualTo("new-destination");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).isEqualTo("curl (pid 4242) on 10.0.0.5 connects to 192.0.2.9:8443 over tcp: it was"
                + " never seen talking to 192.0.2.0/24 or to port 8443 during learning (2026-11-20 09:00 to"
                + " 2026-11-21 09:00 UTC, 3 connections)");
    }

    @Test
    void flagsANewBlockOnAKnownPort() {
        Finding f = detector.inspect(out(curl(null), "192.0.2.9", 443, LATER)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).contains("never seen talking to 192.0.2.0/24 during learning");
    }

    @Test
    void flagsANewDomainOnANewBlockAndNamesIt() {
        Finding f = detector.inspect(out(curl(null), "192.0.2.9", 443, Transport.TCP, "evil.example", LATER))
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).contains("connects to evil.example 192.0.2.9:443 over tcp: it was never seen talking"
                + " to evil.example or 192.0.2.0/24 during learning");
    }

    @Test
    void aKnownDomainOnANewBlockIsAServiceThatMoved() {
        assertThat(detector.inspect(out(curl(null), "192.0.2.9", 443, Transport.TCP, "EXAMPLE.org", LATER)))
                .isEmpty();
    }

    @Test
    void flagsOnlyANewPortAsLow() {
        Finding f = detector.inspect(out(curl(null), "203.0.113.50", 8443, LATER)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.reason()).contains("it talked to 203.0.113.0/24 but never to port 8443 during learning");
        Finding udp = detector.inspect(out(curl(null), "203.0.113.50", 443, Transport.UDP, null, LATER))
                .orElseThrow();
        assertThat(udp.severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void aKnownDestinationIsNotFlaggedFromAnyAddressInItsBlock() {
        assertThat(detector.inspect(out(curl(null), "203.0.113.200", 443, LATER))).isEmpty();
        assertThat(detector.inspect(out(curl(null), "198.51.100.7", 443, LATER))).isEmpty();
    }

    @Test
    void loopbackInboundAndUnknownActorsAreNotItsBusiness() {
        assertThat(detector.inspect(out(curl(null), "127.0.0.1", 9999, LATER))).isEmpty();
        assertThat(detector.inspect(inbound(curl(null), 8080, "192.0.2.77", LATER))).isEmpty();
        assertThat(detector.inspect(out(proc("nc", "/usr/bin/nc", null), "192.0.2.9", 4444, LATER))).isEmpty();
        assertThat(detector.inspect(Conns.listen(curl(null), "0.0.0.0", 9000, Transport.TCP, LATER))).isEmpty();
    }

    @Test
    void withoutABaselineItReportsNothing() {
        NewDestinationDetector none = new NewDestinationDetector(Baseline.EMPTY);
        assertThat(none.detect(List.of(out(curl(null), "192.0.2.9", 8443, LATER)))).isEmpty();
    }

    @Test
    void anActorWhoseDestinationsHitTheCapIsNotJudged() {
        BaselineBuilder b = new BaselineBuilder(new BaselineLimits(10, 1, 1, 10, 1));
        b.learn(out(curl(null), "203.0.113.9", 443, Conns.T0)).learn(out(curl(null), "198.51.100.9", 443, Conns.T0));
        Optional<Finding> f = new NewDestinationDetector(b.build()).inspect(out(curl(null), "192.0.2.9", 1, LATER));
        assertThat(f).isEmpty();
    }

    @Test
    void judgesAHostAloneFromAConnLog() {
        Baseline b = new BaselineBuilder().learn(out(null, "203.0.113.9", 443, Conns.T0)).build();
        Finding f = new NewDestinationDetector(b).inspect(out(null, "192.0.2.9", 443, LATER)).orElseThrow();
        assertThat(f.reason()).startsWith("10.0.0.5 connects to 192.0.2.9:443 over tcp: it was never seen");
        assertThat(f.reason()).endsWith("(2026-11-20 09:00 to 2026-11-20 09:00 UTC, 1 connection)");
    }
}
