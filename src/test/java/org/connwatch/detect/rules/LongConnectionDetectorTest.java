package org.connwatch.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.lasting;
import static org.connwatch.detect.Records.outbound;

import java.time.Duration;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class LongConnectionDetectorTest {
    private final LongConnectionDetector detector = LongConnectionDetector.defaults();

    @Test
    void flagsAConnectionOpenLongerThanTheThreshold() {
        var c = lasting(outbound(Transport.TCP, "203.0.113.9:8443", AddressClass.PUBLIC, "agent"),
                Duration.ofHours(9).plusMinutes(5));
        assertThat(detector.inspect(c).orElseThrow().reason()).isEqualTo(
                "agent (pid 4242) has kept a connection to 203.0.113.9:8443 over tcp open for 9 h 5 min, longer than 8 h");
    }

    @Test
    void nearMissesAreNotFlagged() {
        var c = outbound(Transport.TCP, "203.0.113.9:8443", AddressClass.PUBLIC, "agent");
        assertThat(detector.inspect(lasting(c, Duration.ofHours(8).minusSeconds(1)))).isEmpty();
        assertThat(detector.inspect(lasting(outbound(Transport.TCP, "127.0.0.1:6379", AddressClass.LOOPBACK, "app"),
                Duration.ofDays(3)))).isEmpty();
    }
}
