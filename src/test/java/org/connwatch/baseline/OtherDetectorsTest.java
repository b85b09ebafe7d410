package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.baseline.Conns.LATER;
import static org.connwatch.baseline.Conns.curl;
import static org.connwatch.baseline.Conns.inbound;
import static org.connwatch.baseline.Conns.listen;
import static org.connwatch.baseline.Conns.out;
import static org.connwatch.baseline.Conns.proc;
import static org.connwatch.baseline.Conns.sha;

import java.util.List;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

/** new-listener, unknown-program and changed-executable. */
class OtherDetectorsTest {
    private final Baseline baseline = Conns.curlBaseline();

    @Test
    void aNewListenerPortOfAKnownProgramIsLow() {
        NewListenerDetector d = new NewListenerDetector(baseline);
        Finding f = d.inspect(listen(proc("sshd", "/usr/sbin/sshd", null), "10.0.0.5", 2222, Transport.TCP, LATER))
                .orElseThrow();
        assertThat(f.detector()).isEqualTo("new-listener");
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.reason()).isEqualTo("sshd (pid 4343) on 10.0.0.5 listens on tcp port 2222: it listened only on"
                + " tcp/22 during learning (2026-11-20 09:00 to 2026-11-21 09:00 UTC, 3 connections)");
        assertThat(d.inspect(listen(proc("sshd", "/usr/sbin/sshd", null), "::", 22, Transport.TCP, LATER))).isEmpty();
        assertThat(d.inspect(listen(proc("sshd", "/usr/sbin/sshd", null), "127.0.0.1", 8022, Transport.TCP, LATER)))
                .isEmpty();
        assertThat(d.inspect(listen(curl(null), "0.0.0.0", 9000, Transport.TCP, LATER))).isPresent();
        assertThat(new NewListenerDetector(Baseline.EMPTY)
                .inspect(listen(curl(null), "0.0.0.0", 9000, Transport.TCP, LATER))).isEmpty();
    }

    @Test
    void anUnknownProgramGivesOneFindingAboutAllItsConnections() {
        UnknownProgramDetector d = new UnknownProgramDetector(baseline);
        var nc = proc("nc", "/tmp/nc", null);
        List<Finding> found = d.detect(List.of(out(nc, "192.0.2.9", 4444, LATER), listen(nc, "0.0.0.0", 31337,
                Transport.TCP, LATER), out(nc, "127.0.0.1", 5, LATER), out(curl(null), "192.0.2.9", 4444, LATER)));
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.detector()).isEqualTo("unknown-program");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.connections()).hasSize(2);
        assertThat(f.reason()).isEqualTo("nc (pid 4343) on 10.0.0.5 (/tmp/nc) is a program unknown to the baseline:"
                + " it was never seen during learning (2026-11-20 09:00 to 2026-11-21 09:00 UTC, 3 connections),"
                + " and now it connects to 192.0.2.9:4444 over tcp (and has 1 more connection)");
    }

    @Test
    void anUnknownHostFromAConnLogIsNamedAsAHost() {
        Baseline hosts = new BaselineBuilder().learn(out(null, "203.0.113.9", 443, Conns.T0)).build();
        var c = inbound(null, 22, "192.0.2.1", LATER);
        var other = new org.connwatch.records.Connection(c.observer(), c.transport(), c.state(),
                org.connwatch.records.Endpoint.of("10.0.0.99", 22), c.remote(), c.direction(), c.traffic(),
                c.firstSeen(), c.lastSeen(), null, null, c.enrichment());
        List<Finding> found = new UnknownProgramDetector(hosts).detect(List.of(c, other));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).reason()).startsWith("host 10.0.0.99 is a host unknown to the baseline")
                .contains("now it accepts a connection from 192.0.2.1:51000 over tcp");
        assertThat(new UnknownProgramDetector(Baseline.EMPTY).detect(List.of(other))).isEmpty();
    }

    @Test
    void aChangedHashIsHighAndAnUnchangedOrUnknownOneIsNot() {
        ChangedExecutableDetector d = new ChangedExecutableDetector(baseline);
        List<Finding> found = d.detect(List.of(out(curl(sha('b')), "203.0.113.9", 443, LATER),
                out(curl(sha('b')), "198.51.100.7", 443, LATER)));
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.detector()).isEqualTo("changed-executable");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.connections()).hasSize(2);
        assertThat(f.reason()).isEqualTo("/usr/bin/curl (curl, pid 4242) changed since it was learned: its SHA-256"
                + " is now bbbbbbbbbbbb…, but it was aaaaaaaaaaaa… during learning (2026-11-20 09:00 to 2026-11-21"
                + " 09:00 UTC, 3 connections)");
        assertThat(d.detect(List.of(out(curl(sha('a')), "203.0.113.9", 443, LATER)))).isEmpty();
        assertThat(d.detect(List.of(out(curl(null), "203.0.113.9", 443, LATER)))).isEmpty();
        assertThat(d.detect(List.of(out(proc("sshd", "/usr/sbin/sshd", sha('c')), "192.0.2.1", 22, LATER))))
                .as("sshd's hash was never learned").isEmpty();
        assertThat(d.detect(List.of(out(curl(sha('b')), "127.0.0.1", 443, LATER)))).isEmpty();
        assertThat(new ChangedExecutableDetector(Baseline.EMPTY)
                .detect(List.of(out(curl(sha('b')), "203.0.113.9", 443, LATER)))).isEmpty();
    }

    @Test
    void theDetectorsRunTogetherInAnEngine() {
        List<Detector> all = BaselineDetectors.all(baseline);
        assertThat(all).extracting(Detector::id)
                .containsExactly("new-destination", "new-listener", "unknown-program", "changed-executable");
        List<Finding> found = new DetectionEngine(all).run(List.of(out(curl(sha('b')), "192.0.2.9", 443, LATER),
                out(proc("nc", "/tmp/nc", null), "192.0.2.9", 4444, LATER)));
        assertThat(found).extracting(Finding::detector)
                .containsExactly("changed-executable", "new-destination", "unknown-program");
    }
}
