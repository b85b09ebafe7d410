package org.connwatch.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.outbound;

import java.util.List;
import java.util.Set;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class SmtpNotMailserverDetectorTest {
    private final SmtpNotMailserverDetector detector = SmtpNotMailserverDetector.defaults();

    @Test
    void directDeliveryFromAWorkstationIsHigh() {
        Finding f = detector.inspect(outbound(Transport.TCP, "198.51.100.25:25", AddressClass.PUBLIC, "python3"))
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.reason()).isEqualTo("python3 (pid 4242) on 10.0.0.5 sends mail to 198.51.100.25:25 over tcp "
                + "directly (SMTP port 25); this host is not declared a mail server");
    }

    @Test
    void submissionIsLow() {
        assertThat(detector.inspect(outbound(Transport.TCP, "198.51.100.25:587", AddressClass.PUBLIC, "thunderbird"))
                .orElseThrow().severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void nearMissesAreNotFlagged() {
        // A declared mail server, a mail transfer agent, the local MTA on loopback, other ports, UDP.
        SmtpNotMailserverDetector withServer = new SmtpNotMailserverDetector(List.of(Cidr.parse("10.0.0.0/29")),
                Set.of());
        assertThat(withServer.inspect(outbound(Transport.TCP, "198.51.100.25:25", AddressClass.PUBLIC, "x"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.TCP, "198.51.100.25:25", AddressClass.PUBLIC, "smtp"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.TCP, "127.0.0.1:25", AddressClass.LOOPBACK, "cron"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.TCP, "198.51.100.25:2525", AddressClass.PUBLIC, "x"))).isEmpty();
        assertThat(detector.inspect(outbound(Transport.UDP, "198.51.100.25:25", AddressClass.PUBLIC, "x"))).isEmpty();
        // A declared range that does not hold this host does not excuse it.
        SmtpNotMailserverDetector elsewhere = new SmtpNotMailserverDetector(List.of(Cidr.parse("10.0.0.8/29")),
                Set.of());
        assertThat(elsewhere.inspect(outbound(Transport.TCP, "198.51.100.25:25", AddressClass.PUBLIC, "x"))).isPresent();
    }

    @Test
    void aSensorsInternalFlowToTheLansMailServerCountsAsSending() {
        // A network sensor sees a workstation's SMTP to a server on the same LAN as INTERNAL.
        Connection internal = outbound(Transport.TCP, "10.0.0.25:25", AddressClass.PRIVATE, "x")
                .withDirection(Direction.INTERNAL).withProcess(null);
        assertThat(detector.inspect(internal)).hasValueSatisfying(f -> assertThat(f.reason())
                .startsWith("an unknown program on 10.0.0.5 sends mail to 10.0.0.25:25"));
        assertThat(detector.inspect(internal.withDirection(Direction.EXTERNAL))).as("neither end inside").isEmpty();
    }
}
