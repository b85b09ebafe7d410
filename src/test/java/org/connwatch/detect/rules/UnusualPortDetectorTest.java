package org.connwatch.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.outbound;

import org.connwatch.detect.Finding;
import org.connwatch.detect.Records;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class UnusualPortDetectorTest {
    private final UnusualPortDetector detector = UnusualPortDetector.defaults();

    @Test
    void flagsAPublicDestinationOnAnOddPortWithTheFactsInTheReason() {
        Finding f = detector.inspect(outbound(Transport.TCP, "203.0.113.9:4444", AddressClass.PUBLIC, "python3"))
                .orElseThrow();
        assertThat(f.detector()).isEqualTo("unusual-port");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).isEqualTo("python3 (pid 4242) connects to 203.0.113.9:4444 over tcp (a public "
                + "address); port 4444 is not a usual tcp port for outbound traffic (web, DNS, mail, NTP)");
    }

    @Test
    void aPrivateDestinationOnAnOddPortIsLow() {
        assertThat(detector.inspect(outbound(Transport.TCP, "10.0.0.9:9100", AddressClass.PRIVATE, "cups"))
                .orElseThrow().severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void nearMissesAreNotFlagged() {
        // The usual ports, each on its transport.
        assertThat(detector.inspect(outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "curl"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.UDP, "203.0.113.9:443", AddressClass.PUBLIC, "chrome"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.UDP, "203.0.113.9:123", AddressClass.PUBLIC, "chronyd"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.TCP, "203.0.113.9:993", AddressClass.PUBLIC, "mutt"))).isEmpty();
        // NTP is UDP: TCP 123 is odd.
        assertThat(detector.inspect(outbound(Transport.TCP, "203.0.113.9:123", AddressClass.PUBLIC, "x"))).isPresent();
        // Loopback and multicast are local matters; inbound and listening sockets are not outbound traffic.
        assertThat(detector.inspect(outbound(Transport.TCP, "127.0.0.1:5432", AddressClass.LOOPBACK, "psql"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.UDP, "239.255.255.250:1900", AddressClass.MULTICAST, "x")))
                .isEmpty();
        assertThat(detector.inspect(Records.withDirection(
                outbound(Transport.TCP, "203.0.113.9:4444", AddressClass.PUBLIC, "sshd"), Direction.INBOUND))).isEmpty();
    }

    @Test
    void aPortTheProgramUsedWhileLearningIsNotUnusualForIt() {
        var learned = detector.withLearned(c -> c.process() != null && c.process().name().equals("syncthing")
                && c.remote().port() == 22000);
        assertThat(learned.inspect(outbound(Transport.TCP, "203.0.113.9:22000", AddressClass.PUBLIC, "syncthing")))
                .isEmpty();
        assertThat(learned.inspect(outbound(Transport.TCP, "203.0.113.9:22000", AddressClass.PUBLIC, "curl")))
                .as("another program").isPresent();
        assertThat(learned.inspect(outbound(Transport.TCP, "203.0.113.9:4444", AddressClass.PUBLIC, "syncthing")))
                .as("another port").isPresent();
    }
}
