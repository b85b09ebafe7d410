package org.connwatch.detect.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

/** The detector groups a history by source and destination and flags only the regular pair. */
class BeaconDetectorTest {
    private static final java.time.Instant T0 = java.time.Instant.parse("2026-11-20T03:00:00Z");

    private static Connection at(long millis, String remote, int sport, long bytes) {
        Endpoint r = Endpoint.of(remote, 443);
        return new Connection(ObserverType.ZEEK, Transport.TCP, ConnectionState.CLOSE, Endpoint.of("10.0.0.5", sport),
                r, Direction.OUTBOUND, Traffic.ofBytes(bytes, 2000), T0.plusMillis(millis),
                T0.plusMillis(millis + 150), null, null, Enrichment.NONE.withRemoteClass(AddressClass.PUBLIC));
    }

    @Test
    void flagsTheRegularPairAndNotTheRandomOneBesideIt() {
        Random r = new Random(7);
        List<Connection> history = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 30; i++) { // every 2 s with ±30 % jitter, 700-byte check-ins
            t += (long) (2000 * (0.7 + 0.6 * r.nextDouble()));
            history.add(at(t, "198.51.100.7", 40000 + i, 700 + r.nextInt(20)));
        }
        long u = 0;
        for (int i = 0; i < 30; i++) { // a person browsing: random gaps, random sizes
            u += (long) (-Math.log(1 - r.nextDouble()) * 2000);
            history.add(at(u, "203.0.113.80", 50000 + i, 500 + r.nextInt(50_000)));
        }

        List<Finding> fs = BeaconDetector.defaults().detect(history);

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.detector()).isEqualTo("beacon");
        assertThat(f.connections()).hasSize(30).allMatch(c -> c.remote().ip().equals("198.51.100.7"));
        assertThat(f.severity()).isIn(Severity.MEDIUM, Severity.HIGH);
        // The generator's mean gap is 2 s; the seeded jitter puts the measured period within a tenth of it.
        assertThat(f.reason()).startsWith("10.0.0.5 checks in with 198.51.100.7:443 over tcp: "
                + "30 connections about every ").containsPattern("every (1\\.9|2\\.0|2\\.1) s");
        assertThat(f.at()).isEqualTo(T0.plusMillis(t + 150));
    }

    @Test
    void aSnapshotWithEachConnectionOnceHasNoBeacon() {
        List<Connection> snapshot = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            snapshot.add(at(0, "198.51.100." + (i + 1), 40000 + i, 700));
        }
        assertThat(BeaconDetector.defaults().detect(snapshot)).isEmpty();
    }
}
